/**
 * Goal: with `--topology router` the router runs in its own OS process (issue 19), started by the
 * launcher before the machines, and never outlives the run: not after a run that ends, nor after
 * Ctrl-C, nor after the launcher itself is killed. Its entry refuses to run without a launcher.
 * Method: the BUILT CLI as a real process on loopback (ports from the OS); the launcher's
 * children are seen with `ps --ppid` while it runs; every test kills, by PID, whatever it started
 * that is still alive.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtEntryPaths } from '../../../src/common/paths.js';
import { runBuiltCli } from '../../helpers/cli-process.js';
import { isAlive, TcpLaunch } from '../../helpers/tcp-launch.js';
import { waitFor, within } from '../../helpers/waiting.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-router-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const routerRun = (runDir: string, durationSec: number): string[] => [
  'run',
  'trial4',
  '--mode',
  'tcp',
  '--topology',
  'router',
  '--duration',
  String(durationSec),
  '--out',
  runDir,
];

describe('run --mode tcp --topology router: the router process', () => {
  it('is a child of the launcher, forwards every copy, and is gone after the run', async () => {
    const runDir = join(cwd, 'run');
    const launch = new TcpLaunch(cwd, routerRun(runDir, 2));
    try {
      await launch.seen(3);
      const [routerPid] = launch.pidsOf('router');
      const exit = await within(launch.exited, 30_000, 'the launcher');
      expect(exit, launch.describe()).toEqual({ code: 0, signal: null });
      const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
      expect(manifest.tcp.router.port).toBeGreaterThan(0);
      expect(manifest.tcp.router.forwarded).toBe(manifest.messages.sent);
      await launch.childrenGone();
      expect(isAlive(routerPid as number)).toBe(false);
    } finally {
      await launch.cleanUp();
    }
  });

  it('is gone after Ctrl-C (SIGINT to the launcher), with the machines', async () => {
    const runDir = join(cwd, 'stopped');
    const launch = new TcpLaunch(cwd, routerRun(runDir, 60));
    try {
      await launch.seen(3);
      await waitFor(
        () => readRows(join(runDir, 'machine-0.csv')) >= 2,
        15_000,
        'two rows in machine 0',
      );
      // As a terminal's Ctrl-C would: the router (which ignores SIGINT) and the launcher.
      for (const pid of [launch.pid, ...launch.pidsOf('router')]) process.kill(pid, 'SIGINT');
      const exit = await within(launch.exited, 15_000, 'the launcher after SIGINT');
      expect(exit, launch.describe()).toEqual({ code: 130, signal: null });
      await launch.childrenGone();
    } finally {
      await launch.cleanUp();
    }
  });

  it('is gone when the launcher is killed (SIGKILL): it ends with its launcher', async () => {
    const runDir = join(cwd, 'killed');
    const launch = new TcpLaunch(cwd, routerRun(runDir, 60));
    try {
      await launch.seen(3);
      process.kill(launch.pid, 'SIGKILL');
      await within(launch.exited, 5000, 'the killed launcher');
      await launch.childrenGone(10_000);
    } finally {
      await launch.cleanUp();
    }
  });

  it('failing: a router killed mid-run ends the run at once, exit 3, one line, nothing left', async () => {
    const runDir = join(cwd, 'router-killed');
    const launch = new TcpLaunch(cwd, routerRun(runDir, 60));
    try {
      await launch.seen(3);
      await waitFor(() => readRows(join(runDir, 'machine-0.csv')) >= 2, 15_000, 'rows');
      process.kill(launch.pidsOf('router')[0] as number, 'SIGKILL');
      // Well within the run's 60 s: the machines are stopped when the router is lost.
      const exit = await within(launch.exited, 15_000, 'the launcher after its router died');
      expect(exit, launch.describe()).toEqual({ code: 3, signal: null });
      expect(launch.out.stderr).toBe(
        'lamport-lab: router process failed during the run: killed by SIGKILL\n',
      );
      await launch.childrenGone();
    } finally {
      await launch.cleanUp();
    }
  });

  it("a router killed in a run with faults: its faults part files are listed as lamport-lab's", async () => {
    const runDir = join(cwd, 'faulted-router-killed');
    const faulted = [...routerRun(runDir, 60), '--loss', '0.1', '--pause', '2@50-55'];
    const launch = new TcpLaunch(cwd, faulted);
    try {
      await launch.seen(3);
      await waitFor(() => readRows(join(runDir, 'machine-0.csv')) >= 2, 15_000, 'rows');
      process.kill(launch.pidsOf('router')[0] as number, 'SIGKILL');
      const exit = await within(launch.exited, 15_000, 'the launcher after its router died');
      expect(exit, launch.describe()).toEqual({ code: 3, signal: null });
      await launch.childrenGone();
      // Every file left is in the record of what lamport-lab wrote, the part files too (they
      // were left unlisted, strays that --force would not remove and no command claimed).
      const left = readdirSync(runDir).filter((name) => name !== '.lamport-lab.json');
      expect(left).toContain('faults-router.part.csv');
      expect(left).toContain('faults-launcher.part.csv');
      const record = JSON.parse(readFileSync(join(runDir, '.lamport-lab.json'), 'utf8'));
      expect(Object.keys(record.files).sort()).toEqual(left.sort());
      // So the same command with --force takes them back as it replaces the run.
      const again = runBuiltCli(cwd, [...routerRun(runDir, 1), '--force'], { timeoutMs: 60_000 });
      expect(again.status, again.stderr).toBe(0);
      expect(readdirSync(runDir)).not.toContain('faults-router.part.csv');
      expect(readdirSync(runDir)).not.toContain('faults-launcher.part.csv');
    } finally {
      await launch.cleanUp();
    }
  });

  it('router-main.js refuses to run without the launcher: exit 2 and a one-line reason', () => {
    const result = spawnSync(process.execPath, [builtEntryPaths.routerMain], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^router-main: expected to be forked by/);
  });
});

function readRows(path: string): number {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^\d/.test(line)).length;
  } catch {
    return 0;
  }
}
