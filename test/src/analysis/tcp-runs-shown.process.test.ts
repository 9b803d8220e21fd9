/**
 * Goal: every view of a real run shows what ran. A run assembled from hand-started machines
 * shows their rates, seed, probability and duration (not 1 Hz, "seed ?", 0 s, no prediction) and
 * can be replayed; a TCP run with a machine killed by SIGKILL shows the ticks that machine made
 * (from its log), its failure and when, in the run's summary, `analyze` and the report, and
 * predicts over the time it was alive.
 * Method: the BUILT CLI as real processes on loopback. Hand-started machines get ports the OS
 * handed out (listened on at port 0, then closed); the launcher's machine is found by its command
 * line and killed by PID. Every process started is killed by PID at the end if still alive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunAnalysis } from '../../../src/analysis/analyze-run.js';
import { predictQueues } from '../../../src/analysis/predict.js';
import { cliPath, runCliInProcess } from '../../helpers/cli-process.js';
import { freePorts } from '../../helpers/free-ports.js';
import { logDataRows, machinePid } from '../../helpers/launched-machines.js';
import { waitFor } from '../../helpers/waiting.js';

let cwd: string;
const started: ChildProcess[] = [];

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-tcp-shown-'));
});

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  rmSync(cwd, { recursive: true, force: true });
});

function start(args: readonly string[]): { child: ChildProcess; done: Promise<CliOutput> } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<CliOutput>((resolveDone) => {
    child.on('exit', (status) => resolveDone({ status, stdout, stderr }));
  });
  return { child, done };
}

interface CliOutput {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function analysisJson(runDir: string): Promise<RunAnalysis> {
  const result = await runCliInProcess(cwd, ['analyze', runDir, '--json']);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as RunAnalysis;
}

/** Three hand-started `machine` processes on loopback, each into host-<id>/, as the README's recipe. */
async function startHandStarted(
  rates: readonly number[],
  durationSec: number,
): Promise<{ child: ChildProcess; done: Promise<CliOutput> }[]> {
  const ports = await freePorts(rates.length);
  return rates.map((rate, id) => {
    const peers = ports
      .map((port, peer) => `${peer}=127.0.0.1:${port}`)
      .filter((_, peer) => peer !== id)
      .join(',');
    return start([
      'machine',
      '--id',
      String(id),
      '--listen',
      `127.0.0.1:${ports[id]}`,
      '--peers',
      peers,
      '--rate',
      String(rate),
      '--seed',
      '42',
      '--internal-probability',
      '0.25',
      '--duration',
      String(durationSec),
      '--out',
      `host-${id}`,
      '--token',
      'shared',
      '--wait',
      '20',
    ]);
  });
}

/** The hand-started machines' directories copied into one, as the README's recipe does. */
function assembleRun(machineCount: number): string {
  const runDir = join(cwd, 'run');
  mkdirSync(runDir);
  for (let id = 0; id < machineCount; id += 1) {
    for (const file of readdirSync(join(cwd, `host-${id}`)))
      copyFileSync(join(cwd, `host-${id}`, file), join(runDir, file));
  }
  return runDir;
}

