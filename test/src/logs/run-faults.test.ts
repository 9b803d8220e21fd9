/**
 * Goal: readRunFaults turns faults.csv and the manifest's fault list into what the pictures draw:
 * spans (partition start→heal, pause→resume, crash→restart, open ones to the run's end), marks
 * (crash, restart with its two clocks, rate), the copies touched, and fired counts per fault
 * (0 for one that never fired); a run without faults.csv gives null; bad input is one line.
 * Method: the hand-made faults of fault-fixture.ts on a copied real run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { unhashedSha256 } from '../../../src/logs/log-file-digest.js';
import { readRunFaults, runFaultsOfFiles } from '../../../src/logs/run-faults.js';
import { useCopiedRun } from '../../helpers/copied-run.js';
import { addFixtureFaults, fixtureFaults } from '../../helpers/fault-fixture.js';

const workDir = useCopiedRun('run-faults');
const runDir = () => join(workDir(), 'run');
const endUs = 10_000_000;

describe('readRunFaults', () => {
  it('is null for a run without faults.csv', () => {
    expect(readRunFaults(runDir(), endUs, null)).toBeNull();
  });

  it('makes spans, marks, copies and fired counts from faults.csv', () => {
    addFixtureFaults(runDir());
    const faults = readRunFaults(runDir(), endUs, null);
    expect(faults).not.toBeNull();
    if (faults === null) return;
    expect(faults.faults.map((fault) => fault.kind)).toEqual(fixtureFaults.map((f) => f.kind));
    expect(faults.faults.map((fault) => fault.fired)).toEqual([2, 1, 2, 1, 2, 1, 1, 1, 1, 0]);
    expect(faults.spans).toEqual([
      expect.objectContaining({
        kind: 'pause',
        machine: 2,
        fromUs: 2_500_000,
        untilUs: 3_500_000,
        missedTicks: 1,
        open: false,
      }),
      expect.objectContaining({
        kind: 'partition',
        groups: '0|1+2',
        fromUs: 4_000_000,
        untilUs: 6_000_000,
        open: false,
      }),
      expect.objectContaining({
        kind: 'down',
        machine: 1,
        fromUs: 5_200_000,
        untilUs: 7_200_000,
        restartIndex: 3,
      }),
    ]);
    expect(faults.marks).toEqual([
      expect.objectContaining({ kind: 'crash', machine: 1, timeUs: 5_200_000, inbox: 'drop' }),
      expect.objectContaining({
        kind: 'restart',
        machine: 1,
        timeUs: 7_200_000,
        rule: 'reset',
        clockBefore: 14,
        clockAfter: 0,
      }),
      expect.objectContaining({ kind: 'rate', machine: 0, timeUs: 9_000_000, fromHz: 3, toHz: 1 }),
    ]);
    expect(faults.copies.filter((copy) => copy.action === 'drop')).toEqual([
      expect.objectContaining({
        msgId: '0-9',
        sender: 0,
        receiver: 2,
        reason: 'loss',
        timeUs: 3_000_000,
      }),
      expect.objectContaining({
        msgId: '0-18',
        sender: 0,
        receiver: 1,
        reason: 'crash',
        timeUs: 6_000_000,
      }),
    ]);
  });

  it('lets a span that never closed last to the run end', () => {
    addFixtureFaults(runDir());
    const path = join(runDir(), 'faults.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, lines.filter((line) => !/partition-heal|,restart,/.test(line)).join('\n'));
    const faults = readRunFaults(runDir(), endUs, null);
    expect(faults?.spans.filter((span) => span.open)).toEqual([
      expect.objectContaining({ kind: 'partition', fromUs: 4_000_000, untilUs: endUs }),
      expect.objectContaining({
        kind: 'down',
        machine: 1,
        fromUs: 5_200_000,
        untilUs: endUs,
        restartIndex: null,
      }),
    ]);
  });

  it.each([
    [
      'a row naming a fault not listed',
      (csv: string) => csv.replace('index=8', 'index=12'),
      /faults\.csv:\d+: detail: expected index=0\.\.9 .*got index=12/,
    ],
    [
      'an unknown action',
      (csv: string) => csv.replace(',rate,', ',meltdown,'),
      /faults\.csv:\d+: fault: expected one of .*got "meltdown"/,
    ],
    [
      'a bad header',
      (csv: string) => csv.replace('time_ms', 'when'),
      /faults\.csv:1: expected the header/,
    ],
  ])('refuses %s in one line', (_name, edit, message) => {
    addFixtureFaults(runDir());
    const path = join(runDir(), 'faults.csv');
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    expect(() => readRunFaults(runDir(), endUs, null)).toThrow(InputError);
    expect(() => readRunFaults(runDir(), endUs, null)).toThrow(message);
  });

  it("ignores a faults.csv beside the logs of a run without faults: the user's file, not the run's", () => {
    // `run --out DIR --force` keeps a file it did not write; check ignores it, and so must the
    // readers of a run's faults (analyze, report, view, exports).
    writeFileSync(join(runDir(), 'faults.csv'), 'mine\n');
    expect(readRunFaults(runDir(), endUs, null)).toBeNull();
  });

  it('refuses a run whose manifest names faults but whose faults.csv is gone, as check does', () => {
    addFixtureFaults(runDir());
    rmSync(join(runDir(), 'faults.csv'));
    expect(() => readRunFaults(runDir(), endUs, null)).toThrow(
      new InputError(
        `${join(runDir(), 'faults.csv')}: expected the fault evidence of a run whose manifest lists faults (scenario.faults), got no such file`,
      ),
    );
  });

  it('refuses faults.csv beside a manifest without the fault list, or with no manifest', () => {
    addFixtureFaults(runDir());
    const manifestPath = join(runDir(), 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    delete manifest.faults;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(() => readRunFaults(runDir(), endUs, null)).toThrow(
      /manifest\.json: faults: expected the list of faults/,
    );
    rmSync(manifestPath);
    expect(() => readRunFaults(runDir(), endUs, null)).toThrow(/manifest\.json: no such file/);
  });
});

describe('runFaultsOfFiles (a run held in memory, as analyze reads one)', () => {
  it('holds faults.csv to its digest in the manifest, or to the unhashed one a run in memory states', () => {
    addFixtureFaults(runDir());
    const manifest = JSON.parse(readFileSync(join(runDir(), 'manifest.json'), 'utf8'));
    const csv = readFileSync(join(runDir(), 'faults.csv'));
    const entry = {
      file: 'faults.csv',
      sha256: createHash('sha256').update(csv).digest('hex'),
      bytes: csv.length,
      rows: csv.toString('latin1').split('\n').length - 2,
    };
    const files = { runDir: 'in-memory', csv, manifest, recorded: [entry], hashed: true };
    expect(runFaultsOfFiles(files, endUs)?.faults).toHaveLength(fixtureFaults.length);
    const edited = Buffer.from(csv.toString('latin1').replace('reason=loss', 'reason=boom'));
    expect(() => runFaultsOfFiles({ ...files, csv: edited }, endUs)).toThrow(
      /^in-memory\/faults\.csv: expected the log the manifest describes \(its sha256\), got another/,
    );
    expect(() => runFaultsOfFiles({ ...files, csv: null }, endUs)).toThrow(
      /^in-memory\/faults\.csv: expected the fault evidence .* got no such file$/,
    );
    const unhashed = { ...files, recorded: [{ ...entry, sha256: unhashedSha256 }], hashed: false };
    expect(runFaultsOfFiles(unhashed, endUs)?.faults).toHaveLength(fixtureFaults.length);
    // Held to nothing (view): the edited file is read as it is.
    expect(runFaultsOfFiles({ ...files, csv: edited, recorded: null }, endUs)).not.toBeNull();
  });
});
