/**
 * Goal: reading many logs at once stays within bounded memory and file descriptors, and gives
 * the same rows and sha256 however it reads: chunks of any size, the file held open or opened
 * for each chunk. Method: one real run's logs are read every way and compared; the sizing rule
 * is checked at its edges.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogReader, logChunkBytesMax } from '../../../src/logs/log-reader.js';
import type { ParsedLogRow } from '../../../src/logs/log-row.js';
import { rowPoolDepth } from '../../../src/logs/row-bytes.js';
import { logReaderOptions } from '../../../src/logs/run-logs.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';

let workDir: string;
let logPath: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-run-logs-'));
  const loaded = loadScenario('trial2', { values: { durationSec: 120 }, flags: {} });
  await executeRun({
    scenario: resolveScenario(loaded, loaded.file.seed ?? 1),
    outDir: workDir,
    force: false,
  });
  logPath = join(workDir, 'machine-1.csv');
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function readAll(reader: LogReader): { rows: ParsedLogRow[]; sha256: string; bytes: number } {
  const rows: ParsedLogRow[] = [];
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) rows.push(row);
  } finally {
    reader.close();
  }
  return { rows, sha256: reader.sha256(), bytes: reader.bytes };
}

describe('LogReader', () => {
  it('reads the same rows and sha256 with any chunk size, held open or not', () => {
    const expected = readAll(new LogReader(logPath));
    expect(expected.rows.length).toBeGreaterThan(500);
    for (const chunkBytes of [1, 7, 64, 1000, 16 << 10]) {
      for (const holdOpen of [true, false]) {
        expect(readAll(new LogReader(logPath, { chunkBytes, holdOpen }))).toEqual(expected);
      }
    }
  });
});

describe('LogReader with reused rows', () => {
  it('reads the same rows, each intact until rowPoolDepth more rows are read', () => {
    const expected = readAll(new LogReader(logPath)).rows;
    const reader = new LogReader(logPath, { reuseRows: true, chunkBytes: 1000 });
    const copy = (row: ParsedLogRow): ParsedLogRow =>
      row.kind === 'send' ? { ...row, receiverIds: [...row.receiverIds] } : { ...row };
    const recent: { row: ParsedLogRow; copy: ParsedLogRow }[] = [];
    let index = 0;
    try {
      for (let row = reader.next(); row !== undefined; row = reader.next()) {
        expect(row).toEqual(expected[index]);
        index += 1;
        recent.push({ row, copy: copy(row) });
        // Every row among the last rowPoolDepth read still reads as it was read.
        for (const entry of recent.slice(-rowPoolDepth)) expect(entry.row).toEqual(entry.copy);
        if (recent.length > 6 * rowPoolDepth) recent.shift();
      }
    } finally {
      reader.close();
    }
    expect(index).toBe(expected.length);
  });
});

describe('logReaderOptions', () => {
  it('gives a few logs the largest chunk and keeps them open', () => {
    expect(logReaderOptions(3)).toEqual({ chunkBytes: logChunkBytesMax, holdOpen: true });
  });

  it('shares 32 MiB among many logs, 16 KiB at least, and closes them between chunks', () => {
    expect(logReaderOptions(256)).toEqual({ chunkBytes: 128 << 10, holdOpen: true });
    expect(logReaderOptions(257).holdOpen).toBe(false);
    expect(logReaderOptions(2048).chunkBytes).toBe(16 << 10);
    expect(logReaderOptions(4000).chunkBytes).toBe(16 << 10);
    expect(logReaderOptions(10_000)).toEqual({ chunkBytes: 16 << 10, holdOpen: false });
  });
});
