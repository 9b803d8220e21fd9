/**
 * simulate keeps the faults.csv it made, so checkRun of its result need not re-run the scenario:
 * the kept bytes must be the file `writeRun` (the CLI's run) writes for the same scenario and
 * seed, and only the manifest object simulate returned finds them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledScenario, simulate, writeRun } from '../../../src/api/index.js';
import { rememberedFaultsCsv } from '../../../src/api/simulated-faults.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-api-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the faults.csv simulate keeps', () => {
  it("is the run's own faults.csv, found by the very manifest object only", async () => {
    const scenario = bundledScenario('every-fault');
    const run = simulate(scenario, { seed: 11 });
    const kept = rememberedFaultsCsv(run.manifest);
    expect(kept).toBeDefined();
    const written = await writeRun(scenario, join(dir, 'every-fault'), { seed: 11 });
    const file = readFileSync(join(written.outDir, 'faults.csv'));
    expect(Buffer.from(kept as Uint8Array).equals(file)).toBe(true);
    expect(rememberedFaultsCsv({ ...run.manifest })).toBeUndefined();
  });

  it('is none for a run without faults', () => {
    expect(rememberedFaultsCsv(simulate(bundledScenario('default'), { seed: 3 }).manifest)).toBe(
      undefined,
    );
  });
});
