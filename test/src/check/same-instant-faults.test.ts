/**
 * Goal: every pair of state changes validation lets meet at one instant on one machine (a crash
 * and a restart, a pause's end and a crash, a restart and a pause's start, a rate step with a
 * crash or a restart, a partition starting or healing at a crash or a restart) runs, and `check`
 * of the run passes: the simulator and check agree on docs/FAULTS.md's order within an instant.
 * Before, check paired a crash only with a restart strictly after it (a crash and a restart at
 * one time left the machine "down until the end"), ranked every crash before every restart at
 * one instant (a restart listed before a crash there), and ran a pause's missed ticks at its end
 * even when a crash at that instant had taken the machine down.
 * Method: each scenario is built here and run in this process with `run --check`; machine 1
 * ticks at 2 Hz (a grid tick falls on the instant), machine 2 at 3 Hz (none does), under a
 * constant and a varying latency. The exact rows of two cases are stated by hand below.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-same-instant-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const cli = cliIn(() => workDir);

type Fault = Record<string, unknown>;
const crash = (machine: number, atSec: number, inbox = 'drop'): Fault => ({
  kind: 'crash',
  machine,
  atSec,
  inbox,
});
const restart = (machine: number, atSec: number, clock: unknown = 'persisted'): Fault => ({
  kind: 'restart',
  machine,
  atSec,
  clock,
});
const pause = (machine: number, atSec: number, untilSec: number): Fault => ({
  kind: 'pause',
  machine,
  atSec,
  untilSec,
});
const rate = (machine: number, atSec: number, rateHz: number): Fault => ({
  kind: 'rate',
  machine,
  atSec,
  rateHz,
});
const partition = (atSec: number, untilSec: number): Fault => ({
  kind: 'partition',
  groups: [[0], [1, 2]],
  atSec,
  untilSec,
});

/** The combinations at T = 2 s on machine m, in list order (which orders one instant). */
function combinations(m: number): [string, Fault[]][] {
  const t = 2;
  return [
    ['crash + restart (persisted)', [crash(m, t), restart(m, t)]],
    ['crash keep + restart', [crash(m, t, 'keep'), restart(m, t)]],
    ['crash + restart (reset)', [crash(m, t), restart(m, t, 'reset')]],
    ['crash + restart (lease)', [crash(m, t), restart(m, t, { lease: 5 })]],
    ['crash + restart at 0', [crash(m, 0), restart(m, 0)]],
    ['restart, then crash again', [crash(m, 1), restart(m, t), crash(m, t), restart(m, 3)]],
    ['restart, then crash for good', [crash(m, 1), restart(m, t), crash(m, t)]],
    ['pause end + crash (pause listed first)', [pause(m, 1, t), crash(m, t)]],
    ['pause end + crash (crash listed first)', [crash(m, t), pause(m, 1, t)]],
    ['pause end + crash keep', [pause(m, 1, t), crash(m, t, 'keep')]],
    ['pause end + crash, restart later', [pause(m, 1, t), crash(m, t), restart(m, 3)]],
    ['pause end + crash + restart', [pause(m, 1, t), crash(m, t), restart(m, t)]],
    ['crash + restart + pause end', [crash(m, t), restart(m, t), pause(m, 1, t)]],
    ['crash + restart + pause start', [crash(m, t), restart(m, t), pause(m, t, 3)]],
    ['pause start + crash + restart', [pause(m, t, 3), crash(m, t), restart(m, t)]],
    ['restart + pause start', [crash(m, 1), restart(m, t), pause(m, t, 3)]],
    ['pause start + restart', [crash(m, 1), pause(m, t, 3), restart(m, t)]],
    ['rate + crash', [rate(m, t, 3), crash(m, t)]],
    ['crash + rate', [crash(m, t), rate(m, t, 3)]],
    ['crash + rate, restart later', [crash(m, t), rate(m, t, 3), restart(m, 3)]],
    ['rate + restart', [crash(m, 1), rate(m, t, 3), restart(m, t)]],
    ['restart + rate', [crash(m, 1), restart(m, t), rate(m, t, 3)]],
    ['rate while down', [crash(m, 1), rate(m, 1.5, 3), restart(m, t)]],
    ['crash + restart + rate', [crash(m, t), restart(m, t), rate(m, t, 3)]],
    ['pause end + rate', [pause(m, 1, t), rate(m, t, 3)]],
    ['rate + pause start', [rate(m, t, 3), pause(m, t, 3)]],
    ['partition start at a crash', [crash(m, t), partition(t, 3)]],
    ['partition heal at a crash', [partition(1, t), crash(m, t)]],
    ['partition start at a restart', [crash(m, 1), restart(m, t), partition(t, 3)]],
    ['partition heal at a restart', [partition(1, t), crash(m, 1), restart(m, t)]],
    ['partition start at a crash + restart', [partition(t, 3), crash(m, t), restart(m, t)]],
  ];
}

