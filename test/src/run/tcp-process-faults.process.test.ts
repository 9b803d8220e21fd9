/**
 * Goal: the process faults of issue 19 on real processes (`run --mode tcp --topology router`):
 * a crash is a SIGKILL of the machine's process and a restart a new process that goes on with
 * what the first persisted (seq, clock by its rule, stream position, a kept queue), rejoining
 * without a barrier; a pause is SIGSTOP/SIGCONT; a rate step switches the machine's grid. Each
 * run passes `check` with its fault rows, keeps msg_ids unique, and `replay` re-executes it
 * exactly in virtual time. Ctrl-C during a pause leaves no process behind (by PID), the paused
 * machine resumed to end cleanly.
 * Method: the BUILT CLI as a real process on loopback (ports from the OS), 3 machines for ~3 s;
 * the launcher's children seen with `ps --ppid`; whatever is still alive is killed by PID.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/cli-process.js';
import { isAlive, TcpLaunch } from '../../helpers/tcp-launch.js';
import { waitFor, within } from '../../helpers/waiting.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-procs-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface Row {
  readonly seq: number;
  readonly event: string;
  readonly timeMs: number;
  readonly clock: number;
  readonly msgId: string;
}

function rowsOf(path: string): Row[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => {
      const fields = line.split(',');
      return {
        seq: Number(fields[1]),
        event: fields[2] as string,
        timeMs: Number(fields[3]),
        clock: Number(fields[4]),
        msgId: fields[7] as string,
      };
    });
}

function faultRows(runDir: string): string[][] {
  return readFileSync(join(runDir, 'faults.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
}

/** Runs the scenario with the launcher watched; returns the run dir and the pids seen per id. */
async function runTcp(faults: unknown[], rates: number[], durationSec: number) {
  const scenarioPath = join(cwd, 'faults.json');
  writeFileSync(scenarioPath, JSON.stringify({ rates, durationSec, seed: 11, faults }));
  const runDir = join(cwd, 'run');
  const launch = new TcpLaunch(cwd, [
    'run',
    scenarioPath,
    '--mode',
    'tcp',
    '--topology',
    'router',
    '--out',
    runDir,
  ]);
  try {
    const exit = await within(launch.exited, 40_000, 'the launcher');
    expect(exit, launch.describe()).toEqual({ code: 0, signal: null });
    await launch.childrenGone();
    const pidsOf = (id: number) =>
      [...launch.children]
        .filter(([, child]) => child.kind === 'machine' && child.id === id)
        .map(([pid]) => pid);
    return { runDir, pidsOf };
  } finally {
    await launch.cleanUp();
  }
}

/** check --json of the run: exit 0, and what its faults section and the manifest say. */
function checked(runDir: string) {
  const result = cli('check', runDir, '--json');
  expect(result.status, result.stdout + result.stderr).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.ok).toBe(true);
  return report;
}

