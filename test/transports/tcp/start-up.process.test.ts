/**
 * Goal: a TCP run that cannot start never hangs and leaves nothing behind. A machine that cannot
 * listen, or dies before the start, ends the launcher with exit 2 and one line naming it, within
 * seconds; a stop during start-up is obeyed; machines end when their launcher dies, even by
 * SIGKILL; bad --ports are refused before anything starts; a hand-started machine names a peer
 * that refuses its token at once and, stopped while it waits, does not claim to tick.
 * Method: the BUILT CLI is spawned as a real process on loopback, with ports from the OS (a port
 * "in use" is held by this test after binding port 0). Every machine of a run has the test's
 * fresh temp dir as its working directory, so /proc finds them all, orphans included: they are
 * recorded while the launcher runs, and after it every one must be gone. To die or hang at a
 * chosen moment of start-up, machine 1 loads a preload (NODE_OPTIONS) that SIGKILLs or SIGSTOPs
 * its own process when a given launcher message arrives, before the machine sees it. Each wait
 * is bounded, so a hang fails the test instead of stalling the suite; afterEach SIGKILLs, by PID,
 * whatever of ours is left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/cli-process.js';
import { freePorts } from '../../helpers/free-ports.js';
import { waitFor, within } from '../../helpers/waiting.js';

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Started {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<Exit>;
  readonly out: { stdout: string; stderr: string };
}

let cwd: string;
/** Every process a test started, and every machine seen under its temp dir. */
let started: Started[];
let machinesSeen: Map<number, number>;
let watcher: NodeJS.Timeout | undefined;
/** Ports this test holds (listening) so that a machine cannot have them. */
let held: net.Server[];

beforeEach(() => {
  cwd = realpathSync(mkdtempSync(join(tmpdir(), 'lamport-lab-tcp-start-')));
  started = [];
  machinesSeen = new Map();
  held = [];
  // Orphans are reparented away from the launcher, so they are found by working directory.
  watcher = setInterval(() => {
    for (const [pid, id] of machinesIn(cwd)) machinesSeen.set(pid, id);
  }, 20);
});

afterEach(async () => {
  clearInterval(watcher);
  const pids = new Set([
    ...started.map((each) => each.pid),
    ...machinesSeen.keys(),
    ...machinesIn(cwd).keys(),
  ]);
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone between the look and the kill.
    }
  }
  await Promise.all(held.map((server) => new Promise((done) => server.close(done))));
  await within(
    Promise.all(started.map((each) => each.exited)),
    5000,
    'killed processes exit',
  ).catch(() => undefined);
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

/** Machine processes (`machine --ipc --id N`) whose working directory is `dir`: pid → id. */
function machinesIn(dir: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) !== dir) continue;
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const ipc = args.indexOf('--ipc');
      if (ipc < 1 || args[ipc - 1] !== 'machine') continue;
      found.set(Number(name), Number(args[args.indexOf('--id') + 1]));
    } catch {
      // Ended while we looked, or not ours to read.
    }
  }
  return found;
}

function pidOfMachine(id: number): number {
  for (const [pid, machineId] of machinesSeen) if (machineId === id) return pid;
  throw new Error(`machine ${id} not seen`);
}

function start(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Started {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the CLI');
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
  const each = { process: child, pid, exited, out };
  started.push(each);
  return each;
}

/** The exit of `each` within `ms`, and how long it took from now. */
async function exitWithin(each: Started, ms: number, what: string): Promise<Exit & { ms: number }> {
  const fromMs = Date.now();
  const exit = await within(each.exited, ms, `${what}\n${describe_(each)}`);
  return { ...exit, ms: Date.now() - fromMs };
}

function describe_(each: Started): string {
  return `stdout:\n${each.out.stdout}\nstderr:\n${each.out.stderr}`;
}

/** Every machine seen is gone, and no machine of this test's runs is left under its dir. */
async function expectNoMachineLeft(atLeast: number): Promise<void> {
  const pids = [...machinesSeen.keys()];
  expect(pids.length, 'machine processes seen').toBeGreaterThanOrEqual(atLeast);
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 5000, `machines ${pids} gone`);
  expect([...machinesIn(cwd).keys()]).toEqual([]);
}

// ---- ports -------------------------------------------------------------------------------------

function listenOnZero(): Promise<net.Server> {
  return new Promise((resolveServer, rejectServer) => {
    const server = net.createServer();
    server.once('error', rejectServer);
    server.listen(0, '127.0.0.1', () => resolveServer(server));
  });
}

const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/** A port this test keeps listening on until it ends. */
async function heldPort(): Promise<number> {
  const server = await listenOnZero();
  held.push(server);
  return portOf(server);
}

// ---- machine 1 dies or hangs at a chosen moment ------------------------------------------------

