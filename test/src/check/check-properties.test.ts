/**
 * The checker over random scenarios (fast-check): N 2..8, rates 1..50 Hz, any internal
 * probability, constant, uniform or exponential latency, FIFO or not, short durations. Each run is
 * written to disk as the CLI would, then checked from its files alone: every rule must hold, and
 * the checker's causality figures must equal the ones the run put in its manifest.
 *
 * A second test shows shrinking: a property over a deliberately broken step fails, fast-check
 * shrinks the scenario to a small one, and its seed and path replay the same counterexample.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRun } from '../../../src/check/check-run.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import type { ResolvedScenario } from '../../../src/scenario/resolve.js';
import type { LatencySpec } from '../../../src/scenario/schema.js';
import type { MachineStep } from '../../../transports/virtual/simulation.js';
import { brokenStep } from '../../helpers/broken-step.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-check-properties-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
let runNumber = 0;

const latency: fc.Arbitrary<LatencySpec> = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), ms: fc.integer({ min: 0, max: 2000 }) }),
  fc
    .tuple(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 1500 }))
    .map(([a, b]) => ({ kind: 'uniform' as const, minMs: Math.min(a, b), maxMs: Math.max(a, b) })),
  fc.record({
    kind: fc.constant('exponential' as const),
    meanMs: fc.integer({ min: 0, max: 1000 }),
  }),
);

const scenario: fc.Arbitrary<ResolvedScenario> = fc
  .record({
    seed: fc.nat({ max: 0xffff_ffff }),
    rates: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 8 }),
    internalProbability: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    durationSec: fc.integer({ min: 1, max: 20 }),
    latency,
    fifo: fc.boolean(),
  })
  .map((fields) => ({
    ...fields,
    name: 'property',
    description: '',
    source: 'test',
    machines: fields.rates.length,
    ratesDrawnFrom: null,
  }));

async function runAndCheck(resolved: ResolvedScenario, step?: MachineStep) {
  runNumber += 1;
  const outDir = join(workDir, `run-${runNumber}`);
  const { manifest } = await executeRun(
    { scenario: resolved, outDir, force: false },
    {},
    step === undefined ? {} : { step },
  );
  const report = checkRun(outDir, { maxErrors: 5 });
  rmSync(outDir, { recursive: true, force: true });
  return { manifest, report };
}

describe('check over random simulated runs', () => {
  it('finds every rule holding, and the same causality figures as the manifest', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (resolved) => {
        const { manifest, report } = await runAndCheck(resolved);
        expect(report.violations).toEqual([]);
        expect(report.ok).toBe(true);
        expect(report.events).toBe(manifest.events);
        expect(report.causality).toEqual(manifest.causality);
      }),
      { numRuns: 60 },
    );
  });
});

describe('shrinking', () => {
  it('reduces a failure to a small scenario that its seed and path replay', async () => {
    // A step that forgets the +1 on receives: any run with a receive breaks rule 2.
    const forgetsPlusOne = brokenStep('receive-without-plus-one');
    const property = fc.asyncProperty(scenario, async (resolved) => {
      const { report } = await runAndCheck(resolved, forgetsPlusOne);
      return report.ok;
    });
    const details = await fc.check(property, { numRuns: 40, seed: 4242 });
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample as [ResolvedScenario];
    expect(shrunk.machines).toBe(2);
    expect(shrunk.durationSec).toBeLessThanOrEqual(2);
    // The reported seed and path replay exactly this counterexample.
    const replay = await fc.check(property, {
      seed: details.seed,
      path: details.counterexamplePath ?? '',
    });
    expect(replay.counterexample).toEqual(details.counterexample);
  });
});
