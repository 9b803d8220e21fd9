/**
 * A run held in memory reads as its directory does: the same rows, line numbers, bytes and
 * sha256 from each log, and an unreadable row refused in the same words, named by the label.
 * Held unhashed (explore's trials), it reads the same but hashes nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unhashedSha256 } from '../../../src/logs/log-file-digest.js';
import { LogReader } from '../../../src/logs/log-reader.js';
import { runInputInMemory, runInputOfDir } from '../../../src/logs/run-input.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

let root = '';
let runDir = '';
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'lamport-run-input-'));
  runDir = join(root, 'run');
  const made = await runCliInProcess(root, ['run', 'trial4', '--duration', '10', '--out', runDir]);
  expect(made.status).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function drained(readers: readonly LogReader[]) {
  return readers.map((reader) => {
    const rows: unknown[] = [];
    for (let row = reader.next(); row !== undefined; row = reader.next()) rows.push({ ...row });
    reader.close();
    return { rows, bytes: reader.bytes, count: reader.rows, sha256: reader.sha256() };
  });
}

function memoryOf(
  dir: string,
  edit: (text: string) => string = (text) => text,
  unhashed: { unhashed?: true } = {},
) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as unknown;
  const logs = [0, 1, 2].map((id) =>
    Buffer.from(edit(readFileSync(join(dir, `machine-${id}.csv`), 'latin1')), 'latin1'),
  );
  return runInputInMemory('held', { manifest, logs, faultsCsv: null, ...unhashed });
}

describe('a run in memory', () => {
  it('reads as its directory: rows, lines, bytes and sha256', () => {
    const fromDir = runInputOfDir(runDir);
    const inMemory = memoryOf(runDir);
    expect(inMemory.files).toEqual(fromDir.files);
    expect(drained(inMemory.openLogs())).toEqual(drained(fromDir.openLogs()));
  });

  it('held unhashed, reads the same rows and bytes, and gives unhashedSha256 as each sha256', () => {
    const hashed = drained(memoryOf(runDir).openLogs());
    const unhashed = drained(memoryOf(runDir, undefined, { unhashed: true }).openLogs());
    expect(unhashed).toEqual(hashed.map((log) => ({ ...log, sha256: unhashedSha256 })));
    expect(hashed.every((log) => log.sha256 !== unhashedSha256)).toBe(true);
  });

  it('reads across chunk boundaries as reads of the file do', () => {
    const path = join(runDir, 'machine-0.csv');
    const bytes = readFileSync(path);
    for (const chunkBytes of [16, 64, 1000]) {
      const fromFile = new LogReader(path, { chunkBytes });
      const fromMemory = new LogReader(path, { chunkBytes, bytes });
      expect(drained([fromMemory])).toEqual(drained([fromFile]));
    }
  });

  it('looks for no directory named by its label: an extra log there refuses only the directory', () => {
    // The label names a directory holding one log more than the manifest lists.
    const labelled = join(root, 'labelled');
    cpSync(runDir, labelled, { recursive: true });
    cpSync(join(runDir, 'machine-0.csv'), join(labelled, 'machine-3.csv'));
    expect(() => runInputOfDir(labelled)).toThrow(/machine-3\.csv is not in the manifest/);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as unknown;
    const logs = [0, 1, 2].map((id) => readFileSync(join(runDir, `machine-${id}.csv`)));
    const inMemory = runInputInMemory(labelled, { manifest, logs, faultsCsv: null });
    expect(inMemory.files).toEqual(runInputOfDir(runDir).files);
  });

  it('refuses an unreadable row as the file is refused, named by its label', () => {
    const broken = memoryOf(runDir, (text) => text.replace(/\n0,3,/, '\n0,x,'));
    expect(() => drained(broken.openLogs())).toThrow(/^held\/machine-0\.csv:4: /);
  });
});
