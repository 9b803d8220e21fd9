/**
 * One TCP-mode benchmark case: a real `run --mode tcp` of N machine processes on loopback (ports
 * from the OS) for a short wall duration, into a temp dir that is removed afterwards. The run is
 * checked like `lamport-lab check`. Prints ONE JSON line with the launcher's overhead per machine
 * (set-up, process start-up, peak RSS of the machine processes and of this launcher), the events
 * made, whether the check passed and how many machines failed.
 *
 * Usage: node dist/bench/tcp-case.js [machines, default 32] [durationSec, default 5]
 * Exits 0 whenever it printed its line (a failed check is a result, said by checkOk); 2 on bad
 * arguments; 1 when the run itself could not be made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRun } from '../src/check/check-run.js';
import { loadScenario } from '../src/scenario/load.js';
import { resolveScenario } from '../src/scenario/resolve.js';
import { executeTcpRun } from '../src/run/tcp-run.js';

/** The default scenario's own seed, so that every case draws the same rates for the same N. */
const seed = 42;

function positiveInteger(text: string | undefined, fallback: number, what: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`tcp-case: ${what}: expected a whole number >= 1, got "${text}"\n`);
    process.exit(2);
  }
  return value;
}

const [machinesText, durationText] = process.argv.slice(2);
const machines = positiveInteger(machinesText, 32, 'machines');
const durationSec = positiveInteger(durationText, 5, 'durationSec');
const loaded = loadScenario('default', {
  values: { machines, durationSec },
  flags: { machines: 'machines', durationSec: 'durationSec' },
});
const scenario = resolveScenario(loaded, seed);
const outDir = mkdtempSync(join(tmpdir(), 'lamport-bench-tcp-'));
// Ctrl-C stops the machines cleanly (the launcher's own stop), and the temp dir still goes.
let stop = () => {};
const onSignal = () => stop();
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
try {
  const { manifest } = await executeTcpRun(
    { scenario, outDir, force: true, host: '127.0.0.1', ports: null, topology: 'mesh' },
    {
      onStopRequest: (handler) => {
        stop = handler;
      },
    },
  );
  const tcp = manifest.tcp;
  const overhead = tcp?.overhead;
  const check = checkRun(outDir, { maxErrors: 5 });
  const result = {
    machines,
    durationSec,
    setupMs: tcp?.setupMs ?? null,
    setupMsPerMachine: overhead?.setupMsPerMachine ?? null,
    startupMsPerMachineMedian: overhead?.startupMsPerMachine.median ?? null,
    startupMsPerMachineMax: overhead?.startupMsPerMachine.max ?? null,
    connectMsPerMachineMedian: overhead?.connectMsPerMachine.median ?? null,
    startupPhaseMs: overhead?.startupPhaseMs ?? null,
    connectPhaseMs: overhead?.connectPhaseMs ?? null,
    peakRssMbPerMachineMedian: overhead?.peakRssMbPerMachine?.median ?? null,
    peakRssMbPerMachineMax: overhead?.peakRssMbPerMachine?.max ?? null,
    launcherPeakRssMb: overhead?.launcherPeakRssMb ?? null,
    events: manifest.events,
    ticksShort: (tcp?.machines ?? []).filter((machine) => machine.ticksMade < machine.ticksExpected)
      .length,
    lateTicks: (tcp?.machines ?? []).reduce(
      (total, machine) => total + machine.lateness.lateTicks,
      0,
    ),
    completed: manifest.completed,
    checkOk: check.ok,
    failures: (tcp?.machines ?? []).filter((machine) => machine.failure !== null).length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  rmSync(outDir, { recursive: true, force: true });
}
