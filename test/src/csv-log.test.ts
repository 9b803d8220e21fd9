/**
 * The CSV log sink's file handling at the edges: a file that cannot be created fails the
 * constructor with the system's error and leaves no file descriptor open behind it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvLogSink } from '../../src/csv-log.js';

const procFd = '/proc/self/fd';
let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'lamport-csv-log-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe.runIf(existsSync(procFd))('CsvLogSink', () => {
  it('closes the logs it opened when a later one cannot be created', () => {
    // machine-2.csv is a directory, so opening it for writing fails.
    mkdirSync(join(directory, 'machine-2.csv'));
    const before = readdirSync(procFd).length;
    expect(() => new CsvLogSink(directory, 4)).toThrow(/EISDIR/);
    expect(readdirSync(procFd).length).toBe(before);
  });
});
