/**
 * Goal: the record of what lamport-lab wrote attributes a file only while it is listed with the
 * same bytes, is written whole with sorted keys, is never trusted when it is not ours, and removal
 * by it never reaches a file or directory of the user's, nor through a link.
 * Method: owned-files.ts in process, in a fresh temp directory per test.
 */
import {
  existsSync,
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
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import {
  makeOwnedDirectory,
  makeOwnedSubdirectory,
  ownedRecordFileName,
  ownershipOf,
  removeOwnedFiles,
  writeOwnedFile,
} from '../../../src/logs/owned-files.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamport-owned-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the record of what lamport-lab wrote', () => {
  it('attributes a file only while it is listed with the bytes written', () => {
    const path = join(dir, 'machine-0.csv');
    expect(ownershipOf(path).kind).toBe('absent');
    writeOwnedFile(path, 'ours\n');
    expect(ownershipOf(path).kind).toBe('ours');
    writeFileSync(path, 'ours, edited\n');
    expect(ownershipOf(path)).toEqual({
      kind: 'theirs',
      why: 'a file changed since lamport-lab wrote it',
    });
    // Same size, other bytes: the hash decides, not the size.
    writeFileSync(path, 'OURS\n');
    expect(ownershipOf(path).kind).toBe('theirs');
    // Named like ours, never listed.
    writeFileSync(join(dir, 'machine-1.csv'), 'ours\n');
    expect(ownershipOf(join(dir, 'machine-1.csv')).kind).toBe('theirs');
  });

  it('is the same bytes whatever order the files were written in', () => {
    const first = join(dir, 'a');
    const second = join(dir, 'b');
    mkdirSync(first);
    mkdirSync(second);
    for (const name of ['summary.json', 'machine-0.csv', 'manifest.json']) {
      writeOwnedFile(join(first, name), `${name}\n`);
    }
    for (const name of ['manifest.json', 'summary.json', 'machine-0.csv']) {
      writeOwnedFile(join(second, name), `${name}\n`);
    }
    const text = readFileSync(join(first, ownedRecordFileName), 'utf8');
    expect(readFileSync(join(second, ownedRecordFileName), 'utf8')).toBe(text);
    expect(Object.keys(JSON.parse(text).files)).toEqual([
      'machine-0.csv',
      'manifest.json',
      'summary.json',
    ]);
    // Written beside and renamed: nothing is left behind.
    expect(readdirSync(first).sort()).toEqual([
      ownedRecordFileName,
      'machine-0.csv',
      'manifest.json',
      'summary.json',
    ]);
  });

  it('refuses a record that is not ours, in one line naming it, and writes nothing', () => {
    writeFileSync(join(dir, ownedRecordFileName), '{"files": {"notes.txt": {}}}\n');
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    expect(() => writeOwnedFile(join(dir, 'report.html'), 'page')).toThrow(InputError);
    expect(() => writeOwnedFile(join(dir, 'report.html'), 'page')).toThrow(
      `${join(dir, ownedRecordFileName)}: expected lamport-lab's record of the files it wrote there`,
    );
    expect(() => removeOwnedFiles(dir)).toThrow(InputError);
    expect(readdirSync(dir).sort()).toEqual([ownedRecordFileName, 'notes.txt']);
  });
});

describe('removing what lamport-lab wrote', () => {
  it('removes its own files and the empty directories it made, nothing else', () => {
    const out = join(dir, 'out');
    makeOwnedDirectory(out, '--out');
    writeOwnedFile(join(out, 'report.html'), 'ours');
    writeOwnedFile(join(out, 'edited.md'), 'ours');
    writeFileSync(join(out, 'edited.md'), 'edited by the user');
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const charts = makeOwnedSubdirectory(out, 'charts', '--out');
    writeOwnedFile(join(charts, 'clock.svg'), '<svg/>');
    const figures = makeOwnedSubdirectory(out, 'figures', '--out');
    writeOwnedFile(join(figures, 'a.svg'), '<svg/>');
    writeFileSync(join(figures, 'mine.svg'), '<svg>mine</svg>');
    // A listed file the user replaced by a link to their own file: the link is theirs.
    writeFileSync(join(dir, 'precious.txt'), 'precious');
    writeOwnedFile(join(out, 'linked.txt'), 'ours');
    rmSync(join(out, 'linked.txt'));
    symlinkSync(join(dir, 'precious.txt'), join(out, 'linked.txt'));
    removeOwnedFiles(out);
    expect(readdirSync(out).sort()).toEqual([
      ownedRecordFileName,
      'edited.md',
      'figures',
      'linked.txt',
      'notes.txt',
    ]);
    expect(existsSync(charts)).toBe(false);
    expect(readdirSync(figures).sort()).toEqual([ownedRecordFileName, 'mine.svg']);
    expect(readFileSync(join(out, 'edited.md'), 'utf8')).toBe('edited by the user');
    expect(readFileSync(join(dir, 'precious.txt'), 'utf8')).toBe('precious');
  });

  it('never removes a directory it did not make, even emptied, nor one reached by a link', () => {
    const out = join(dir, 'out');
    mkdirSync(join(out, 'charts'), { recursive: true });
    makeOwnedSubdirectory(out, 'charts', '--out');
    writeOwnedFile(join(out, 'charts', 'clock.svg'), '<svg/>');
    removeOwnedFiles(out);
    expect(readdirSync(join(out, 'charts'))).toEqual([]);
    // A directory of ours replaced by a link elsewhere: not followed, though what is there
    // would be ours if reached (it was written by lamport-lab).
    mkdirSync(join(dir, 'theirs'));
    writeOwnedFile(join(dir, 'theirs', 'clock.svg'), '<svg/>');
    makeOwnedSubdirectory(out, 'figures', '--out');
    writeOwnedFile(join(out, 'figures', 'clock.svg'), '<svg/>');
    rmSync(join(out, 'figures'), { recursive: true });
    symlinkSync(join(dir, 'theirs'), join(out, 'figures'));
    removeOwnedFiles(out);
    expect(readFileSync(join(dir, 'theirs', 'clock.svg'), 'utf8')).toBe('<svg/>');
  });
});
