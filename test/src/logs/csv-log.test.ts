/**
 * The CSV log sink's file handling at the edges: a file that cannot be created fails the
 * constructor with the system's error and leaves no file descriptor open behind it; a write
 * that fails is reported with its file's name; and writing on the log writer thread gives the
 * same bytes and digests as writing in place, for few machines, for broadcasts too long to sit
 * in a machine's buffer, and for more files than are held open.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StepEvent } from '../../../core/index.js';
import { CsvLogSink } from '../../../src/logs/csv-log.js';
import { heldOpenFilesMax } from '../../../src/common/open-files.js';
import { teeSinks } from '../../../src/logs/run-stats.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../../../src/scenario/resolve.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { runVirtual } from '../../../transports/virtual/simulation.js';

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

describe('CsvLogSink on the log writer thread', () => {
  it.each([
    { machines: 3, durationSec: 20_000 },
    { machines: 70, durationSec: 120 },
    { machines: heldOpenFilesMax + 44, durationSec: 30 },
  ])('writes what writing in place writes: $machines machines', ({ machines, durationSec }) => {
    const loaded = loadScenario('default', { values: { machines, durationSec }, flags: {} });
    const config = toRunConfig(resolveScenario(loaded, 7));
    const inPlaceDir = join(directory, 'in-place');
    const offThreadDir = join(directory, 'off-thread');
    mkdirSync(inPlaceDir);
    mkdirSync(offThreadDir);
    const inPlace = new CsvLogSink(inPlaceDir, machines);
    const offThread = new CsvLogSink(offThreadDir, machines, { offThread: true });
    runVirtual(config, {
      sink: teeSinks([inPlace, offThread]),
      rngFor: seededRngFactory(config.seed),
    });
    const inPlaceDigests = inPlace.close();
    const offThreadDigests = offThread.close();
    expect(offThreadDigests).toEqual(inPlaceDigests);
    for (const digest of offThreadDigests) {
      const bytes = readFileSync(join(offThreadDir, digest.file));
      expect(bytes.equals(readFileSync(join(inPlaceDir, digest.file))), digest.file).toBe(true);
      expect(createHash('sha256').update(bytes).digest('hex'), digest.file).toBe(digest.sha256);
      expect(bytes.length, digest.file).toBe(digest.bytes);
    }
    // Enough rows that full buffers went over, not only what close() flushed.
    expect(inPlaceDigests.reduce((total, digest) => total + digest.bytes, 0)).toBeGreaterThan(
      1 << 20,
    );
  });
});

describe.runIf(existsSync('/dev/full') && existsSync(procFd))('CsvLogSink on a full disk', () => {
  it.each([false, true])(
    'names the file a write failed for, and closes every file (off thread: %s)',
    (offThread) => {
      // machine-1.csv is /dev/full: it opens, and every write to it fails with ENOSPC.
      symlinkSync('/dev/full', join(directory, 'machine-1.csv'));
      const before = readdirSync(procFd).length;
      const sink = new CsvLogSink(directory, 3, { offThread });
      const event = new StepEvent();
      event.kind = 'internal';
      for (let seq = 1; seq <= 10; seq += 1) {
        event.seq = seq;
        event.clock = seq;
        for (let id = 0; id < 3; id += 1) sink.record(id, seq * 1000, event);
      }
      expect(() => sink.close()).toThrow(/ENOSPC.*machine-1\.csv/);
      expect(readdirSync(procFd).length).toBe(before);
      // The files after the failed one are written out all the same: header, 10 rows, newline.
      for (const file of ['machine-0.csv', 'machine-2.csv']) {
        expect(readFileSync(join(directory, file), 'utf8').split('\n'), file).toHaveLength(12);
      }
    },
  );
});
