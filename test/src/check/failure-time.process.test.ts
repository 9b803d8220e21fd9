/**
 * Goal: a TCP run's manifest states when a failed machine failed (tcp.machines[i].failure.atMs),
 * and `check` holds that to what the logs determine (failure-claims.ts): no earlier than the
 * machine's last row, and not long after the first tick it should have made and did not. An
 * edited failure time is rule 0, with the field named; analyze, plot and report refuse it in one
 * line, as any edited manifest field. The unedited run passes and is accepted.
 * Method: one real TCP run (rates 1, 6, 6; 5 s) whose machine 1 is killed by SIGKILL after its
 * third tick, made once; each case copies it, edits manifest.json and runs the built CLI.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { missedTickGraceMs } from '../../../src/check/failure-claims.js';
import { cliPath, runBuiltCli } from '../../helpers/cli-process.js';
import { logDataRows, machinePid } from '../../helpers/launched-machines.js';
import { waitFor } from '../../helpers/waiting.js';

const durationSec = 5;
const victimRateHz = 6;
let baseDir = '';
let cwd = '';
let launcher: ChildProcess | null = null;

interface TcpManifest {
  durationUs: number;
  tcp: {
    timeToleranceMs: number;
    machines: { failure: { atMs: number; reason: string } | null }[];
  };
}

beforeAll(async () => {
  baseDir = mkdtempSync(join(tmpdir(), 'lamport-failure-time-base-'));
  const child = spawn(
    process.execPath,
    [
      cliPath,
      'run',
      '--mode',
      'tcp',
      '--rates',
      `1,${victimRateHz},6`,
      '--internal-probability',
      '0.4',
      '--seed',
      '3',
      '--duration',
      String(durationSec),
      '--out',
      'killed',
      '--quiet',
    ],
    { cwd: baseDir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  launcher = child;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor(
    () => logDataRows(join(baseDir, 'killed', 'machine-1.csv')).length >= 3,
    20_000,
    '3 ticks of machine 1',
  );
  const victim = machinePid(child.pid as number, 1);
  expect(victim).not.toBeNull();
  process.kill(victim as number, 'SIGKILL');
  expect(await exited, stderr).toBe(0);
}, 60_000);

afterAll(() => {
  if (launcher !== null && launcher.exitCode === null && launcher.signalCode === null)
    launcher.kill('SIGKILL');
  rmSync(baseDir, { recursive: true, force: true });
});

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-failure-time-'));
  cpSync(join(baseDir, 'killed'), join(cwd, 'run'), { recursive: true });
});

afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function readManifest(): TcpManifest {
  return JSON.parse(readFileSync(join(cwd, 'run', 'manifest.json'), 'utf8')) as TcpManifest;
}

function setFailureAtMs(atMs: number): void {
  const manifest = readManifest();
  const failure = manifest.tcp.machines[1]?.failure;
  if (failure === null || failure === undefined) throw new Error('machine 1 has no failure');
  failure.atMs = atMs;
  writeFileSync(join(cwd, 'run', 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** machine-1.csv's rows and the time of its last one, in ms. */
function victimLog(): { rows: number; lastMs: number } {
  const rows = logDataRows(join(cwd, 'run', 'machine-1.csv'));
  return { rows: rows.length, lastMs: Number(rows[rows.length - 1]?.split(',')[3]) };
}

const field = 'tcp.machines[1].failure.atMs';

function expectCheckNames(): void {
  const result = runBuiltCli(cwd, ['check', 'run']);
  expect(result.status, result.stdout + result.stderr).toBe(1);
  const ruleZero = result.stdout
    .split('\n')
    .filter((line) => line.includes(': rule 0 (manifest): '));
  expect(
    ruleZero.some((line) => line.includes(`manifest.json: rule 0 (manifest): ${field}: `)),
    result.stdout,
  ).toBe(true);
}

function expectRefusedByViews(): void {
  for (const command of ['analyze', 'plot', 'report']) {
    const result = runBuiltCli(cwd, [command, 'run']);
    expect(result.status, `${command}: ${result.stdout}${result.stderr}`).toBe(2);
    expect(result.stdout).toBe('');
    const message = result.stderr.replace(/\n$/, '');
    expect(message).not.toContain('\n');
    expect(message.startsWith(`lamport-lab: ${join('run', 'manifest.json')}: `), message).toBe(
      true,
    );
    expect(message, command).toContain(field);
  }
}

describe('the failure time of a killed TCP machine, held to its log', () => {
  it('the unedited run checks OK and every view accepts it', () => {
    const failure = readManifest().tcp.machines[1]?.failure;
    expect(failure?.reason).toContain('SIGKILL');
    const checked = runBuiltCli(cwd, ['check', 'run']);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    for (const command of ['analyze', 'plot', 'report']) {
      const result = runBuiltCli(cwd, [command, 'run']);
      expect(result.status, `${command}: ${result.stderr}`).toBe(0);
    }
  });

  it('a failure time before its last row: check names the field, the views refuse it', () => {
    const { lastMs } = victimLog();
    const toleranceMs = readManifest().tcp.timeToleranceMs;
    expect(lastMs).toBeGreaterThan(toleranceMs + 1);
    setFailureAtMs(Math.floor(lastMs - toleranceMs - 1));
    expectCheckNames();
    expectRefusedByViews();
  });

  it('a failure time long after the first tick it did not make: check names the field, the views refuse it', () => {
    const { rows } = victimLog();
    const missedDueMs = ((rows + 1) * 1000) / victimRateHz;
    const laterMs = durationSec * 1000 - 100;
    // The killed machine's next tick came due well within the run, long before the claim.
    const toleranceMs = readManifest().tcp.timeToleranceMs;
    expect(missedDueMs + missedTickGraceMs + toleranceMs).toBeLessThan(laterMs);
    setFailureAtMs(laterMs);
    expectCheckNames();
    expectRefusedByViews();
  });
});
