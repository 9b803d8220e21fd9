/**
 * Goal: a file the user asked for is replaced whole or not at all: a failed write leaves the
 * earlier file as it was, a finished one leaves no temporary file, and a link is written through.
 * Method: real files in a fresh temp dir; the failure is a directory standing where the
 * temporary file would go, which no write can get past.
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { writeOutputFile } from '../../../src/common/output-file.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamport-output-file-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeOutputFile', () => {
  it('replaces the file whole and leaves no temporary file beside it', () => {
    const path = join(dir, 'report.html');
    writeFileSync(path, 'the earlier page');
    writeOutputFile(path, 'the new page');
    expect(readFileSync(path, 'utf8')).toBe('the new page');
    expect(readdirSync(dir)).toEqual(['report.html']);
  });

  it('leaves the earlier file whole when the write fails, and names the file', () => {
    const path = join(dir, 'report.html');
    writeFileSync(path, 'the earlier page');
    mkdirSync(`${path}.${process.pid}-${threadId}.partial`);
    let caught: unknown;
    try {
      writeOutputFile(path, 'the new page');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as Error).message).toMatch(/^.*report\.html: cannot write it: /);
    expect(readFileSync(path, 'utf8')).toBe('the earlier page');
  });

  it('writes through a symbolic link, which stays a link', () => {
    const target = join(dir, 'elsewhere.html');
    writeFileSync(target, 'old');
    const link = join(dir, 'report.html');
    symlinkSync(target, link);
    writeOutputFile(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');
  });
});