/**
 * A preload for machine 1 only: when the launcher's message of `kind` arrives, its process
 * sends itself `signal` before the machine sees the message. Its listener is added just before
 * the machine's own, so that no message is taken from the machine by an early listener.
 */
function machine1Fails(kind: 'config' | 'peers', signal: 'SIGKILL' | 'SIGSTOP'): NodeJS.ProcessEnv {
  const preload = join(cwd, 'machine-1-fails.cjs');
  writeFileSync(
    preload,
    `const args = process.argv;
if (args.includes('--ipc') && args[args.indexOf('--id') + 1] === '1') {
  let added = false;
  process.on('newListener', (event) => {
    if (event !== 'message' || added) return;
    added = true;
    process.on('message', (message) => {
      if (message && message.kind === ${JSON.stringify(kind)}) process.kill(process.pid, ${JSON.stringify(signal)});
    });
  });
}
`,
  );
  return { ...process.env, NODE_OPTIONS: `--require=${preload}` };
}

const runArgs = (out: string, ...more: string[]) => [
  'run',
  '--mode',
  'tcp',
  '--rates',
  '4,4,4',
  '--seed',
  '5',
  '--duration',
  '2',
  '--out',
  join(cwd, out),
  ...more,
];

// ---- the tests ---------------------------------------------------------------------------------

describe('run --mode tcp, a machine that cannot start', () => {
  it('a port in use: exit 2 within seconds, naming the machine and the listen error; no process left', async () => {
    const [first, third] = await freePorts(2);
    const busy = await heldPort();
    const launcher = start(runArgs('busy', '--ports', `${first},${busy},${third}`));
    const exit = await exitWithin(launcher, 10_000, 'the launcher');
    expect(exit.code, describe_(launcher)).toBe(2);
    expect(exit.ms).toBeLessThan(8000);
    expect(launcher.out.stderr.trim().split('\n').at(-1)).toBe(
      `lamport-lab: machine 1 could not start: listen EADDRINUSE 127.0.0.1:${busy}`,
    );
    expect(launcher.out.stderr).not.toMatch(/\n\s+at /);
    await expectNoMachineLeft(2);
  });

  it.each([
    ['before it listens (its configuration just arrived)', 'config'],
    ['after the launcher sent it its peers', 'peers'],
  ] as const)('a machine killed %s: exit 2 naming it; no process left', async (_when, kind) => {
    const launcher = start(runArgs('killed'), machine1Fails(kind, 'SIGKILL'));
    const exit = await exitWithin(launcher, 12_000, 'the launcher');
    expect(exit.code, describe_(launcher)).toBe(2);
    expect(exit.ms).toBeLessThan(10_000);
    expect(launcher.out.stderr.trim().split('\n').at(-1)).toBe(
      'lamport-lab: machine 1 died during start-up: killed by SIGKILL',
    );
    // No run was made: no manifest claims one.
    expect(existsSync(join(cwd, 'killed', 'manifest.json'))).toBe(false);
    await expectNoMachineLeft(2);
  });
});

describe('run --mode tcp, stopped during start-up', () => {
  /** A launcher whose machine 1 hangs (SIGSTOP) on its configuration while 0 and 2 wait for peers. */
  async function stuckStartUp(): Promise<Started> {
    const launcher = start(runArgs('stuck'), machine1Fails('config', 'SIGSTOP'));
    await waitFor(() => machinesSeen.size === 3, 10_000, 'three machine processes');
    // Machines 0 and 2 open their logs, then listen, then wait for their peer list.
    await waitFor(
      () => [0, 2].every((id) => existsSync(join(cwd, 'stuck', `machine-${id}.csv`))),
      10_000,
      'machines 0 and 2 started',
    );
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 300));
    expect(launcher.process.exitCode).toBeNull();
    return launcher;
  }

  it('obeys SIGINT, even with a hung machine: exit 130 within seconds, one line, no process left', async () => {
    const launcher = await stuckStartUp();
    process.kill(launcher.pid, 'SIGINT');
    // Machines 0 and 2 stop when asked; machine 1 cannot hear it and is killed after a grace.
    const exit = await exitWithin(launcher, 10_000, 'the launcher after SIGINT');
    expect(exit.code, describe_(launcher)).toBe(130);
    expect(exit.ms).toBeLessThan(9000);
    expect(launcher.out.stderr.trim().split('\n').at(-1)).toBe(
      'lamport-lab: stopped during start-up, before the machines started: no run was made',
    );
    expect(existsSync(join(cwd, 'stuck', 'manifest.json'))).toBe(false);
    await expectNoMachineLeft(3);
  });

  it('kill -9 of the launcher: its machines end by themselves within seconds', async () => {
    const launcher = await stuckStartUp();
    const waiting = [pidOfMachine(0), pidOfMachine(2)];
    process.kill(launcher.pid, 'SIGKILL');
    await exitWithin(launcher, 5000, 'the launcher after SIGKILL');
    // The closed IPC channel is a stop: the machines waiting for peers end without the launcher.
    await waitFor(() => waiting.every((pid) => !isAlive(pid)), 5000, 'machines 0 and 2 gone');
    // The hung one, once it runs again, finds its launcher gone and ends too.
    process.kill(pidOfMachine(1), 'SIGCONT');
    await expectNoMachineLeft(3);
  });
});

