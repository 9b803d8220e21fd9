/**
 * Goal: `run --mode tcp` and `machine` keep their promises on real sockets: mesh and router runs
 * write complete, checkable logs and an honest manifest; Ctrl-C stops cleanly; a killed machine
 * is a recorded failure, not a broken run; bad peers are closed and counted; the tick rate is
 * kept; and machines on separate network hosts (Linux network namespaces) make one checkable run.
 * Method: the BUILT CLI (dist/src/cli.js) is spawned as a real process on loopback, with ports
 * from the OS; the launcher's children are found with `ps --ppid` while it runs, and every test
 * ends by killing, by PID, whatever it started that is still alive and asserting that every
 * machine process is gone. Each test uses a fresh temp dir, removed afterwards.
 */
import { type ChildProcess, execFile, fork, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/common/paths.js';
import type { LauncherToMachine, MachineToLauncher } from '../../../src/run/launched-machine.js';
import { encodeFrame, frameBytesMax, protocolVersion } from '../../../transports/tcp/framing.js';
import { cliPath } from '../../helpers/cli-process.js';
import { freePorts } from '../../helpers/free-ports.js';
import { waitFor, within } from '../../helpers/waiting.js';

const logHeader = 'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock';
const runTimeoutMs = 30_000;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * What a launched machine's command line says about it: `machine --ipc --id N --run-id R`. The
 * rest of its configuration, the token included, comes over the IPC channel, out of `ps`'s sight.
 */
interface LaunchConfig {
  readonly machine: { readonly machineId: number; readonly runId: string };
}

interface Started {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<Exit>;
  readonly out: { stdout: string; stderr: string };
}

interface TcpMachineJson {
  readonly id: number;
  readonly port: number;
  readonly ticksMade: number;
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  readonly lateness: {
    readonly p50Ms: number;
    readonly p99Ms: number;
    readonly maxMs: number;
    readonly lateTicks: number;
  };
  readonly badConnections: { readonly count: number; readonly reasons: readonly string[] };
  readonly disconnects: readonly { readonly peerId: number; readonly atMs: number }[];
  readonly failure: { readonly atMs: number; readonly reason: string } | null;
  readonly overhead?: {
    readonly startupMs: number;
    readonly connectMs: number;
    readonly readyMs: number;
    readonly peakRssMb: number | null;
  };
}

interface MedianMaxJson {
  readonly median: number;
  readonly max: number;
}

interface ManifestJson {
  readonly mode: string;
  readonly completed: boolean;
  readonly durationUs: number;
  readonly events: number;
  readonly messages: {
    readonly sent: number;
    readonly received: number;
    readonly queuedAtEnd: number;
    readonly inFlightAtEnd: number;
    readonly undeliverable?: number;
    readonly lost?: number;
  };
  readonly machines: readonly {
    readonly id: number;
    readonly rateHz: number;
    readonly events: {
      readonly internal: number;
      readonly send: number;
      readonly receive: number;
      readonly total: number;
    };
    readonly queuedAtEnd: number;
    readonly undeliverableAtEnd?: number;
    readonly failed?: boolean;
  }[];
  readonly logs: readonly { readonly file: string; readonly rows: number }[];
  readonly tcp: {
    readonly topology: string;
    readonly host: string;
    readonly machines: readonly TcpMachineJson[];
    readonly router: { readonly port: number; readonly forwarded: number } | null;
    readonly setupMs: number;
    readonly overhead?: {
      readonly setupMsPerMachine: number;
      readonly forkLoopMs: number;
      readonly startupPhaseMs: number;
      readonly connectPhaseMs: number;
      readonly startDelayMs: number;
      readonly startupMsPerMachine: MedianMaxJson;
      readonly connectMsPerMachine: MedianMaxJson;
      readonly peakRssMbPerMachine: MedianMaxJson | null;
      readonly launcherPeakRssMb: number;
    };
  };
}

interface CheckJson {
  readonly ok: boolean;
  readonly mode: string;
  readonly messages: {
    readonly sent: number;
    readonly received: number;
    readonly queuedAtEnd: number | null;
    readonly inFlightAtEnd: number | null;
    readonly undeliverable: number | null;
    readonly lostWithFailure: number;
  };
  readonly fifoChecked: boolean;
  readonly violations: readonly unknown[];
  readonly notes: readonly string[];
}

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-tcp-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

// ---- processes ---------------------------------------------------------------------------------

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Everything a test starts, by PID: the processes it spawned and the launcher's children it saw.
 * `cleanUp` (in every test's finally) SIGKILLs those still alive, by PID, and waits for them.
 */
class Processes {
  readonly #started: Started[] = [];
  /** Launcher pid → its machine children: pid → launch config. */
  readonly #children = new Map<number, Map<number, LaunchConfig>>();
  readonly #watchers: NodeJS.Timeout[] = [];

  start(command: string, args: readonly string[]): Started {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${command}`);
    const out = { stdout: '', stderr: '' };
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out.stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      out.stderr += chunk;
    });
    const exited = new Promise<Exit>((resolveExit) => {
      child.on('exit', (code, signal) => resolveExit({ code, signal }));
    });
    const started = { process: child, pid, exited, out };
    this.#started.push(started);
    return started;
  }

  /** Starts the CLI as a launcher and watches for its machine children while it runs. */
  launch(args: readonly string[]): Started {
    const started = this.start(process.execPath, [cliPath, ...args]);
    const children = new Map<number, LaunchConfig>();
    this.#children.set(started.pid, children);
    let polling = false;
    const watcher = setInterval(() => {
      if (polling || started.process.exitCode !== null || started.process.signalCode !== null)
        return;
      polling = true;
      execFile(
        'ps',
        ['-o', 'pid=', '--ppid', String(started.pid)],
        { timeout: 2000 },
        (_error, stdout) => {
          polling = false;
          for (const word of stdout.split(/\s+/)) {
            const pid = Number(word);
            if (word === '' || children.has(pid)) continue;
            const config = launchConfigOf(pid);
            if (config !== null) children.set(pid, config);
          }
        },
      );
    }, 50);
    this.#watchers.push(watcher);
    void started.exited.then(() => clearInterval(watcher));
    return started;
  }

  /** The machine children of a launcher seen so far. */
  machinesOf(launcher: Started): Map<number, LaunchConfig> {
    return this.#children.get(launcher.pid) ?? new Map();
  }

  /** Waits until the watcher has seen `count` machine children of `launcher`. */
  async machinesSeen(launcher: Started, count: number): Promise<Map<number, LaunchConfig>> {
    await waitFor(
      () => this.machinesOf(launcher).size >= count,
      15_000,
      `${count} machine processes under launcher ${launcher.pid}`,
    );
    return this.machinesOf(launcher);
  }

  pidOfMachine(launcher: Started, machineId: number): number {
    for (const [pid, config] of this.machinesOf(launcher))
      if (config.machine.machineId === machineId) return pid;
    throw new Error(`machine ${machineId} of launcher ${launcher.pid} not seen`);
  }

  /** Every machine process seen is gone (not merely stopped: no such process). */
  async expectMachinesGone(launcher: Started, count: number): Promise<void> {
    const pids = [...this.machinesOf(launcher).keys()];
    expect(pids).toHaveLength(count);
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5000, `machines ${pids} gone`);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  }

  async cleanUp(): Promise<void> {
    for (const watcher of this.#watchers) clearInterval(watcher);
    const pids = [
      ...this.#started.map((started) => started.pid),
      ...[...this.#children.values()].flatMap((children) => [...children.keys()]),
    ];
    for (const pid of pids) {
      if (isAlive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone between the test and the kill.
        }
      }
    }
    const waits = this.#started.map((started) => started.exited);
    await within(Promise.all(waits), 5000, 'killed processes exit').catch(() => undefined);
  }
}

/** A launched machine's id and run id from its command line, or null if it is not one. */
function launchConfigOf(pid: number): LaunchConfig | null {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('--ipc');
    if (at < 1 || args[at - 1] !== 'machine') return null;
    const value = (flag: string) => args[args.indexOf(flag) + 1] as string;
    return { machine: { machineId: Number(value('--id')), runId: value('--run-id') } };
  } catch {
    return null;
  }
}

async function exitOf(started: Started, what: string): Promise<Exit> {
  return within(started.exited, runTimeoutMs, what);
}

function describeOutput(started: Started): string {
  return `stdout:\n${started.out.stdout}\nstderr:\n${started.out.stderr}`;
}

// ---- files -------------------------------------------------------------------------------------

function readManifest(runDir: string): ManifestJson {
  return JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as ManifestJson;
}

/** Complete data rows so far (a line still being written is not counted). */
function rowsSoFar(path: string): number {
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, 'utf8').split('\n');
  return Math.max(0, lines.length - 2);
}

/** Every line ends with a newline and has the 9 columns of the header; returns the data rows. */
function expectCompleteCsv(path: string, machineId: number): string[][] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n'), `${path} ends with a newline`).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  expect(lines[0]).toBe(logHeader);
  const rows = lines.slice(1).map((line) => line.split(','));
  rows.forEach((columns, index) => {
    expect(columns, `${path}:${index + 2}`).toHaveLength(9);
    expect(columns[0], `${path}:${index + 2}`).toBe(String(machineId));
    expect(columns[1], `${path}:${index + 2}`).toBe(String(index + 1));
  });
  return rows;
}

interface CheckRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function check(runDir: string, ...flags: string[]): CheckRun {
  const result = spawnSync(process.execPath, [cliPath, 'check', runDir, ...flags], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `check --json` exits 0 with no violation; returns the report. */
function expectCheckOk(runDir: string): CheckJson {
  const result = check(runDir, '--json');
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  const report = JSON.parse(result.stdout) as CheckJson;
  expect(report.violations).toEqual([]);
  expect(report.ok).toBe(true);
  return report;
}

/** Receive rows and message copies sent, counted from the logs. */
function countMessages(runDir: string, machineCount: number): { sent: number; received: number } {
  let sent = 0;
  let received = 0;
  for (let id = 0; id < machineCount; id += 1) {
    for (const row of expectCompleteCsv(join(runDir, `machine-${id}.csv`), id)) {
      if (row[2] === 'send') sent += (row[6] as string).split(';').length;
      if (row[2] === 'receive') received += 1;
    }
  }
  return { sent, received };
}

// ---- ports -------------------------------------------------------------------------------------

/** The port can be listened on again right away. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolveListen) => {
    const server = net.createServer();
    server.once('error', () => resolveListen(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveListen(true)));
  });
}

/**
 * Connects to a machine, writes `payload`, and resolves once the machine has closed the
 * connection (or rejects after `timeoutMs`); returns how long it took from the write.
 */
function expectClosedByPeer(port: number, payload: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolveClosed, rejectClosed) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let wroteAt = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      rejectClosed(new Error(`port ${port}: connection still open after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => {
      wroteAt = Date.now();
      socket.write(payload);
    });
    // A reset (the machine destroys the socket while we still write) is a close too.
    socket.on('error', () => {});
    socket.resume();
    socket.on('close', () => {
      clearTimeout(timer);
      if (wroteAt === 0) rejectClosed(new Error(`port ${port}: could not connect`));
      else resolveClosed(Date.now() - wroteAt);
    });
  });
}

