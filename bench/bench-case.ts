/**
 * One benchmark case, run in its own process so that its peak RSS is its own. Prints one JSON
 * line: events, wall seconds (the run only, not start-up), events per second and peak RSS.
 * Usage: node dist/bench/bench-case.js <scenario> <durationSec> <logs|no-logs>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeRun } from '../src/run.js';
import { loadScenario } from '../src/scenario-load.js';
import { resolveScenario } from '../src/scenario-resolve.js';

const [scenarioName = 'default', durationText = '100000', logsMode = 'no-logs'] =
  process.argv.slice(2);
const loaded = loadScenario(scenarioName, {
  values: { durationSec: Number(durationText) },
  flags: {},
});
const scenario = resolveScenario(loaded, loaded.file.seed ?? 1);
const outDir = logsMode === 'logs' ? mkdtempSync(join(tmpdir(), 'lamport-bench-')) : null;
try {
  const startMs = performance.now();
  const { manifest } = await executeRun({ scenario, outDir, force: true });
  const wallSec = (performance.now() - startMs) / 1000;
  const result = {
    events: manifest.events,
    wallSec,
    eventsPerSec: manifest.events / wallSec,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  if (outDir !== null) rmSync(outDir, { recursive: true, force: true });
}