describe('run --mode tcp, --ports', () => {
  it('refuses a repeated port, a wrong count or an out-of-range port before anything starts', async () => {
    const [port, other] = await freePorts(2);
    const cases: [string, string][] = [
      [
        `${port},${port},${other}`,
        `--ports: expected a different port for each machine, got ${port} twice`,
      ],
      [`${port},${other}`, '--ports: expected 3 ports, one per machine, got 2'],
      [`${port},${other},70000`, '--ports: expected ports 1..65535'],
    ];
    for (const [ports, expected] of cases) {
      const launcher = start(runArgs('ports', '--ports', ports));
      const exit = await exitWithin(launcher, 10_000, `--ports ${ports}`);
      expect(exit.code, describe_(launcher)).toBe(2);
      const lines = launcher.out.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`lamport-lab: ${expected}`);
      // Refused before anything is made: no run directory, no machine process.
      expect(existsSync(join(cwd, 'ports'))).toBe(false);
      expect(machinesSeen.size).toBe(0);
    }
  });

  it('prints a repeat line that keeps --host and --ports', async () => {
    const ports = await freePorts(2);
    const launcher = start([
      'run',
      '--mode',
      'tcp',
      '--rates',
      '5,5',
      '--seed',
      '3',
      '--duration',
      '1',
      '--host',
      '127.0.0.2',
      '--ports',
      ports.join(','),
      '--out',
      'repeat',
    ]);
    const exit = await exitWithin(launcher, 20_000, 'the launcher');
    expect(exit.code, describe_(launcher)).toBe(0);
    const repeat = /repeat: (.*)$/m.exec(launcher.out.stdout)?.[1];
    expect(repeat).toBe(
      `npx lamport-lab run default --seed 3 --duration 1 --rates 5,5 --mode tcp --host 127.0.0.2 --ports ${ports.join(',')} --out repeat --force`,
    );
    await expectNoMachineLeft(2);
  });
});

describe('machine (hand-started), start-up', () => {
  const machineArgs = (id: number, listen: number, peers: string, token: string) => [
    'machine',
    '--id',
    String(id),
    '--listen',
    `127.0.0.1:${listen}`,
    '--peers',
    peers,
    '--rate',
    '2',
    '--seed',
    '1',
    '--duration',
    '2',
    '--out',
    `out-${id}`,
    '--token',
    token,
    '--wait',
    '60',
  ];

  it('names a peer that rejects our token at once, and that peer names us', async () => {
    const [port0, port1, nobody] = await freePorts(3);
    // Machine 1 listens first and looks for machine 0 where nobody is: only 0 calls 1.
    const one = start(machineArgs(1, port1 as number, `0=127.0.0.1:${nobody}`, 'bbb'));
    await waitFor(() => one.out.stderr.includes('listening on'), 10_000, 'machine 1 listening');
    const zero = start(machineArgs(0, port0 as number, `1=127.0.0.1:${port1}`, 'aaa'));
    const [exit0, exit1] = await Promise.all([
      exitWithin(zero, 10_000, 'machine 0'),
      exitWithin(one, 10_000, 'machine 1'),
    ]);
    expect(exit0.code, describe_(zero)).toBe(2);
    expect(exit1.code, describe_(one)).toBe(2);
    expect(zero.out.stderr).toContain(
      'lamport-lab: machine 0: 1 rejected our token (each machine must be given the same --token)',
    );
    expect(one.out.stderr).toContain('lamport-lab: machine 1: 0 offered another token than ours');
    for (const each of [zero, one]) expect(each.out.stderr).not.toContain('no connection');
  });

  it('Ctrl-C while waiting for peers: exit 130, and no claim that it ticks', async () => {
    const [port0, nobody] = await freePorts(2);
    const zero = start(machineArgs(0, port0 as number, `1=127.0.0.1:${nobody}`, 'aaa'));
    await waitFor(() => zero.out.stderr.includes('listening on'), 10_000, 'machine 0 listening');
    process.kill(zero.pid, 'SIGINT');
    const exit = await exitWithin(zero, 5000, 'machine 0 after SIGINT');
    expect(exit.code, describe_(zero)).toBe(130);
    expect(zero.out.stderr).not.toContain('ticking');
    expect(zero.out.stderr).toContain(
      'machine 0: stopped while waiting for its peers; no tick made',
    );
  });
});
