/**
 * Goal: a run of thousands of machines (one log each) is written and read without holding a file
 * descriptor per log: many systems allow only 1 024 open files per process by default. Its
 * logs still check OK (the sha256 the writer computed while appending matches the bytes on
 * disk), and analyze and export read them too.
 * Method: a short 3 000-machine run; the open descriptors of this process (/proc/self/fd) are
 * counted while the simulator writes (from a step wrapper), after every log is open for reading
 * and while the causal merge reads them.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tick } from '../../../core/index.js';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { checkRun } from '../../../src/check/check-run.js';
import { heldOpenFilesMax } from '../../../src/common/open-files.js';
import { exportRun } from '../../../src/export/export-run.js';
import { feedInCausalOrder } from '../../../src/logs/causal-merge.js';
import { closeRunLogs, openRunLogs } from '../../../src/logs/run-logs.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import type { MachineStep } from '../../../transports/virtual/simulation.js';

const machineCount = 3000;
const procFd = '/proc/self/fd';
/** Descriptors beyond those open before: a handful (the one being read or written, stdio). */
const extraFdsMax = 16;

let workDir: string;
let runDir: string;
let fdsBefore = 0;
let fdsMaxWhileWriting = 0;

const openFds = () => readdirSync(procFd).length;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-many-machines-'));
  runDir = join(workDir, 'run');
  fdsBefore = openFds();
  const loaded = loadScenario('default', {
    values: { machines: machineCount, durationSec: 2 },
    flags: {},
  });
  let steps = 0;
  const countingStep: MachineStep = (machine, rng, event) => {
    steps += 1;
    if (steps % 1000 === 0) fdsMaxWhileWriting = Math.max(fdsMaxWhileWriting, openFds());
    tick(machine, rng, event);
  };
  await executeRun(
    { scenario: resolveScenario(loaded, 42), outDir: runDir, force: false },
    {},
    { step: countingStep },
  );
}, 120_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.runIf(existsSync(procFd))(`a run of ${machineCount} machines`, () => {
  it('is written without a file descriptor per log', () => {
    expect(machineCount).toBeGreaterThan(heldOpenFilesMax);
    expect(readdirSync(runDir).filter((name) => name.endsWith('.csv'))).toHaveLength(machineCount);
    expect(fdsMaxWhileWriting).toBeGreaterThan(0);
    expect(fdsMaxWhileWriting - fdsBefore).toBeLessThanOrEqual(extraFdsMax);
  });

  it('is read without a file descriptor per log', () => {
    const readers = openRunLogs(runDir, machineCount);
    let fdsMax = openFds();
    let rows = 0;
    try {
      feedInCausalOrder(readers, {
        mustWait: () => false,
        accept: () => {
          rows += 1;
          if (rows % 1000 === 0) fdsMax = Math.max(fdsMax, openFds());
        },
      });
    } finally {
      closeRunLogs(readers);
    }
    expect(rows).toBeGreaterThan(machineCount);
    expect(fdsMax - fdsBefore).toBeLessThanOrEqual(extraFdsMax);
  });

  it('checks OK, analyzes and exports', () => {
    const report = checkRun(runDir, { maxErrors: 10 });
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(analyzeRun(runDir).summary.machines).toHaveLength(machineCount);
    const exported = exportRun(runDir, { format: 'perfetto', outPath: null });
    expect(exported.events).toBe(report.events);
  });
});