// ---- the tests ---------------------------------------------------------------------------------

describe('run --mode tcp, mesh', () => {
  it('runs trial4 for 3 s: logs, a tcp manifest with every tick, and a passing check', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'mesh');
    try {
      const launcher = processes.launch([
        'run',
        'trial4',
        '--mode',
        'tcp',
        '--duration',
        '3',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 3);
      const exit = await exitOf(launcher, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      // Its 3 s are real seconds, not model time.
      expect(launcher.out.stdout).toMatch(/^\d+ events in 3 s of real time \(\d+\.\d\d s wall\)$/m);
      expect(readdirSync(runDir).sort()).toEqual([
        '.lamport-lab.json',
        'machine-0.csv',
        'machine-1.csv',
        'machine-2.csv',
        'manifest.json',
        'summary.json',
      ]);
      const manifest = readManifest(runDir);
      // The machine processes wrote the logs; the launcher recorded them as lamport-lab's.
      const record = JSON.parse(readFileSync(join(runDir, '.lamport-lab.json'), 'utf8')) as {
        files: Record<string, { sha256: string }>;
      };
      for (const id of [0, 1, 2]) {
        const file = `machine-${id}.csv`;
        const sha256 = createHash('sha256')
          .update(readFileSync(join(runDir, file)))
          .digest('hex');
        expect(record.files[file]?.sha256, file).toBe(sha256);
      }
      expect(manifest.mode).toBe('tcp');
      expect(manifest.completed).toBe(true);
      expect(manifest.tcp.topology).toBe('mesh');
      expect(manifest.tcp.host).toBe('127.0.0.1');
      expect(manifest.tcp.router).toBeNull();
      // trial4's rates are 3, 2 and 1 Hz: 9, 6 and 3 ticks in 3 s.
      const durationSec = 3;
      manifest.tcp.machines.forEach((machine, id) => {
        const rows = expectCompleteCsv(join(runDir, `machine-${id}.csv`), id);
        const rateHz = manifest.machines[id]?.rateHz as number;
        expect(Math.abs(machine.ticksMade - rateHz * durationSec), `machine ${id}`).toBeLessThan(
          1.5,
        );
        expect(machine.ticksMade, `machine ${id}: one row per tick`).toBe(rows.length);
        expect(manifest.machines[id]?.events.total).toBe(rows.length);
        expect(machine.failure).toBeNull();
        expect(machine.disconnects).toEqual([]);
        expect(machine.badConnections.count).toBe(0);
        expect(manifest.machines[id]?.failed).toBe(false);
      });
      const counted = countMessages(runDir, 3);
      expect(manifest.messages.sent).toBe(counted.sent);
      expect(manifest.messages.received).toBe(counted.received);
      expect(manifest.messages.sent).toBe(
        manifest.messages.received + manifest.messages.queuedAtEnd,
      );

      const result = check(runDir);
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
      const okLine = result.stdout.split('\n').find((line) => line.startsWith('OK '));
      expect(okLine, result.stdout).toBeDefined();
      expect(okLine).toContain('FIFO checked');
      await processes.expectMachinesGone(launcher, 3);

      // The ticks a machine made are its rows: a manifest that says otherwise is not the run's.
      const manifestPath = join(runDir, 'manifest.json');
      const edited = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
      (edited.tcp.machines[1] as { ticksMade: number }).ticksMade += 1;
      writeFileSync(manifestPath, `${JSON.stringify(edited, null, 2)}\n`);
      const failed = check(runDir);
      expect(failed.status, failed.stdout).toBe(1);
      expect(failed.stdout).toContain('tcp.machines[1].ticksMade');
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, 32 machine processes', () => {
  it('runs 32 machines for 2 s with no failure, every tick made, a passing check and its overhead', async () => {
    const machineCount = 32;
    const durationSec = 2;
    const processes = new Processes();
    const runDir = join(cwd, 'many');
    try {
      const launcher = processes.launch([
        'run',
        'default',
        '--mode',
        'tcp',
        '--machines',
        String(machineCount),
        '--duration',
        String(durationSec),
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, machineCount);
      // Up to 32 processes starting on two cores shared with other test files: allow time.
      const exit = await within(launcher.exited, 90_000, 'the launcher of 32 machines');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      const manifest = readManifest(runDir);
      expect(manifest.completed).toBe(true);
      expect(manifest.tcp.machines).toHaveLength(machineCount);
      for (const machine of manifest.tcp.machines) {
        const what = `machine ${machine.id}`;
        expect(machine.failure, what).toBeNull();
        expect(manifest.machines[machine.id]?.failed, what).toBe(false);
        expect(machine.disconnects, what).toEqual([]);
        expect(machine.badConnections.count, what).toBe(0);
        // Rates are drawn from 1..6 Hz: 2 to 12 ticks in 2 s, every one of them made.
        expect(machine.ticksExpected, what).toBeGreaterThanOrEqual(durationSec);
        expect(machine.ticksMade, what).toBe(machine.ticksExpected);
        const rows = expectCompleteCsv(join(runDir, `machine-${machine.id}.csv`), machine.id);
        expect(rows.length, what).toBe(machine.ticksMade);
        const overhead = machine.overhead;
        expect(overhead, what).toBeDefined();
        expect(overhead?.startupMs, what).toBeGreaterThan(0);
        expect(overhead?.connectMs, what).toBeGreaterThan(0);
        // Ready includes both, and the wait for the slowest machine between them (each figure
        // is rounded to a whole ms on its own, hence the 1).
        expect(overhead?.readyMs, what).toBeGreaterThanOrEqual(
          (overhead?.startupMs ?? 0) + (overhead?.connectMs ?? 0) - 1,
        );
        expect(overhead?.peakRssMb, what).toBeGreaterThan(0);
      }
      const overhead = manifest.tcp.overhead;
      expect(overhead).toBeDefined();
      if (overhead === undefined) return;
      expect(manifest.tcp.setupMs).toBeGreaterThan(0);
      expect(overhead.setupMsPerMachine).toBeCloseTo(manifest.tcp.setupMs / machineCount, 0);
      for (const value of [
        overhead.forkLoopMs,
        overhead.startupPhaseMs,
        overhead.connectPhaseMs,
        overhead.startDelayMs,
        overhead.startupMsPerMachine.median,
        overhead.connectMsPerMachine.median,
        overhead.launcherPeakRssMb,
      ]) {
        expect(value).toBeGreaterThan(0);
      }
      expect(overhead.startupMsPerMachine.median).toBeLessThanOrEqual(
        overhead.startupMsPerMachine.max,
      );
      // The phases tile the set-up (to a few ms: the start time comes from machine 0's clock).
      expect(
        Math.abs(
          overhead.startupPhaseMs +
            overhead.connectPhaseMs +
            overhead.startDelayMs -
            manifest.tcp.setupMs,
        ),
      ).toBeLessThanOrEqual(2);
      const rss = overhead.peakRssMbPerMachine;
      expect(rss).not.toBeNull();
      expect(rss?.median).toBeGreaterThan(0);
      expect(rss?.median).toBeLessThanOrEqual(rss?.max ?? 0);
      // The printed summary carries the same figures.
      expect(launcher.out.stdout).toContain(`set-up: ${overhead.setupMsPerMachine} ms per machine`);
      expect(launcher.out.stdout).toMatch(/per machine process, median \(max\): start-up \d+ ms/);
      const report = expectCheckOk(runDir);
      expect(report.messages.sent).toBeGreaterThan(0);
      await processes.expectMachinesGone(launcher, machineCount);
    } finally {
      await processes.cleanUp();
    }
  }, 150_000);
});

describe('machine --ipc, both entries', () => {
  // The launcher forks machine-main.js (the machine without the CLI); `lamport-lab machine --ipc`
  // must keep working the same way. Two machines are the smallest mesh: this test is their
  // launcher, speaking the IPC protocol itself.
  const entries = [
    ['machine-main.js', join(packageRoot, 'dist', 'src', 'run', 'machine-main.js')],
    ['cli.js', cliPath],
  ] as const;
  for (const [name, entry] of entries) {
    it(`${name} machine --ipc: configured over IPC, ticks, reports its peak RSS, exits 0`, async () => {
      const outDir = join(cwd, name);
      mkdirSync(outDir);
      const runId = 'pair';
      const ids = [0, 1];
      const children = ids.map((id) =>
        fork(entry, ['machine', '--ipc', '--id', String(id), '--run-id', runId], {
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          execArgv: [],
        }),
      );
      try {
        const exits = children.map(
          (child) =>
            new Promise<Exit>((resolveExit) => {
              child.on('exit', (code, signal) => resolveExit({ code, signal }));
            }),
        );
        const messages: MachineToLauncher[][] = ids.map(() => []);
        const ports: number[] = ids.map(() => 0);
        children.forEach((child, id) => {
          child.on('message', (message: MachineToLauncher) => {
            messages[id]?.push(message);
            if (message.kind !== 'listening') return;
            ports[id] = message.port;
            if (ports.every((port) => port !== 0)) {
              children.forEach((each, eachId) => {
                const other = 1 - eachId;
                const peers = [{ id: other, host: '127.0.0.1', port: ports[other] as number }];
                each.send({ kind: 'peers', peers } satisfies LauncherToMachine);
              });
            }
          });
          child.send({
            kind: 'config',
            launch: {
              machine: {
                machineId: id,
                machineCount: ids.length,
                rateHz: 5,
                internalProbability: 0.5,
                seed: 9,
                durationMs: 1000,
                runId,
                token: 'pair-token',
                listenHost: '127.0.0.1',
                listenPort: 0,
                topology: 'mesh',
              },
              outDir,
            },
          } satisfies LauncherToMachine);
        });
        const ended = await within(Promise.all(exits), runTimeoutMs, name);
        for (const id of ids) {
          expect(ended[id], `machine ${id}`).toEqual({ code: 0, signal: null });
          const kinds = (messages[id] ?? []).map((message) => message.kind);
          expect(kinds.filter((kind) => kind !== 'progress')).toEqual([
            'listening',
            'started',
            'done',
          ]);
          const done = messages[id]?.find((message) => message.kind === 'done');
          if (done?.kind !== 'done') throw new Error(`machine ${id}: no done message`);
          expect(done.report.ticksMade).toBe(5);
          expect(done.peakRssKb).toBeGreaterThan(10_000);
          expect(expectCompleteCsv(join(outDir, `machine-${id}.csv`), id)).toHaveLength(5);
        }
      } finally {
        for (const child of children) {
          if (child.pid !== undefined && isAlive(child.pid)) process.kill(child.pid, 'SIGKILL');
        }
      }
    });
  }

  it('machine-main.js refuses to run without the launcher: exit 2 and a one-line reason', () => {
    const result = spawnSync(
      process.execPath,
      [join(packageRoot, 'dist', 'src', 'run', 'machine-main.js')],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('lamport-lab machine');
  });
});

describe('run --mode tcp --topology router', () => {
  it('forwards every message copy through the router and passes the check', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'router');
    try {
      const launcher = processes.launch([
        'run',
        'trial4',
        '--mode',
        'tcp',
        '--topology',
        'router',
        '--duration',
        '3',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 3);
      const exit = await exitOf(launcher, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      const manifest = readManifest(runDir);
      expect(manifest.mode).toBe('tcp');
      expect(manifest.completed).toBe(true);
      expect(manifest.tcp.topology).toBe('router');
      const router = manifest.tcp.router;
      expect(router).not.toBeNull();
      expect(router?.port).toBeGreaterThan(0);
      const counted = countMessages(runDir, 3);
      const undeliverable = manifest.machines.reduce(
        (total, machine) => total + (machine.undeliverableAtEnd ?? 0),
        0,
      );
      expect(undeliverable).toBe(0);
      // Every copy went through the router once, and arrived: received or still queued.
      expect(router?.forwarded).toBeGreaterThan(0);
      expect(router?.forwarded).toBe(counted.sent);
      expect(router?.forwarded).toBe(counted.received + manifest.messages.queuedAtEnd);
      const report = expectCheckOk(runDir);
      expect(report.fifoChecked).toBe(true);
      expect(report.messages.sent).toBe(router?.forwarded);
      await processes.expectMachinesGone(launcher, 3);
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, interrupted', () => {
  it('stops cleanly on SIGINT to the launcher: exit 130, complete rows, a passing check', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'interrupted');
    try {
      const launcher = processes.launch([
        'run',
        '--mode',
        'tcp',
        '--rates',
        '10,5,8',
        '--seed',
        '7',
        '--duration',
        '60',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 3);
      await waitFor(
        () => [0, 1, 2].every((id) => rowsSoFar(join(runDir, `machine-${id}.csv`)) >= 2),
        15_000,
        'two rows in every log',
      );
      expect(launcher.process.exitCode).toBeNull();
      // The signal goes to the launcher alone (by PID), not to its process group.
      process.kill(launcher.pid, 'SIGINT');
      const exit = await within(launcher.exited, 15_000, 'the launcher to stop after SIGINT');
      expect(exit, describeOutput(launcher)).toEqual({ code: 130, signal: null });
      const manifest = readManifest(runDir);
      expect(manifest.mode).toBe('tcp');
      expect(manifest.completed).toBe(false);
      for (const id of [0, 1, 2]) {
        const rows = expectCompleteCsv(join(runDir, `machine-${id}.csv`), id);
        expect(rows.length).toBeGreaterThanOrEqual(2);
        expect(manifest.machines[id]?.events.total).toBe(rows.length);
        expect(manifest.machines[id]?.failed).toBe(false);
        expect(manifest.tcp.machines[id]?.failure).toBeNull();
      }
      expectCheckOk(runDir);
      await processes.expectMachinesGone(launcher, 3);
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp --quiet', () => {
  it('prints the seed and where the logs went, and nothing else', async () => {
    const processes = new Processes();
    try {
      const args = ['run', '--mode', 'tcp', '--duration', '1', '--rates', '1,2', '--quiet'];
      const launcher = processes.launch([...args, '--out', join(cwd, 'quiet')]);
      const exit = await exitOf(launcher, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      // A TCP run's summary is read back from its logs: said without --quiet, not with it.
      const lines = launcher.out.stdout.trimEnd().split('\n');
      expect(lines, launcher.out.stdout).toHaveLength(2);
      expect(lines[0]).toMatch(/^SEED=\d+ {2}scenario /);
      expect(lines[1]).toMatch(/^logs: .*quiet/);
      expect(launcher.out.stderr).toBe('');
      expect(existsSync(join(cwd, 'quiet', 'summary.json'))).toBe(true);
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, a start refused', () => {
  /** A port this test holds (listening on loopback), so that a machine told to use it fails. */
  async function holdPort(): Promise<net.Server> {
    const server = net.createServer();
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    return server;
  }

  /** The launcher ended, and no machine of it is left: a refused start leaves no process. */
  async function expectEnded(processes: Processes, launcher: Started, code: number) {
    const exit = await exitOf(launcher, 'the launcher');
    expect(exit, describeOutput(launcher)).toEqual({ code, signal: null });
    const pids = [...processes.machinesOf(launcher).keys()];
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5000, `machines ${pids} gone`);
  }

  it('a port in use: exit 2, nothing left behind, and the corrected command runs', async () => {
    const processes = new Processes();
    const held = await holdPort();
    const heldPort = (held.address() as net.AddressInfo).port;
    const mine = join(cwd, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), "the user's\n");
    try {
      const [free1, free2] = (await freePorts(2)) as [number, number];
      const ports = ['--ports', `${heldPort},${free1},${free2}`];
      const run = ['run', '--mode', 'tcp', '--duration', '1', '--seed', '5'];
      const refused = processes.launch([...run, ...ports]);
      await expectEnded(processes, refused, 2);
      expect(refused.out.stderr).toMatch(/^lamport-lab: machine 0 could not start: .*EADDRINUSE/m);
      // The default directory and the logs/ above it were this run's: both are gone.
      expect(readdirSync(cwd).sort()).toEqual(['mine']);
      // --force into a directory of the user's: their file stays, nothing of the run does.
      const forced = processes.launch([...run, ...ports, '--out', mine, '--force']);
      await expectEnded(processes, forced, 2);
      expect(readdirSync(mine)).toEqual(['notes.txt']);
      // The same command without the taken port is not refused by what the first one left.
      const corrected = processes.launch(run);
      await expectEnded(processes, corrected, 0);
      expect(corrected.out.stdout).toMatch(/^logs: logs\/default-seed5-/m);
    } finally {
      await new Promise((resolveClose) => held.close(resolveClose));
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp --force, a start refused', () => {
  /** Every file of `directory` (hidden ones too) and its bytes' sha256. */
  function filesOf(directory: string): Record<string, string> {
    const files: Record<string, string> = {};
    for (const name of readdirSync(directory).sort())
      files[name] = createHash('sha256')
        .update(readFileSync(join(directory, name)))
        .digest('hex');
    return files;
  }

  it('leaves the earlier run and its record byte for byte; a started one replaces it', async () => {
    const processes = new Processes();
    const held = net.createServer();
    await new Promise<void>((resolveListen) => held.listen(0, '127.0.0.1', resolveListen));
    const heldPort = (held.address() as net.AddressInfo).port;
    const runDir = join(cwd, 'kept');
    try {
      const run = ['run', '--mode', 'tcp', '--duration', '1', '--rates', '2,2,2', '--quiet'];
      const first = processes.launch([...run, '--out', runDir]);
      expect(await exitOf(first, 'the first run'), describeOutput(first)).toEqual({
        code: 0,
        signal: null,
      });
      const before = filesOf(runDir);
      expect(Object.keys(before)).toContain('manifest.json');
      const [free0, free2] = (await freePorts(2)) as [number, number];
      const ports = ['--ports', `${free0},${heldPort},${free2}`];
      const refused = processes.launch([...run, ...ports, '--out', runDir, '--force']);
      expect(await exitOf(refused, 'the refused run'), describeOutput(refused)).toEqual({
        code: 2,
        signal: null,
      });
      expect(refused.out.stderr).toMatch(/^lamport-lab: machine 1 could not start: .*EADDRINUSE/m);
      expect(filesOf(runDir)).toEqual(before);
      // Started, it replaces the earlier run as --force always did: nothing set aside is left.
      const replaced = processes.launch([...run, '--out', runDir, '--force']);
      expect(await exitOf(replaced, 'the replacing run'), describeOutput(replaced)).toEqual({
        code: 0,
        signal: null,
      });
      const after = filesOf(runDir);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(after['manifest.json']).not.toBe(before['manifest.json']);
    } finally {
      await new Promise((resolveClose) => held.close(resolveClose));
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, a machine killed', () => {
  it('records machine 1 as failed, its peers note the disconnect, and the run checks', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'killed');
    try {
      const launcher = processes.launch([
        'run',
        '--mode',
        'tcp',
        '--rates',
        '5,5,5',
        '--internal-probability',
        '0.4',
        '--seed',
        '11',
        '--duration',
        '4',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 3);
      const victim = processes.pidOfMachine(launcher, 1);
      // About 1 s into the run: machine 0 has made 5 ticks at 5 Hz.
      await waitFor(() => rowsSoFar(join(runDir, 'machine-0.csv')) >= 5, 15_000, '5 ticks');
      process.kill(victim, 'SIGKILL');
      const exit = await exitOf(launcher, 'the launcher');
      // The run goes on to the end of its duration: it completed, with a failure recorded.
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      expect(launcher.out.stdout).toMatch(/machine 1 FAILED at [\d.]+ s: killed by SIGKILL/);
      const manifest = readManifest(runDir);
      expect(manifest.completed).toBe(true);
      expect(manifest.machines[1]?.failed).toBe(true);
      const failure = manifest.tcp.machines[1]?.failure;
      expect(failure).not.toBeNull();
      expect(failure?.reason).toContain('SIGKILL');
      // Milliseconds since the common start: the kill came about 1 s in.
      expect(failure?.atMs).toBeGreaterThanOrEqual(800);
      expect(failure?.atMs).toBeLessThan(3000);
      for (const id of [0, 2]) {
        const machine = manifest.tcp.machines[id] as TcpMachineJson;
        expect(manifest.machines[id]?.failed, `machine ${id}`).toBe(false);
        expect(machine.failure, `machine ${id}`).toBeNull();
        expect(
          machine.disconnects.map((disconnect) => disconnect.peerId),
          `machine ${id}`,
        ).toContain(1);
        expect(machine.disconnects.every((disconnect) => disconnect.peerId === 1)).toBe(true);
        expect(Math.abs(machine.ticksMade - 20), `machine ${id} ticked to the end`).toBeLessThan(
          1.5,
        );
      }
      for (const id of [0, 1, 2]) expectCompleteCsv(join(runDir, `machine-${id}.csv`), id);
      const report = expectCheckOk(runDir);
      // What was sent to machine 1 and never received is counted, not a violation: as
      // undeliverable (its peers could not write it) or lost with it, never as both. The ledger
      // adds up in check's report, in its printed line and in the manifest.
      const { messages } = report;
      expect(messages.undeliverable).toBe(manifest.machines[1]?.undeliverableAtEnd);
      expect((messages.undeliverable ?? 0) + messages.lostWithFailure).toBeGreaterThan(0);
      expect(
        messages.received +
          (messages.queuedAtEnd ?? 0) +
          (messages.inFlightAtEnd ?? 0) +
          (messages.undeliverable ?? 0) +
          messages.lostWithFailure,
      ).toBe(messages.sent);
      const line = check(runDir).stdout.split('\n')[0] as string;
      const printed =
        /(\d+) messages sent \((\d+) received, (\d+) queued and (\d+) in flight at the end(?:, (\d+) undeliverable)?(?:, (\d+) lost with failed machines)?\)/.exec(
          line,
        );
      expect(printed, line).not.toBeNull();
      const [sent, ...parts] = (printed as RegExpExecArray)
        .slice(1)
        .map((text) => Number(text ?? 0));
      expect(
        parts.reduce((total, part) => total + part, 0),
        line,
      ).toBe(sent);
      const stated = manifest.messages;
      expect(stated).toEqual({
        sent: messages.sent,
        received: messages.received,
        queuedAtEnd: messages.queuedAtEnd,
        inFlightAtEnd: 0,
        undeliverable: messages.undeliverable,
        lost: messages.lostWithFailure,
      });
      await processes.expectMachinesGone(launcher, 3);
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, a machine killed before its first row', () => {
  it('records it as failed with 0 ticks; the manifest is written and check and analyze read its log', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'killed-silent');
    try {
      // At 0.2 Hz machine 2's first tick is due at 5 s: in a 3 s run it never writes a row.
      const launcher = processes.launch([
        'run',
        '--mode',
        'tcp',
        '--rates',
        '5,5,0.2',
        '--duration',
        '3',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 3);
      const victim = processes.pidOfMachine(launcher, 2);
      await waitFor(() => rowsSoFar(join(runDir, 'machine-0.csv')) >= 3, 15_000, '3 ticks');
      process.kill(victim, 'SIGKILL');
      const exit = await exitOf(launcher, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      expect(launcher.out.stdout).toMatch(/machine 2 FAILED at [\d.]+ s: killed by SIGKILL/);
      const manifest = readManifest(runDir);
      expect(manifest.machines[2]?.failed).toBe(true);
      expect(manifest.machines[2]?.events.total).toBe(0);
      expect(manifest.tcp.machines[2]?.ticksMade).toBe(0);
      expect(manifest.tcp.machines[2]?.failure?.atMs).toBeGreaterThan(0);
      expect(readFileSync(join(runDir, 'machine-2.csv'), 'utf8')).toBe(`${logHeader}\n`);
      expectCheckOk(runDir);
      const analyze = spawnSync(process.execPath, [cliPath, 'analyze', runDir], {
        cwd,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(analyze.status, `${analyze.stdout}\n${analyze.stderr}`).toBe(0);
      expect(analyze.stdout).toMatch(/machine 2 failed at [\d.]+ s \(killed by SIGKILL\)/);
      await processes.expectMachinesGone(launcher, 3);
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, one machine stopped by a signal of its own', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s to machine 1 alone: it is named as stopped early, the manifest is valid, the run checks',
    async (signal) => {
      const processes = new Processes();
      const runDir = join(cwd, `own-${signal}`);
      try {
        const launcher = processes.launch([
          'run',
          '--mode',
          'tcp',
          '--rates',
          '5,5,5',
          '--duration',
          '3',
          '--out',
          runDir,
        ]);
        await processes.machinesSeen(launcher, 3);
        const victim = processes.pidOfMachine(launcher, 1);
        await waitFor(() => rowsSoFar(join(runDir, 'machine-0.csv')) >= 5, 15_000, '5 ticks');
        process.kill(victim, signal);
        const exit = await exitOf(launcher, 'the launcher');
        expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
        expect(launcher.out.stdout).toMatch(
          new RegExp(`machine 1 FAILED at [\\d.]+ s: stopped by ${signal}`),
        );
        const manifest = readManifest(runDir);
        // The others ran the whole duration: the run is complete, with machine 1's early stop.
        expect(manifest.completed).toBe(true);
        expect(manifest.durationUs).toBe(3_000_000);
        expect(manifest.machines.map((machine) => machine.failed)).toEqual([false, true, false]);
        const failure = manifest.tcp.machines[1]?.failure;
        expect(failure?.reason).toContain(signal);
        // About 1 s into the run (5 ticks at 5 Hz); never 0, never the end.
        expect(failure?.atMs).toBeGreaterThanOrEqual(800);
        expect(failure?.atMs).toBeLessThan(2500);
        expectCheckOk(runDir);
        await processes.expectMachinesGone(launcher, 3);
      } finally {
        await processes.cleanUp();
      }
    },
  );
});

describe('run --mode tcp, a machine hung', () => {
  it('fails it when it stopped responding (its last tick), never at 0 s, and the run checks', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'hung');
    try {
      const launcher = processes.launch([
        'run',
        '--mode',
        'tcp',
        '--rates',
        '10,10,10',
        '--duration',
        '1.5',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 3);
      const victim = processes.pidOfMachine(launcher, 1);
      await waitFor(() => rowsSoFar(join(runDir, 'machine-1.csv')) >= 5, 15_000, '5 ticks');
      // Hung, not dead: the launcher kills it only once the run's end grace (10 s) has passed.
      process.kill(victim, 'SIGSTOP');
      const exit = await within(launcher.exited, 40_000, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      const manifest = readManifest(runDir);
      const machine = manifest.tcp.machines[1] as TcpMachineJson;
      expect(machine.failure?.reason).toContain('stopped responding');
      const rows = rowsSoFar(join(runDir, 'machine-1.csv'));
      expect(machine.ticksMade).toBe(rows);
      // Its last row is tick `rows`, due rows / 10 Hz after the start; it went silent after it.
      expect(machine.failure?.atMs).toBeGreaterThanOrEqual(rows * 100);
      expect(machine.failure?.atMs).toBeLessThan(rows * 100 + 1000);
      expect(launcher.out.stdout).toMatch(
        /machine 1 FAILED at (?!0\.000 )[\d.]+ s: stopped responding/,
      );
      expectCheckOk(runDir);
      await processes.expectMachinesGone(launcher, 3);
    } finally {
      await processes.cleanUp();
    }
  }, 60_000);
});

describe('run --mode tcp, bad peers', () => {
  it('closes and counts a wrong token, garbage and an oversized line; the run goes on', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'bad-peers');
    const ports = await freePorts(3);
    try {
      const launcher = processes.launch([
        'run',
        '--mode',
        'tcp',
        '--rates',
        '4,3,2',
        '--seed',
        '5',
        '--duration',
        '4',
        '--ports',
        ports.join(','),
        '--out',
        runDir,
      ]);
      const machines = await processes.machinesSeen(launcher, 3);
      const target = 1;
      const runId = [...machines.values()][0]?.machine.runId as string;
      await waitFor(
        () => rowsSoFar(join(runDir, `machine-${target}.csv`)) >= 1,
        15_000,
        'machine 1 ticking',
      );
      const port = ports[target] as number;
      const wrongToken = encodeFrame({
        kind: 'hello',
        v: protocolVersion,
        runId,
        token: 'not-the-token',
        machineId: 0,
      });
      const garbage = Buffer.concat([randomBytes(64), Buffer.from('\x00\xff}{\n', 'latin1')]);
      const oversized = Buffer.alloc(frameBytesMax + 4096, 0x61);
      // Each is refused at once, well before the 5 s allowed for a hello.
      for (const payload of [wrongToken, garbage, oversized]) {
        const closedAfterMs = await expectClosedByPeer(port, payload, 2500);
        expect(closedAfterMs).toBeLessThan(2500);
      }
      expect(launcher.process.exitCode).toBeNull();

      const exit = await exitOf(launcher, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      const manifest = readManifest(runDir);
      expect(manifest.completed).toBe(true);
      expect(manifest.tcp.machines.map((machine) => machine.port)).toEqual(ports);
      const bad = manifest.tcp.machines[target]?.badConnections;
      expect(bad?.count).toBeGreaterThanOrEqual(3);
      const reasons = bad?.reasons.join(' | ') ?? '';
      expect(reasons).toContain('wrong token');
      expect(reasons).toContain('malformed');
      expect(reasons).toContain('exceeds');
      for (const id of [0, 2]) expect(manifest.tcp.machines[id]?.badConnections.count).toBe(0);
      // The machine went on ticking to the end.
      expect(manifest.tcp.machines[target]?.ticksMade).toBe(12);
      expectCheckOk(runDir);
      await processes.expectMachinesGone(launcher, 3);
      // Every port is free for an immediate rerun.
      for (const free of ports) expect(await canListen(free), `port ${free}`).toBe(true);
    } finally {
      await processes.cleanUp();
    }
  });
});

describe('run --mode tcp, tick rate', () => {
  it('keeps 50 Hz on two machines for 3 s', async () => {
    const processes = new Processes();
    const runDir = join(cwd, 'rate');
    try {
      const launcher = processes.launch([
        'run',
        '--mode',
        'tcp',
        '--rates',
        '50,50',
        '--seed',
        '3',
        '--duration',
        '3',
        '--out',
        runDir,
      ]);
      await processes.machinesSeen(launcher, 2);
      const exit = await exitOf(launcher, 'the launcher');
      expect(exit, describeOutput(launcher)).toEqual({ code: 0, signal: null });
      const manifest = readManifest(runDir);
      expect(manifest.completed).toBe(true);
      for (const machine of manifest.tcp.machines) {
        // 5 % tolerance: a loaded CI machine may be a little late, never far.
        expect(Math.abs(machine.achievedRateHz - 50), `machine ${machine.id}`).toBeLessThanOrEqual(
          2.5,
        );
        expect(Math.abs(machine.ticksMade - 150), `machine ${machine.id}`).toBeLessThanOrEqual(2);
        // The strict figure (p99 < 5 ms on an idle machine) is measured and quoted, not tested:
        // here other test files share the two cores, and seen p99s reached 112 ms.
        expect(machine.lateness.p99Ms, `machine ${machine.id}`).toBeLessThan(500);
        expect(machine.lateness.p50Ms).toBeLessThanOrEqual(machine.lateness.p99Ms);
        expect(machine.lateness.p99Ms).toBeLessThanOrEqual(machine.lateness.maxMs);
      }
      expectCheckOk(runDir);
      await processes.expectMachinesGone(launcher, 2);
    } finally {
      await processes.cleanUp();
    }
  });
});

// ---- network namespaces ------------------------------------------------------------------------

function ip(...args: string[]): { ok: boolean; output: string } {
  const result = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
  return { ok: result.status === 0, output: output.trim() };
}

/** Why network namespaces cannot be used here, or null when they can. */
function netnsUnusable(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  const name = `lamportlab-test-probe-${randomBytes(4).toString('hex')}`;
  const added = ip('netns', 'add', name);
  if (!added.ok) return `\`ip netns add\` failed: ${added.output || 'no output'}`;
  const deleted = ip('netns', 'del', name);
  if (!deleted.ok) return `\`ip netns del\` failed: ${deleted.output}`;
  return null;
}

const netnsSkipReason = netnsUnusable();
if (netnsSkipReason !== null)
  console.log(`tcp.test.ts: skipping the network-namespace test: ${netnsSkipReason}`);

describe('machine, three hosts in network namespaces', () => {
  it.skipIf(netnsSkipReason !== null)(
    'runs three machines on three hosts joined by a bridge and checks their logs together',
    async () => {
      const processes = new Processes();
      const prefix = `lamportlab-test-${randomBytes(3).toString('hex')}`;
      const bridgeNs = `${prefix}-br`;
      const hostNs = [0, 1, 2].map((id) => `${prefix}-${id}`);
      const created: string[] = [];
      const must = (...args: string[]) => {
        const result = ip(...args);
        if (!result.ok) throw new Error(`ip ${args.join(' ')}: ${result.output}`);
      };
      try {
        for (const ns of [bridgeNs, ...hostNs]) {
          must('netns', 'add', ns);
          created.push(ns);
        }
        must('-n', bridgeNs, 'link', 'add', 'br0', 'type', 'bridge');
        must('-n', bridgeNs, 'link', 'set', 'br0', 'up');
        hostNs.forEach((ns, id) => {
          // eth0 in the host's namespace, its veth peer p<id> on the bridge; both go with the
          // namespaces when they are deleted.
          must('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${id}`);
          must('-n', ns, 'link', 'set', `p${id}`, 'netns', bridgeNs);
          must('-n', ns, 'addr', 'add', `10.231.0.${id + 1}/24`, 'dev', 'eth0');
          must('-n', ns, 'link', 'set', 'eth0', 'up');
          must('-n', ns, 'link', 'set', 'lo', 'up');
          must('-n', bridgeNs, 'link', 'set', `p${id}`, 'master', 'br0');
          must('-n', bridgeNs, 'link', 'set', `p${id}`, 'up');
        });
        const address = (id: number) => `10.231.0.${id + 1}`;
        // A port from each host's own OS: listen on port 0 inside its namespace, then close.
        const ports = hostNs.map((ns, id) => {
          const script = `const s=require('node:net').createServer().listen(0,'${address(id)}',()=>{console.log(s.address().port);s.close()})`;
          const result = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], {
            encoding: 'utf8',
            timeout: 10_000,
          });
          const port = Number(result.stdout.trim());
          if (result.status !== 0 || !Number.isInteger(port) || port <= 0)
            throw new Error(`no port in ${ns}: ${result.stdout}${result.stderr}`);
          return port;
        });
        const rates = [5, 7, 4];
        const outDirs = hostNs.map((_, id) => join(cwd, `host-${id}`));
        // `ip netns exec` execs the command, so each PID is the machine's node process.
        const machines = hostNs.map((ns, id) =>
          processes.start('ip', [
            'netns',
            'exec',
            ns,
            process.execPath,
            cliPath,
            'machine',
            '--id',
            String(id),
            '--listen',
            `${address(id)}:${ports[id]}`,
            '--peers',
            [0, 1, 2]
              .filter((peer) => peer !== id)
              .map((peer) => `${peer}=${address(peer)}:${ports[peer]}`)
              .join(','),
            '--rate',
            String(rates[id]),
            '--seed',
            '42',
            '--duration',
            '3',
            '--internal-probability',
            '0.3',
            '--token',
            'netns-test',
            '--run-id',
            prefix,
            '--out',
            outDirs[id] as string,
          ]),
        );
        const exits = await within(
          Promise.all(machines.map((machine) => machine.exited)),
          runTimeoutMs,
          'the three machines',
        );
        exits.forEach((exit, id) => {
          expect(exit, describeOutput(machines[id] as Started)).toEqual({ code: 0, signal: null });
          expect(machines[id]?.out.stdout).toContain(`machine ${id}: `);
        });
        const runDir = join(cwd, 'together');
        mkdirSync(runDir);
        for (const dir of outDirs)
          for (const file of readdirSync(dir)) copyFileSync(join(dir, file), join(runDir, file));
        let sent = 0;
        rates.forEach((rate, id) => {
          const rows = expectCompleteCsv(join(runDir, `machine-${id}.csv`), id);
          expect(Math.abs(rows.length - rate * 3), `machine ${id}`).toBeLessThan(1.5);
          sent += rows.filter((row) => row[2] === 'send').length;
        });
        // The machines really talked across the bridge.
        expect(sent).toBeGreaterThan(0);
        expect(countMessages(runDir, 3).received).toBeGreaterThan(0);
        const result = check(runDir);
        expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stdout).toMatch(/^OK /m);
        expect(`${result.stdout}${result.stderr}`).toContain('no manifest.json');
        for (const machine of machines) expect(isAlive(machine.pid)).toBe(false);
      } finally {
        await processes.cleanUp();
        const leftovers: string[] = [];
        for (const ns of created) if (!ip('netns', 'del', ns).ok) leftovers.push(ns);
        expect(leftovers, 'namespaces deleted').toEqual([]);
        expect(ip('netns', 'list').output).not.toContain(prefix);
      }
    },
  );
});
