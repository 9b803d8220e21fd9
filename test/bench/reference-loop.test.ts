/**
 * The bench's reference loop must do the simulator's work exactly, or the ratio it reports
 * compares two different things: same events, same final clocks, same queues.
 */
import { describe, expect, it } from 'vitest';
import { runReferenceLoop } from '../../bench/reference-loop.js';
import { loadScenario } from '../../src/scenario/load.js';
import { resolveScenario, toRunConfig } from '../../src/scenario/resolve.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { runVirtual } from '../../transports/virtual/simulation.js';

const cases = [
  { scenario: 'default', durationSec: 2000, machines: undefined },
  { scenario: 'A1', durationSec: 500, machines: undefined },
  { scenario: 'B3', durationSec: 500, machines: undefined },
  { scenario: 'default', durationSec: 20, machines: 150 },
] as const;

describe('the reference loop', () => {
  for (const { scenario, durationSec, machines } of cases) {
    it(`ends where the simulator ends: ${scenario}, ${durationSec} s, ${machines ?? 'its'} machines`, () => {
      const loaded = loadScenario(scenario, {
        values: { durationSec, ...(machines === undefined ? {} : { machines }) },
        flags: {},
      });
      const config = toRunConfig(resolveScenario(loaded, loaded.file.seed ?? 1));
      const reference = runReferenceLoop(config);
      const project = runVirtual(config, {
        sink: { record() {} },
        rngFor: seededRngFactory(config.seed),
      });
      expect(reference.events).toBe(project.events);
      expect(reference.clocks).toEqual(project.machines.map((machine) => machine.clock));
      expect(reference.queueLengths).toEqual(
        project.machines.map((machine) => machine.queueLength),
      );
    });
  }

  it('refuses latency it does not model', () => {
    const loaded = loadScenario('jittery-network', { values: {}, flags: {} });
    const config = toRunConfig(resolveScenario(loaded, 1));
    expect(() => runReferenceLoop(config)).toThrow(/constant latency/);
  });
});
