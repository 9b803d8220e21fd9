/**
 * Goal: a TCP run's faults.csv is its two parts (the launcher's and the router's) merged in time
 * order, the launcher's rows first at an equal time and each part's own order kept; an absent
 * part is empty; the parts are gone after; and the counts the manifest states come from the
 * merged rows, with the digest of the very bytes written.
 * Method: parts written with faults.csv's own row writer into a temp directory, then assembled.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  assembleFaultsCsv,
  launcherFaultsPartName,
  routerFaultsPartName,
} from '../../../src/logs/faults-assembly.js';
import { faultRowLine, faultsHeaderLine } from '../../../src/logs/faults-format.js';
import type { FaultEvidence } from '../../../transports/fault-config.js';
import { allMachines, faultList, secUs, wholeRun } from '../../helpers/faulted-run.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamport-lab-assembly-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const faults = faultList([
  {
    kind: 'loss',
    p: { numerator: 1, denominator: 2 },
    from: allMachines(3),
    to: allMachines(3),
    ...wholeRun,
  },
  { kind: 'crash', machine: 1, atUs: secUs(1), inbox: 'drop' },
  { kind: 'restart', machine: 1, atUs: secUs(2), clock: { kind: 'reset' } },
  { kind: 'duplicate', p: { numerator: 1, denominator: 2 }, from: [0], to: [2], ...wholeRun },
]);

function writePart(name: string, rows: readonly FaultEvidence[]): void {
  const lines = rows.map((row) => faultRowLine(row, faults)).join('');
  writeFileSync(join(dir, name), faultsHeaderLine + lines);
}

const copy = { receiverId: 2, senderId: 0, sendSeq: 4 };

describe('assembleFaultsCsv', () => {
  it('merges the parts in time order, the launcher first at a tie, and counts the rows', () => {
    writePart(routerFaultsPartName, [
      { action: 'drop', timeUs: secUs(1), faultIndex: 0, reason: 'loss', ...copy },
      { action: 'duplicate', timeUs: secUs(0.5), faultIndex: 3, ...copy, sendSeq: 3 },
      { action: 'drop', timeUs: secUs(2.5), faultIndex: 0, reason: 'loss', ...copy, sendSeq: 7 },
    ]);
    writePart(launcherFaultsPartName, [
      { action: 'crash', timeUs: secUs(1), faultIndex: 1, machine: 1, queued: 0 },
      {
        action: 'restart',
        timeUs: secUs(2),
        faultIndex: 2,
        machine: 1,
        clockBefore: 3,
        clockAfter: 0,
      },
    ]);
    const assembled = assembleFaultsCsv(dir, faults.length, 3);
    const text = readFileSync(join(dir, 'faults.csv'), 'latin1');
    expect(text.split('\n').map((line) => line.split(',').slice(0, 2).join(' '))).toEqual([
      'time_ms fault',
      '500 duplicate',
      '1000 crash',
      '1000 drop',
      '2000 restart',
      '2500 drop',
      '',
    ]);
    expect(existsSync(join(dir, routerFaultsPartName))).toBe(false);
    expect(existsSync(join(dir, launcherFaultsPartName))).toBe(false);
    expect(assembled.digest).toEqual({
      file: 'faults.csv',
      sha256: createHash('sha256').update(text, 'latin1').digest('hex'),
      bytes: Buffer.byteLength(text, 'latin1'),
      rows: 5,
    });
    expect(assembled.fired).toEqual([2, 1, 1, 1]);
    expect(assembled.duplicated).toBe(1);
    expect(assembled.droppedBy).toEqual({ loss: 2, partition: 0, crash: 0 });
    expect(assembled.droppedTo).toEqual([0, 0, 2]);
    expect(assembled.duplicatedTo).toEqual([0, 0, 1]);
    expect(assembled.restarts).toEqual([0, 1, 0]);
  });

  it('takes an absent part (no launcher rows) as empty, and no part at all as a bare header', () => {
    writePart(routerFaultsPartName, [
      { action: 'drop', timeUs: secUs(1), faultIndex: 0, reason: 'loss', ...copy },
    ]);
    expect(assembleFaultsCsv(dir, faults.length, 3).digest.rows).toBe(1);
    rmSync(join(dir, 'faults.csv'));
    const none = assembleFaultsCsv(dir, faults.length, 3);
    expect(readFileSync(join(dir, 'faults.csv'), 'latin1')).toBe(faultsHeaderLine);
    expect(none.digest.rows).toBe(0);
    expect(none.fired).toEqual([0, 0, 0, 0]);
  });
});
