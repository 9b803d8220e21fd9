/**
 * Goal: an earlier run set aside for a --force run comes back byte for byte (its record too, its
 * charts/ untouched, the user's files untouched) when the new run does not start, and once it
 * starts is removed exactly as removeOwnedFiles removes it (the same files and record left).
 * Method: previous-run.ts in process, in a fresh temp directory per test, against a twin
 * directory cleared by removeOwnedFiles.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  makeOwnedDirectory,
  makeOwnedSubdirectory,
  removeOwnedFiles,
  writeOwnedFile,
} from '../../../src/logs/owned-files.js';
import { PreviousRun } from '../../../src/logs/previous-run.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'lamport-previous-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Every file under `directory` (hidden ones and subdirectories too) with its text. */
function treeOf(directory: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    tree[path.slice(directory.length + 1)] = readFileSync(path, 'latin1');
  }
  return tree;
}

/** A run's directory as a user may have it: our logs, manifest and charts/, and their notes. */
function earlierRun(name: string): string {
  const directory = join(root, name);
  makeOwnedDirectory(directory, '--out');
  for (const file of ['machine-0.csv', 'machine-1.csv', 'manifest.json'])
    writeOwnedFile(join(directory, file), `${file} of the earlier run\n`);
  writeOwnedFile(join(makeOwnedSubdirectory(directory, 'charts', '--out'), 'a.svg'), '<svg/>\n');
  writeFileSync(join(directory, 'notes.txt'), "the user's\n");
  return directory;
}

describe('an earlier run set aside for a --force run', () => {
  it('comes back byte for byte, record included, when the new run does not start', () => {
    const directory = earlierRun('run');
    const before = treeOf(directory);
    const previous = PreviousRun.setAside(directory);
    // The new run's machines create their logs (header only) before the start fails.
    writeFileSync(join(directory, 'machine-0.csv'), 'header\n');
    writeFileSync(join(directory, 'machine-1.csv'), 'header\n');
    previous.restore(['machine-0.csv', 'machine-1.csv', 'manifest.json']);
    expect(treeOf(directory)).toEqual(before);
    expect(readdirSync(directory).some((name) => name.startsWith('.lamport-lab-previous'))).toBe(
      false,
    );
  });

  it('once the new run started, leaves what removeOwnedFiles leaves', () => {
    const directory = earlierRun('run');
    const twin = join(root, 'twin');
    cpSync(directory, twin, { recursive: true });
    PreviousRun.setAside(directory).discard();
    removeOwnedFiles(twin);
    expect(treeOf(directory)).toEqual(treeOf(twin));
    expect(readdirSync(directory).sort()).toEqual(['.lamport-lab.json', 'notes.txt']);
  });
});
