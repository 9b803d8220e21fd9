/**
 * Goal: `simulate` runs a scenario object in this process and returns its events, summary and
 * manifest; the seed is the option's, else the scenario's, else a random one (as `run`); a run
 * expected to exceed eventsMax is refused before it starts, naming the alternatives; bad input
 * throws ScenarioError, never exits. `simulateEvents` streams the same events, a slice at a time:
 * a run far too long to collect yields its first events at once, and leaving the loop stops it.
 * (The equality with the CLI's files, for every bundled scenario, is bundled-runs.test.ts.)
 */
import { describe, expect, it, vi } from 'vitest';
import {
  bundledScenario,
  checkRun,
  type RunEvent,
  ScenarioError,
  SimulationTooLargeError,
  simulate,
  simulateEvents,
  simulateEventsMax,
  type WriteRunOptions,
} from '../../../src/api/index.js';
import { VirtualSimulation } from '../../../transports/virtual/simulation.js';

async function collected(events: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const all: RunEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('simulate', () => {
  it('returns the events, summary and manifest of a scenario object', () => {
    const run = simulate({ rates: [4, 2, 1], durationSec: 5 }, { seed: 7 });
    expect(run.seed).toBe(7);
    expect(run.manifest.scenario.seed).toBe(7);
    expect(run.manifest.scenario.source).toBe('scenario');
    expect(run.manifest.scenario.name).toBe('scenario');
    expect(run.events.length).toBe(run.manifest.events);
    expect(run.events.length).toBe(35);
    const first = run.events[0];
    expect(first).toMatchObject({ machine: 0, seq: 1, timeUs: 250_000 });
    for (const event of run.events) {
      if (event.kind === 'send') expect(event.messageId).toBe(`${event.machine}-${event.seq}`);
    }
    const received = run.events.filter((event) => event.kind === 'receive').length;
    expect(received).toBe(run.manifest.messages.received);
  });

  it('types the summary as summary.json holds it: no runDir', () => {
    const run = simulate({ durationSec: 1 }, { seed: 1 });
    expect(Object.hasOwn(run.summary, 'runDir')).toBe(false);
    // @ts-expect-error summary.json has no runDir, so neither has its type (typecheck holds this)
    expect(run.summary.runDir).toBeUndefined();
  });

  it('takes undefined for any option, as its default (exactOptionalPropertyTypes)', () => {
    const absent = undefined;
    const run = simulate({ seed: 2, durationSec: 1 }, { seed: absent, eventsMax: absent });
    expect(run.seed).toBe(2);
    expect(checkRun(run, { maxFindings: absent, strict: absent }).ok).toBe(true);
    const writeOptions: WriteRunOptions = { seed: absent, force: absent };
    expect(writeOptions).toEqual({ seed: undefined, force: undefined });
  });

  it('takes the seed from the option, else the scenario, else at random', () => {
    expect(simulate({ seed: 5, durationSec: 1 }, { seed: 6 }).seed).toBe(6);
    expect(simulate({ seed: 5, durationSec: 1 }).seed).toBe(5);
    const drawn = simulate({ durationSec: 1 });
    expect(Number.isInteger(drawn.seed)).toBe(true);
    expect(drawn.manifest.scenario.seed).toBe(drawn.seed);
  });

  it('is deterministic for a seed', () => {
    const scenario = bundledScenario('every-fault');
    expect(simulate(scenario, { seed: 3 })).toEqual(simulate(scenario, { seed: 3 }));
  });

  it('refuses a run expected to exceed eventsMax before it starts, naming the stream', () => {
    const huge = { rates: [1000, 1000], durationSec: 600 };
    expect(simulateEventsMax).toBe(1_000_000);
    const advance = vi.spyOn(VirtualSimulation.prototype, 'advance');
    try {
      expect(() => simulate(huge, { seed: 1 })).toThrow(SimulationTooLargeError);
      expect(advance).not.toHaveBeenCalled();
    } finally {
      advance.mockRestore();
    }
    let caught: unknown;
    try {
      simulate({ rates: [4, 2, 1], durationSec: 10 }, { seed: 1, eventsMax: 69 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SimulationTooLargeError);
    const error = caught as SimulationTooLargeError;
    expect(error.expectedEvents).toBe(70);
    expect(error.eventsMax).toBe(69);
    expect(error.message).toContain('simulateEvents');
    expect(error.message).toContain('writeRun');
    expect(() =>
      simulate({ rates: [4, 2, 1], durationSec: 10 }, { seed: 1, eventsMax: 70 }),
    ).not.toThrow();
  });

  it('throws a ScenarioError for a bad scenario or seed, a tcp mode included', () => {
    expect(() => simulate({ internalProbability: 2 })).toThrow(ScenarioError);
    expect(() => simulate({}, { seed: -1 })).toThrow(
      'options.seed: expected a whole number 0..4294967295, got -1 (number)',
    );
    let caught: unknown;
    try {
      simulate({ mode: 'tcp' } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).field).toBe('mode');
  });

  it("names a bad seed option options.seed, as its message does; the scenario's seed, seed", () => {
    const fieldOf = (make: () => unknown): string => {
      try {
        make();
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioError);
        return (error as ScenarioError).field;
      }
      throw new Error('expected a ScenarioError');
    };
    expect(fieldOf(() => simulate({}, { seed: -1 }))).toBe('options.seed');
    expect(fieldOf(() => simulateEvents({}, { seed: 1.5 }))).toBe('options.seed');
    expect(fieldOf(() => simulate({ seed: -1 }))).toBe('seed');
  });

  it('refuses an eventsMax that is not a whole number 1 or more, naming options.eventsMax', () => {
    for (const eventsMax of [0, -5, 2.5, Number.NaN]) {
      let caught: unknown;
      try {
        simulate({ durationSec: 1 }, { eventsMax });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ScenarioError);
      expect((caught as ScenarioError).field).toBe('options.eventsMax');
      expect((caught as ScenarioError).message).toMatch(
        /^options\.eventsMax: expected a whole number 1 or more, got /,
      );
    }
    // The smallest limit a run fits in is taken: 2 machines × 1 Hz × 2 s.
    expect(simulate({ rates: [1, 1], durationSec: 2 }, { eventsMax: 4 }).events.length).toBe(4);
  });
});

describe("simulate in a caller's process", () => {
  it('never prints and never exits, for a good or a bad scenario', () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    try {
      simulate(bundledScenario('every-fault'), { seed: 1 });
      expect(() => simulate({ durationSec: -1 })).toThrow(ScenarioError);
      expect([stdout.mock.calls, stderr.mock.calls, exit.mock.calls]).toEqual([[], [], []]);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      exit.mockRestore();
    }
  });
});

describe('simulateEvents', () => {
  it('runs afresh for each iteration: the second for-await yields the same events again', async () => {
    const events = simulateEvents({ rates: [4, 2], durationSec: 3 });
    const first = await collected(events);
    expect(first.length).toBeGreaterThan(0);
    expect(await collected(events)).toEqual(first);
  });

  it.each(['every-fault', 'default', 'crash-restart-reset', 'heavy-tail'])(
    'streams the events simulate returns (%s)',
    async (name) => {
      const scenario = bundledScenario(name);
      const streamed = await collected(simulateEvents(scenario, { seed: 9 }));
      expect(streamed).toEqual(simulate(scenario, { seed: 9 }).events);
    },
  );

  it('yields the first events of a run too long to collect, and stops when the loop is left', async () => {
    // 2e12 events: collected first, nothing would ever be yielded.
    const endless = { rates: [100_000, 100_000], durationSec: 10_000_000 };
    const advance = vi.spyOn(VirtualSimulation.prototype, 'advance');
    try {
      let seen = 0;
      for await (const event of simulateEvents(endless, { seed: 1 })) {
        expect(event.seq).toBeGreaterThan(0);
        seen += 1;
        if (seen === 10_000) break;
      }
      const slices = advance.mock.calls.length;
      expect(slices).toBeGreaterThan(1);
      expect(slices).toBeLessThan(5);
      expect(Math.max(...advance.mock.calls.map(([budget]) => budget))).toBeLessThanOrEqual(
        1 << 12,
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(advance.mock.calls.length).toBe(slices);
    } finally {
      advance.mockRestore();
    }
  });

  it('throws a ScenarioError at the call for a bad scenario', () => {
    expect(() => simulateEvents({ machines: 1 })).toThrow(ScenarioError);
  });
});
