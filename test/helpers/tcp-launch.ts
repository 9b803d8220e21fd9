/**
 * For tests that start `run --mode tcp` as a real process and must prove that nothing it
 * started outlives it: the launcher is spawned from the BUILT CLI, its children (the router
 * process and the machines) are seen by polling `ps --ppid` while it runs, and `cleanUp` SIGKILLs,
 * by PID, whatever of those is still alive.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cliPath } from './cli-process.js';
import { waitFor, within } from './waiting.js';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A launcher's child as its command line names it: `router --ipc ...` or `machine --ipc --id N`. */
export type LaunchedChild = { readonly kind: 'router' } | { readonly kind: 'machine'; id: number };

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function childOf(pid: number): LaunchedChild | null {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('--ipc');
    if (at < 1) return null;
    if (args[at - 1] === 'router') return { kind: 'router' };
    if (args[at - 1] === 'machine') return { kind: 'machine', id: Number(args[at + 2]) };
    return null;
  } catch {
    return null;
  }
}

export class TcpLaunch {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<Exit>;
  readonly out = { stdout: '', stderr: '' };
  /** Every child seen so far, by pid. */
  readonly children = new Map<number, LaunchedChild>();
  readonly #watcher: NodeJS.Timeout;

  constructor(cwd: string, args: readonly string[]) {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error('could not start the launcher');
    this.process = child;
    this.pid = child.pid;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.out.stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.out.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
    });
    let polling = false;
    this.#watcher = setInterval(() => {
      if (polling || child.exitCode !== null || child.signalCode !== null) return;
      polling = true;
      execFile('ps', ['-o', 'pid=', '--ppid', String(this.pid)], { timeout: 2000 }, (_e, out) => {
        polling = false;
        for (const word of out.split(/\s+/)) {
          const pid = Number(word);
          if (word === '' || this.children.has(pid)) continue;
          const seen = childOf(pid);
          if (seen !== null) this.children.set(pid, seen);
        }
      });
    }, 30);
    void this.exited.then(() => clearInterval(this.#watcher));
  }

  pidsOf(kind: LaunchedChild['kind']): number[] {
    return [...this.children].filter(([, child]) => child.kind === kind).map(([pid]) => pid);
  }

  /** Waits until the router and `machines` machine processes have been seen. */
  async seen(machines: number): Promise<void> {
    await waitFor(
      () => this.pidsOf('router').length === 1 && this.pidsOf('machine').length >= machines,
      15_000,
      `the router and ${machines} machines under launcher ${this.pid}`,
    );
  }

  describe(): string {
    return `stdout:\n${this.out.stdout}\nstderr:\n${this.out.stderr}`;
  }

  /** Every child seen is gone (no such process, not merely stopped), within `ms`. */
  async childrenGone(ms = 5000): Promise<void> {
    const pids = [...this.children.keys()];
    await waitFor(() => pids.every((pid) => !isAlive(pid)), ms, `children ${pids} gone`);
  }

  async cleanUp(): Promise<void> {
    clearInterval(this.#watcher);
    for (const pid of [this.pid, ...this.children.keys()]) {
      if (!isAlive(pid)) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone between the look and the kill.
      }
    }
    await within(this.exited, 5000, 'killed launcher exits').catch(() => undefined);
  }
}