describe('process faults on real processes (run --mode tcp --topology router)', () => {
  it('crash (SIGKILL) and a persisted restart (a new process), a pause and a rate step pass check', async () => {
    const { runDir, pidsOf } = await runTcp(
      [
        { kind: 'crash', machine: 1, atSec: 0.8 },
        { kind: 'restart', machine: 1, atSec: 1.5 },
        { kind: 'pause', machine: 2, atSec: 1, untilSec: 1.6 },
        { kind: 'rate', machine: 0, atSec: 1.2, rateHz: 4 },
      ],
      [10, 8, 5],
      3,
    );
    checked(runDir);
    // Machine 1 ran as two processes: its first was killed, its restart is another.
    expect(pidsOf(1).length).toBe(2);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.faults.map((fault: { fired: number }) => fault.fired > 0)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(manifest.machines[1].restarts).toBe(1);
    expect(manifest.machines[1].failed).toBe(false);
    // Its rate is its ticks over the 2.3 s it was up (both processes), not its last process's
    // ticks over the whole 3 s (it read 4 Hz for this 8 Hz machine).
    const tcp1 = manifest.tcp.machines[1];
    expect(tcp1.ticksMade).toBe(tcp1.ticksExpected);
    expect(tcp1.achievedRateHz).toBe(Math.round((tcp1.ticksMade / 2.3) * 1000) / 1000);
    expect(tcp1.achievedRateHz).toBeGreaterThan(7.5);
    const rows = faultRows(runDir);
    const state = rows.filter((row) => row[1] !== 'drop').map((row) => row.slice(0, 3));
    expect(state).toEqual([
      ['800', 'crash', '1'],
      ['1000', 'pause', '2'],
      ['1200', 'rate', '0'],
      ['1500', 'restart', '1'],
      ['1600', 'resume', '2'],
    ]);
    expect(rows.find((row) => row[1] === 'resume')?.[5]).toBe('index=2;missed=3');
    expect(rows.find((row) => row[1] === 'rate')?.[5]).toBe('index=3;fromHz=10;toHz=4');
    // The restart row: the next seq, at the restart's time, the last event's clock; nothing
    // logged while down; seqs (so msg_ids) go on from the first process's.
    const log = rowsOf(join(runDir, 'machine-1.csv'));
    expect(log.map((row) => row.seq)).toEqual(log.map((_row, at) => at + 1));
    const restartAt = log.findIndex((row) => row.event === 'restart');
    const restart = log[restartAt] as Row;
    const before = log[restartAt - 1] as Row;
    expect(restart.timeMs).toBe(1500);
    expect(restart.clock).toBe(before.clock);
    expect(before.timeMs).toBeLessThan(800);
    expect(rows.find((row) => row[1] === 'restart')?.[5]).toBe(
      `index=1;clock=persisted;before=${before.clock};after=${before.clock}`,
    );
    const msgIds = ['machine-0.csv', 'machine-1.csv', 'machine-2.csv'].flatMap((file) =>
      rowsOf(join(runDir, file))
        .filter((row) => row.event === 'send')
        .map((row) => row.msgId),
    );
    expect(new Set(msgIds).size).toBe(msgIds.length);
    // Machine 0 stepped to 4 Hz at 1.2 s: from 1.2 s on its rows are 250 ms apart, not 100.
    const after = rowsOf(join(runDir, 'machine-0.csv')).filter((row) => row.timeMs >= 1200);
    expect(after.length).toBeGreaterThanOrEqual(6);
    expect(after.length).toBeLessThanOrEqual(8);
    // The replay re-executes it exactly in virtual time (the stream position was persisted).
    const replay = cli('replay', runDir, '--out', join(cwd, 'replay'), '--verify');
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/reproduced/);
    // check holds a TCP run to the restart's rules: a restart row off its rule's clock fails.
    const logPath = join(runDir, 'machine-1.csv');
    const lines = readFileSync(logPath, 'utf8').split('\n');
    const at = lines.findIndex((line) => line.split(',')[2] === 'restart');
    const fields = (lines[at] as string).split(',');
    fields[4] = String(Number(fields[4]) + 1);
    lines[at] = fields.join(',');
    writeFileSync(logPath, lines.join('\n'));
    const broken = cli('check', runDir, '--json');
    expect(broken.status, broken.stderr).toBe(1);
    expect(JSON.parse(broken.stdout).violationCounts.restartClock).toBe(1);
  }, 60_000);

  it('a kept queue goes to the restart; lease and reset restarts log their rule clock', async () => {
    const { runDir } = await runTcp(
      [
        { kind: 'crash', machine: 1, atSec: 0.6, inbox: 'keep' },
        { kind: 'restart', machine: 1, atSec: 1.2, clock: { lease: 16 } },
        { kind: 'crash', machine: 0, atSec: 1.6 },
        { kind: 'restart', machine: 0, atSec: 2.1, clock: 'reset' },
      ],
      [10, 2, 10],
      3,
    );
    const report = checked(runDir);
    // The reset is a consequence (the clock goes down), not a failure.
    expect(
      report.faults.consequences.map((consequence: { effect: string }) => consequence.effect),
    ).toContain('clockReset');
    const restarts = faultRows(runDir).filter((row) => row[1] === 'restart');
    expect(restarts.map((row) => row[5]?.replace(/;before=\d+/, ''))).toEqual([
      'index=1;clock=lease:16;after=16',
      'index=3;clock=reset;after=0',
    ]);
    const crash = faultRows(runDir).find((row) => row[1] === 'crash' && row[2] === '1');
    expect(crash?.[5]).toMatch(/^index=0;inbox=keep;queued=\d+$/);
    const log0 = rowsOf(join(runDir, 'machine-0.csv'));
    expect(log0.find((row) => row.event === 'restart')).toMatchObject({ timeMs: 2100, clock: 0 });
  }, 60_000);

  it('Ctrl-C while a machine is down with its restart to come: the stop is as quick as without', async () => {
    const runDir = join(cwd, 'stopped-down');
    const launch = new TcpLaunch(cwd, [
      'run',
      'trial4',
      '--mode',
      'tcp',
      '--topology',
      'router',
      '--duration',
      '60',
      '--crash',
      '1@0.5:keep',
      '--restart',
      '1@50',
      '--out',
      runDir,
    ]);
    try {
      await launch.seen(3);
      const part = join(runDir, 'faults-launcher.part.csv');
      await waitFor(
        () => existsSync(part) && readFileSync(part, 'utf8').includes(',crash,1,'),
        20_000,
        'machine 1 crashed',
      );
      const stoppedAtMs = Date.now();
      process.kill(launch.pid, 'SIGINT');
      const exit = await within(launch.exited, 15_000, 'the launcher after SIGINT');
      const stopMs = Date.now() - stoppedAtMs;
      expect(exit, launch.describe()).toEqual({ code: 130, signal: null });
      // The router waited for machine 1's restart, which a stop never makes: no fins, and the
      // machines left only when their fin wait (3 s) ran out, the launcher's wait for the
      // router (2 s) after that: ~5 s, where the same stop without a restart to come takes 0.1.
      expect(stopMs).toBeLessThan(2500);
      await launch.childrenGone();
      const checked = cli('check', runDir);
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    } finally {
      await launch.cleanUp();
    }
  }, 60_000);

  it('Ctrl-C during a pause: the paused machine is resumed, ends cleanly, no process remains', async () => {
    const runDir = join(cwd, 'stopped');
    const launch = new TcpLaunch(cwd, [
      'run',
      'trial4',
      '--mode',
      'tcp',
      '--topology',
      'router',
      '--duration',
      '60',
      '--pause',
      '1@0.5-50',
      '--out',
      runDir,
    ]);
    try {
      await launch.seen(3);
      const part = join(runDir, 'faults-launcher.part.csv');
      await waitFor(
        () => existsSync(part) && readFileSync(part, 'utf8').includes(',pause,1,'),
        20_000,
        'machine 1 paused',
      );
      const [pausedPid] = [...launch.children]
        .filter(([, child]) => child.kind === 'machine' && child.id === 1)
        .map(([pid]) => pid);
      expect(readFileSync(`/proc/${pausedPid}/stat`, 'utf8').split(' ')[2]).toBe('T');
      const stoppedAtMs = Date.now();
      process.kill(launch.pid, 'SIGINT');
      const exit = await within(launch.exited, 15_000, 'the launcher after SIGINT');
      expect(exit, launch.describe()).toEqual({ code: 130, signal: null });
      // Resumed and told to stop: not left stopped until the launcher gives up (15 s and more).
      expect(Date.now() - stoppedAtMs).toBeLessThan(10_000);
      for (const pid of launch.children.keys()) expect(isAlive(pid), `pid ${pid}`).toBe(false);
      const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
      expect(manifest.tcp.machines[1].failure).toBeNull();
      // Its pause ended at the stop, so the ticks it missed were due then; it runs them as it
      // wakes (some, before the stop ends it): made never exceeds due (it read `3/1 ticks`).
      const paused = manifest.tcp.machines[1];
      expect(paused.ticksMade, JSON.stringify(paused)).toBeLessThanOrEqual(paused.ticksExpected);
      // The stop ended the pause: its resume row is at the stop, before the rows the machine
      // made as it woke (the ticks it missed), so none sits unexplained inside the pause, and
      // check takes the early resume of a stopped run.
      const rows = readFileSync(join(runDir, 'faults.csv'), 'utf8').trim().split('\n');
      const resume = rows.find((row) => row.includes(',resume,1,'));
      expect(resume, rows.join('\n')).toBeDefined();
      const resumeMs = Number(resume?.split(',')[0]);
      expect(resumeMs).toBeGreaterThan(500);
      expect(resumeMs).toBeLessThan(50_000);
      const log1 = readFileSync(join(runDir, 'machine-1.csv'), 'utf8').trim().split('\n').slice(1);
      for (const row of log1) {
        const timeMs = Number(row.split(',')[3]);
        expect(timeMs < 500 || timeMs >= resumeMs, row).toBe(true);
      }
      const checked = cli('check', runDir);
      expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    } finally {
      await launch.cleanUp();
    }
  }, 60_000);
});
