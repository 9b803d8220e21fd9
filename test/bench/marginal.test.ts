/**
 * The marginal rate cancels what a short and a long run pay alike (start-up), and the minimal
 * loop it is set against must make the simulator's events, or the ratio compares two things.
 */
import { describe, expect, it } from 'vitest';
import { marginalRate, summarizeMarginal, type TimedRun } from '../../bench/marginal.js';
import { runMinimalLoop } from '../../bench/minimal-loop.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../../src/scenario/resolve.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { runVirtual } from '../../transports/virtual/simulation.js';

const run = (events: number, wallSec: number, cpuSec = Number.NaN): TimedRun => ({
  events,
  wallSec,
  cpuSec,
});

describe('marginalRate', () => {
  it('divides the extra events by the extra time, so a fixed start-up cancels', () => {
    // 10 M events/s after 0.4 s of start-up in both runs.
    expect(marginalRate(run(1e6, 0.5), run(31e6, 3.5))).toBeCloseTo(10e6, 6);
  });

  it('refuses a long run that is not longer, in events or in time', () => {
    expect(() => marginalRate(run(1e6, 0.5), run(1e6, 1))).toThrow(/more events/);
    expect(() => marginalRate(run(1e6, 0.5), run(2e6, 0.5))).toThrow(/not slower/);
  });
});

describe('summarizeMarginal', () => {
  const marginalCase = {
    id: 'marginal',
    title: 't',
    ratesHz: [1, 2, 6],
    shortSec: 1,
    longSec: 2,
    logs: false,
  };
  it('takes medians over rounds and the ratio of the medians', () => {
    const rounds = [5, 10, 20].map((rateM) => ({
      cliShort: run(1e6, 0.3 + 1 / rateM, 0.2),
      cliLong: run(11e6, 0.3 + 11 / rateM, 0.2 + 5),
      minimalShort: run(1e6, 1 / (2 * rateM), 0.1),
      minimalLong: run(11e6, 11 / (2 * rateM), 0.1 + 2.5),
    }));
    const summary = summarizeMarginal(marginalCase, rounds);
    expect(summary.marginalEventsPerSec).toBeCloseTo(10e6, 3);
    expect(summary.marginalMin).toBeCloseTo(5e6, 3);
    expect(summary.marginalMax).toBeCloseTo(20e6, 3);
    expect(summary.minimalEventsPerSec).toBeCloseTo(20e6, 3);
    expect(summary.ratio).toBeCloseTo(0.5, 9);
    expect(summary.ratioMin).toBeCloseTo(0.5, 9);
    expect(summary.marginalCpuEventsPerSec).toBeCloseTo(2e6, 3);
    expect(summary.minimalCpuEventsPerSec).toBeCloseTo(4e6, 3);
    expect(summary.cpuRatio).toBeCloseTo(0.5, 9);
    expect(summary.coldLongEventsPerSec).toBeCloseTo(11e6 / (0.3 + 1.1), 3);
  });
});

describe('the minimal loop', () => {
  it('makes the events the simulator makes (same ticks)', () => {
    const loaded = loadScenario('default', {
      values: { durationSec: 3000, rates: [1, 2, 6] },
      flags: {},
    });
    const config = toRunConfig(resolveScenario(loaded, 42));
    const project = runVirtual(config, { sink: { record() {} }, rngFor: seededRngFactory(42) });
    const minimal = runMinimalLoop(config);
    expect(minimal.events).toBe(project.events);
    expect(minimal.events).toBe(27_000);
    // Its own die: some sends, more internal events (p = 0.7), so it does the model's work.
    expect(minimal.copies).toBeGreaterThan(0.2 * minimal.events);
    expect(minimal.copies).toBeLessThan(0.5 * minimal.events);
  });
});
