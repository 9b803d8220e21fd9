/**
 * The analysis on small hand-made logs whose answers are worked out by hand (jumps, drift, queue
 * growth and its verdict, queueing delay), and the fluid model against long simulated runs: where
 * it predicts growth, the measured growth is within a few percent; where it predicts stability,
 * the measured verdict is stable.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { copiesOf, type MachineId, type StepEvent } from '../../../core/index.js';
import { analyzeRun, emptyRow, RunAnalyzer } from '../../../src/analysis/analyze-run.js';
import { predictQueues } from '../../../src/analysis/predict.js';
import { percentileOf } from '../../../src/analysis/stats.js';
import { InputError } from '../../../src/common/errors.js';
import { logHeaderLine } from '../../../src/logs/format.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../../../src/scenario/resolve.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { runVirtual } from '../../../transports/virtual/simulation.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-analysis-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Writes machine logs (no manifest) from rows given as CSV lines without the header. */
function handMadeRun(name: string, logs: readonly (readonly string[])[]): string {
  const runDir = join(workDir, name);
  mkdirSync(runDir);
  logs.forEach((rows, id) => {
    writeFileSync(
      join(runDir, `machine-${id}.csv`),
      logHeaderLine + rows.map((row) => `${row}\n`).join(''),
    );
  });
  return runDir;
}

describe('analyzeRun on hand-made logs', () => {
  it('measures clock jumps and queueing delays', () => {
    const runDir = handMadeRun('jumps', [
      [
        '0,1,send,1000,1,0,1,0-1,1',
        '0,2,internal,2000,2,0,,,',
        '0,3,send,3000,3,0,1,0-3,3',
        '0,4,internal,4000,4,0,,,',
      ],
      ['1,1,internal,500,1,0,,,', '1,2,receive,1500,2,0,0,0-1,1', '1,3,receive,3500,4,0,0,0-3,3'],
    ]);
    const [, machine1] = analyzeRun(runDir).summary.machines;
    // Receives: clock 1 -> 2 with msg 1 (jump 0), clock 2 -> 4 with msg 3 (jump 1).
    expect(machine1?.jumps).toMatchObject({ count: 2, max: 1, mean: 0.5, p50: 0, p99: 1 });
    expect(machine1?.jumps.histogram).toEqual([
      { jump: 0, count: 1 },
      { jump: 1, count: 1 },
    ]);
    expect(machine1?.delayMs).toEqual({ count: 2, mean: 500, p99: 500, max: 500 });
    expect(machine1?.events).toEqual({ internal: 1, send: 0, receive: 2, total: 3 });
  });

  it('measures drift from the largest clock at each event', () => {
    const runDir = handMadeRun('drift', [
      [
        '0,1,internal,1000,1,0,,,',
        '0,2,internal,2000,2,0,,,',
        '0,3,internal,3000,3,0,,,',
        '0,4,internal,4000,4,0,,,',
        '0,5,internal,5000,5,0,,,',
      ],
      ['1,1,internal,2500,1,0,,,', '1,2,internal,5000,2,0,,,'],
    ]);
    const [machine0, machine1] = analyzeRun(runDir).summary.machines;
    // At 2.5 s the largest clock is 2 (machine 0 at 2 s): drift 1. At 5 s machine 0 reaches 5
    // first (same instant, lower id): drift 3.
    expect(machine1?.drift.max).toBe(3);
    expect(machine1?.drift.final).toBe(3);
    expect(machine0?.drift.max).toBe(0);
    expect(machine1?.clockUnitsPerSec).toBeCloseTo(2 / 5, 10);
    expect(machine0?.ticksPerSec).toBeCloseTo(5 / 5, 10);
  });

  it('fits queue growth over the second half and calls it growing or stable', () => {
    // Machine 1's queue rises by one message a second for 20 s; machine 0's stays at 0.
    const sends: string[] = [];
    const receives: string[] = [];
    for (let second = 1; second <= 20; second += 1) {
      sends.push(`0,${second},send,${second * 1000},${second},0,1,0-${second},${second}`);
    }
    for (let second = 1; second <= 20; second += 1) {
      receives.push(
        `1,${second},receive,${second * 1000 + 500},${second + 1},${second},0,0-${second},${second}`,
      );
    }
    const [machine0, machine1] = analyzeRun(handMadeRun('queue', [sends, receives])).summary
      .machines;
    expect(machine1?.queue.growthPerSec).toBeCloseTo(1, 6);
    expect(machine1?.queue.verdict).toBe('growing');
    // After the 20th receive 20 wait: 21 waited just before it took one.
    expect(machine1?.queue.max).toBe(21);
    // No manifest: the final queue length is the last row's.
    expect(machine1?.queue.final).toBe(20);
    expect(machine0?.queue.verdict).toBe('stable');
    expect(machine0?.queue.growthPerSec).toBe(0);
  });
});