describe('a run assembled from hand-started machines', () => {
  it('shows the rates, seed, probability and duration they ran with, and replays', async () => {
    const rates = [3, 1, 6];
    const machines = await startHandStarted(rates, 2);
    const exits = await Promise.all(machines.map((machine) => machine.done));
    exits.forEach((exit, id) => {
      expect(exit.status, `machine ${id}: ${exit.stderr}`).toBe(0);
    });
    const runDir = assembleRun(3);
    expect((await runCliInProcess(cwd, ['check', 'run'])).status).toBe(0);

    const summary = await analysisJson('run');
    expect(summary.machines.map((machine) => machine.rateHz)).toEqual(rates);
    expect(summary.seed).toBe(42);
    expect(summary.internalProbability).toBe(0.25);
    expect(summary.durationSec).toBe(2);
    // The prediction comes from the recorded rates: machine 1 (1 Hz) cannot keep up.
    expect(summary.machines.map((machine) => machine.predicted?.queueGrowthPerSec)).toEqual(
      predictQueues(rates, 0.25).map((prediction) => prediction.queueGrowthPerSec),
    );
    expect(summary.tcp?.machines.map((machine) => machine.ticksMade)).toEqual([6, 2, 12]);

    const text = await runCliInProcess(cwd, ['analyze', 'run']);
    expect(text.stdout).toContain('run: tcp run, 2.000 s, seed 42, internal probability 0.25');

    const report = await runCliInProcess(cwd, ['report', 'run']);
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('seed 42, tcp mode');
    expect(html).toContain('rates 3, 1, 6 Hz');
    expect(html).toMatch(/<li>2 s, started \d{4}-\d\d-\d\dT[\d:.]+Z, completed<\/li>/);
    expect(html).toContain('<h2 id="tcp">');

    // The logs hold the network's choices, the reports the seed and probability: re-executable.
    const replay = await runCliInProcess(cwd, ['replay', 'run', '--verify']);
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(0);
    expect(replay.stdout).toContain('reproduced');

    // A report's rate is the machine's own: one its row count belies is found (6 Hz made 12
    // rows in 2 s; stated 3 Hz, it could make about 6).
    const reportPath = join(runDir, 'machine-2.json');
    const edited = JSON.parse(readFileSync(reportPath, 'utf8')) as { rateHz: number };
    edited.rateHz = 3;
    writeFileSync(reportPath, JSON.stringify(edited));
    const checked = await runCliInProcess(cwd, ['check', 'run']);
    expect(checked.status, checked.stdout).toBe(1);
    expect(checked.stdout).toContain('scenario.rates[2]');
    const refused = await runCliInProcess(cwd, ['analyze', 'run']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('scenario.rates[2]');
  }, 60_000);

  it('shows a machine killed mid-run as failed, with the rate and seed it ran with', async () => {
    const rates = [3, 1, 6];
    const machines = await startHandStarted(rates, 4);
    // Killed once it has ticked, long before its end: it never writes its final report.
    const deadLog = join(cwd, 'host-1', 'machine-1.csv');
    await waitFor(() => logDataRows(deadLog).length >= 1, 15_000, 'machine 1 ticking');
    (machines[1] as { child: ChildProcess }).child.kill('SIGKILL');
    const exits = await Promise.all(machines.map((machine) => machine.done));
    expect(exits[0]?.status, exits[0]?.stderr).toBe(0);
    expect(exits[2]?.status, exits[2]?.stderr).toBe(0);
    assembleRun(3);

    const checked = await runCliInProcess(cwd, ['check', 'run']);
    expect(checked.status, checked.stdout).toBe(0);
    expect(checked.stdout).toContain('assembled from the machines');
    const summary = await analysisJson('run');
    expect(summary.machines.map((machine) => machine.rateHz)).toEqual(rates);
    expect(summary.seed).toBe(42);
    const dead = summary.tcp?.machines[1];
    expect(dead?.failure?.reason).toContain('final report');
    expect(dead?.failure?.atSec).toBeGreaterThan(0);
    expect(dead?.ticksMade).toBe(logDataRows(deadLog).length);
    expect((await runCliInProcess(cwd, ['analyze', 'run'])).stdout).toMatch(
      /^FAILED: machine 1 failed at /m,
    );
  }, 60_000);

  it('refuses in one line to replay logs that nothing records a seed for', async () => {
    const runDir = join(cwd, 'bare');
    mkdirSync(runDir);
    const header = 'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock\n';
    for (const id of [0, 1]) writeFileSync(join(runDir, `machine-${id}.csv`), header);
    const result = await runCliInProcess(cwd, ['replay', 'bare']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "lamport-lab: bare: expected manifest.json or every machine's report (machine-<id>.json of hand-started machines), got logs alone: nothing records the seed to replay them with\n",
    );
  });
});

describe('a TCP run with a machine killed by SIGKILL', () => {
  it('shows its ticks and its failure everywhere, and predicts over the time it was alive', async () => {
    const rates = [1, 6, 6];
    const launcher = start([
      'run',
      '--mode',
      'tcp',
      '--rates',
      rates.join(','),
      '--internal-probability',
      '0.4',
      '--seed',
      '3',
      '--duration',
      '4',
      '--out',
      'killed',
    ]);
    const runDir = join(cwd, 'killed');
    const launcherPid = launcher.child.pid as number;
    // Well before the survivors' second half (from 2 s), where their growth is fitted.
    await waitFor(
      () => logDataRows(join(runDir, 'machine-1.csv')).length >= 3,
      20_000,
      '3 ticks of 1',
    );
    const victim = machinePid(launcherPid, 1);
    expect(victim).not.toBeNull();
    process.kill(victim as number, 'SIGKILL');
    const exit = await launcher.done;
    expect(exit.status, exit.stderr).toBe(0);
    const ticks = logDataRows(join(runDir, 'machine-1.csv')).length;
    expect(ticks).toBeGreaterThanOrEqual(3);

    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as {
      tcp: { machines: { ticksMade: number; failure: { atMs: number } | null }[] };
    };
    const failure = manifest.tcp.machines[1]?.failure;
    expect(failure).not.toBeNull();
    const atSec = (failure?.atMs as number) / 1000;
    expect(manifest.tcp.machines[1]?.ticksMade).toBe(ticks);
    expect(exit.stdout).toMatch(
      new RegExp(
        `machine 1: ${ticks}/\\d+ ticks until it failed at ${atSec.toFixed(3)} s, [\\d.]+ Hz`,
      ),
    );

    const summary = await analysisJson('killed');
    const dead = summary.machines[1];
    expect(summary.tcp?.machines[1]?.failure?.atSec).toBe(atSec);
    expect(summary.tcp?.machines[1]?.ticksMade).toBe(ticks);
    expect(dead?.aliveSec).toBe(atSec);
    expect(dead?.ticksPerSec).toBeCloseTo(ticks / atSec, 9);
    const lastRow = readFileSync(join(runDir, 'machine-1.csv'), 'utf8').trim().split('\n').pop();
    expect(dead?.queue.final).toBe(Number(lastRow?.split(',')[5]));
    // The dead machine is predicted as it was, among live peers; after it died the others'
    // load is its survivors' alone (its rate counts as 0).
    expect(dead?.predicted?.queueGrowthPerSec).toBe(
      predictQueues(rates, 0.4)[1]?.queueGrowthPerSec,
    );
    const withoutIt = predictQueues([1, 0, 6], 0.4);
    expect(summary.machines[0]?.predicted?.queueGrowthPerSec).toBeCloseTo(
      withoutIt[0]?.queueGrowthPerSec as number,
      9,
    );
    expect(summary.machines[0]?.aliveSec).toBeUndefined();

    const text = (await runCliInProcess(cwd, ['analyze', 'killed'])).stdout;
    expect(text).toContain(`FAILED: machine 1 failed at ${atSec.toFixed(3)} s (killed by SIGKILL)`);

    expect((await runCliInProcess(cwd, ['report', 'killed'])).status).toBe(0);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain(
      `<li>machine 1 failed at ${atSec.toFixed(3)} s (killed by SIGKILL)</li>`,
    );
    expect(html).toContain(`Machine 1 failed at ${atSec.toFixed(3)} s (killed by SIGKILL)`);
    expect(html).toContain(`machine 1 (6 Hz, failed at ${atSec.toFixed(1)} s)`);
  }, 60_000);
});