const latencies = {
  constant: { kind: 'constant', ms: 0 },
  varying: { kind: 'uniform', minMs: 0, maxMs: 400 },
} as const;

let runs = 0;
/** Runs the scenario with `--check`; its directory, exit status and output. */
async function runChecked(faults: Fault[], latency: keyof typeof latencies = 'constant') {
  runs += 1;
  const file = join(workDir, `s${runs}.json`);
  const scenario = {
    seed: 7,
    rates: [4, 2, 3],
    internalProbability: 0.5,
    durationSec: 5,
    latency: latencies[latency],
    faults,
  };
  writeFileSync(file, JSON.stringify(scenario));
  const out = join(workDir, `run${runs}`);
  const result = await cli('run', file, '--check', '--quiet', '--out', out);
  return { out, ...result };
}

describe('state changes of one machine at one instant', () => {
  for (const machine of [1, 2]) {
    for (const [name, faults] of combinations(machine)) {
      for (const latency of ['constant', 'varying'] as const) {
        it(`machine ${machine}: ${name} (${latency} latency): check passes`, async () => {
          const result = await runChecked(faults, latency);
          expect(result.stderr + result.stdout).not.toContain('FAILED');
          expect(result.status).toBe(0);
        });
      }
    }
  }
});

/** Machine `m`'s rows from `fromMs` to `toMs`, as "time:event:clock". */
function rowsOf(out: string, m: number, fromMs: number, toMs: number): string[] {
  return readFileSync(join(out, `machine-${m}.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter((cells) => Number(cells[3]) >= fromMs && Number(cells[3]) <= toMs)
    .map((cells) => `${cells[3]}:${cells[2]}:${cells[4]}`);
}

describe('what the simulator does at those instants (docs/FAULTS.md)', () => {
  it('a crash and a restart at one instant: the restart row, then the grid strictly after', async () => {
    const result = await runChecked([crash(1, 2), restart(1, 2)]);
    expect(result.status).toBe(0);
    // Machine 1 ticks at 2 Hz: its tick at 2 s belongs to the restart.
    const rows = rowsOf(result.out, 1, 1500, 2500).map((row) =>
      row.includes(':restart:') ? row.replace(/:\d+$/, '') : `${row.split(':')[0]}:tick`,
    );
    expect(rows).toEqual(['1500:tick', '2000:restart', '2500:tick']);
  });

  it("a crash at a pause's end: the resume row states the window's missed ticks, none run", async () => {
    const result = await runChecked([pause(1, 1, 2), crash(1, 2)]);
    expect(result.status).toBe(0);
    const faultsCsv = readFileSync(join(result.out, 'faults.csv'), 'utf8');
    // Ticks at 1, 1.5 s fell in the pause; 2 s is the crash's instant.
    expect(faultsCsv).toContain('2000,resume,1,,,index=0;missed=2\n');
    expect(faultsCsv).toMatch(/2000,crash,1,,,index=1;inbox=drop;queued=\d+/);
    expect(rowsOf(result.out, 1, 1000, 5000)).toEqual([]);
  });
});