describe('the queue statistics', () => {
  it('agree: the max is never below the final length, nor 0 for a machine that received', async () => {
    // The default run: machine 1's rows (after each take) all show 0, yet one message waits at
    // the end; the report said "max queue 0, final queue 1".
    const runDir = join(workDir, 'queue-stats');
    const loaded = loadScenario('default', { values: {}, flags: {} });
    await executeRun({ scenario: resolveScenario(loaded, 42), outDir: runDir, force: false });
    const machines = analyzeRun(runDir).summary.machines;
    expect(machines.some((machine) => machine.queue.final > 0)).toBe(true);
    for (const machine of machines) {
      expect(machine.queue.max).toBeGreaterThanOrEqual(machine.queue.final);
      if (machine.events.receive > 0) expect(machine.queue.max).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('analyzeRun on a run with a manifest', () => {
  it('refuses logs changed after the run, naming the log, and analyses them untouched', async () => {
    const runDir = join(workDir, 'changed');
    const loaded = loadScenario('trial4', { values: { durationSec: 10 }, flags: {} });
    await executeRun({ scenario: resolveScenario(loaded, 1004), outDir: runDir, force: false });
    expect(analyzeRun(runDir).summary.machines).toHaveLength(3);
    const path = join(runDir, 'machine-1.csv');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.splice(-2, 1);
    writeFileSync(path, lines.join('\n'));
    expect(() => analyzeRun(runDir)).toThrow(
      new InputError(
        `${path}: expected the log the manifest describes (its sha256), got another: the logs ` +
          `changed after the run (\`npx lamport-lab check ${runDir}\` says where)`,
      ),
    );
  });
});

describe('the fluid model', () => {
  it('predicts the default scenario by hand: only the 1 Hz machine grows, at 0.5 messages/s', () => {
    // q = 0.3·(1/3) + 0.3·(1/3) = 0.2; a0 = 5 - 0.2·a1, a1 = 4 - 0.2·a0 give a0 = 4.375,
    // a1 = 3.125, so machine 2 gets 0.2·7.5 = 1.5 messages/s against its 1 tick/s.
    const [m0, m1, m2] = predictQueues([5, 4, 1], 0.7);
    expect(m0?.actionsPerSec).toBeCloseTo(4.375, 9);
    expect(m1?.actionsPerSec).toBeCloseTo(3.125, 9);
    expect(m2).toMatchObject({ verdict: 'growing', actionsPerSec: 0 });
    expect(m2?.queueGrowthPerSec).toBeCloseTo(0.5, 9);
  });

  const longRuns: readonly [string, number][] = [
    ['default', 20_000],
    ['A2', 20_000],
    ['A3', 20_000],
    ['B3', 20_000],
    ['trial5', 20_000],
    ['A1', 5_000],
    ['trial2', 5_000],
  ];
  for (const [name, durationSec] of longRuns) {
    it(`matches ${name} over ${durationSec} s: growth within 5 % where predicted, stable where not`, async () => {
      const loaded = loadScenario(name, { values: { durationSec }, flags: {} });
      const outDir = join(workDir, `long-${name}`);
      await executeRun({
        scenario: resolveScenario(loaded, loaded.file.seed ?? 1),
        outDir,
        force: false,
      });
      for (const machine of analyzeRun(outDir).summary.machines) {
        const predicted = machine.predicted;
        expect(predicted).not.toBeNull();
        expect(machine.queue.verdict, `machine ${machine.id}`).toBe(predicted?.verdict);
        if (predicted?.verdict === 'growing') {
          expect(
            Math.abs(machine.growthRelativeDifference ?? 1),
            `machine ${machine.id}`,
          ).toBeLessThan(0.05);
        }
      }
      rmSync(outDir, { recursive: true, force: true });
    });
  }
});

/** Queueing delays worked out the plain way: one map entry per open send, copies counted down. */
class PlainDelays {
  readonly #open = new Map<string, { timeUs: number; copiesLeft: number }>();
  readonly delaysMs: number[][];

  constructor(machineCount: number) {
    this.delaysMs = Array.from({ length: machineCount }, () => []);
  }

  record(machineId: MachineId, timeUs: number, event: StepEvent, machineCount: number): void {
    if (event.kind === 'send') {
      this.#open.set(`${machineId}-${event.seq}`, {
        timeUs,
        copiesLeft: copiesOf(event, machineCount),
      });
    } else if (event.kind === 'receive') {
      const key = `${event.senderId}-${event.sendSeq}`;
      const send = this.#open.get(key);
      if (send === undefined) throw new Error(`receive of ${key}, which is not open`);
      this.delaysMs[machineId]?.push(Math.max(0, timeUs - send.timeUs) / 1000);
      send.copiesLeft -= 1;
      if (send.copiesLeft === 0) this.#open.delete(key);
    }
  }
}

describe('the queueing delays', () => {
  it('are those of every receive against its own send, however many sends are open', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(
          { kind: 'constant', ms: 0 },
          { kind: 'uniform', minMs: 0, maxMs: 40 },
          { kind: 'exponential', meanMs: 15 },
        ),
        fc.constantFrom(0, 0.3, 0.7, 0.9),
        (seed, machines, latency, internalProbability) => {
          // Rates 1..6 Hz and 400 s: slow machines back up, so hundreds of sends stay open and
          // every per-sender ring grows several times.
          const loaded = loadScenario('default', {
            values: { durationSec: 400, machines, internalProbability, latency },
            flags: {},
          });
          const scenario = resolveScenario(loaded, seed);
          const config = toRunConfig(scenario);
          const analyzer = new RunAnalyzer(machines, config.durationUs);
          const plain = new PlainDelays(machines);
          const row = emptyRow();
          runVirtual(config, {
            rngFor: seededRngFactory(seed),
            sink: {
              record(machineId, timeUs, event) {
                plain.record(machineId, timeUs, event, machines);
                row.kind = event.kind;
                row.seq = event.seq;
                row.timeUs = timeUs;
                row.clock = event.clock;
                row.queueLength = event.queueLength;
                row.copies = event.kind === 'send' ? copiesOf(event, machines) : 0;
                row.msgSender = event.kind === 'receive' ? event.senderId : -1;
                row.msgSeq = event.kind === 'receive' ? event.sendSeq : 0;
                analyzer.accept(row, machineId);
              },
            },
          });
          const { summary } = analyzer.finish({
            runDir: 'property',
            mode: 'virtual',
            rates: null,
            internalProbability: null,
            queuedAtEnd: () => undefined,
          });
          summary.machines.forEach((machine, id) => {
            const delays = Float64Array.from(plain.delaysMs[id] ?? []).sort();
            const sum = delays.reduce((total, value) => total + value, 0);
            expect(machine.delayMs, `machine ${id}`).toEqual({
              count: delays.length,
              mean: delays.length > 0 ? sum / delays.length : 0,
              p99: percentileOf(delays, 0.99),
              max: delays.length > 0 ? delays[delays.length - 1] : 0,
            });
          });
        },
      ),
      { numRuns: 25 },
    );
  });
});
