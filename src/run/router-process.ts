/**
 * The launcher's handle on the router process (router-main.ts): forked first, before any machine,
 * and asked for its port; stopped last, once the machines are gone, with its report. Every wait
 * here is bounded, and `end` leaves no router process behind whatever happened: asked to stop,
 * then SIGKILLed, then waited for.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { assertNever } from '../../core/index.js';
import type { RouterReport } from '../../transports/tcp/router.js';
import { systemClock } from '../../transports/tcp/wall-clock.js';
import { InputError } from '../common/errors.js';
import { builtEntryPaths } from '../common/paths.js';
import { settlesWithin } from '../common/settles-within.js';
import type { LauncherToRouter, RouterLaunchConfig, RouterToLauncher } from './launched-router.js';

/** The router has this long to listen once forked (it loads far less than a machine). */
const listenWithinMs = 15_000;
/** Asked to stop, the router ends its connections (a 0.5 s linger at most), then reports. */
const stopGraceMs = 3000;
const pollMs = 10;

/** A stop came while the router was starting: no run was made. */
export class RouterStartStopped extends Error {
  override readonly name = 'RouterStartStopped';
}

export class RouterProcess {
  readonly #process: ChildProcess;
  readonly #exited: Promise<void>;
  #port = 0;
  #finished = false;
  #report: RouterReport | null = null;
  /** Why the router failed (its own report or its exit), or null. */
  #failure: string | null = null;
  #stderr = '';
  /** Set by end(): an exit after it is the router's ordinary end. */
  #ending = false;

  private constructor(launch: RouterLaunchConfig, onUnexpectedExit: () => void) {
    const args = ['router', '--ipc', '--run-id', launch.router.runId];
    this.#process = fork(builtEntryPaths.routerMain, args, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [],
    });
    this.#process.on('error', () => {});
    this.#process.stderr?.on('data', (chunk: Buffer) => {
      if (this.#stderr.length < 4000) this.#stderr += chunk.toString('utf8');
    });
    this.#process.on('message', (message: RouterToLauncher) => this.#onMessage(message));
    this.#exited = new Promise((resolve) => {
      this.#process.on('exit', (code, signal) => {
        if (this.#report === null && this.#failure === null) {
          const last = this.#stderr.trim().split('\n').pop() ?? '';
          this.#failure =
            signal !== null
              ? `killed by ${signal}`
              : `exited with code ${code}${last === '' ? '' : `: ${last}`}`;
        }
        if (!this.#ending) onUnexpectedExit();
        resolve();
      });
    });
    this.#send({ kind: 'config', launch });
  }

  /**
   * Forks the router and waits until it listens. A router that fails, dies or is slow is an
   * unusable environment (exit 2); a stop meanwhile ends it and throws RouterStartStopped.
   * `onUnexpectedExit` is called if the router process ends before `end` asked it to (killed,
   * crashed): the run cannot go on without it.
   */
  static async start(
    launch: RouterLaunchConfig,
    stopped: () => boolean,
    onUnexpectedExit: () => void,
  ): Promise<RouterProcess> {
    const router = new RouterProcess(launch, onUnexpectedExit);
    const deadlineMs = systemClock.nowMs() + listenWithinMs;
    while (router.#port === 0) {
      if (stopped()) {
        await router.end();
        throw new RouterStartStopped('stopped during start-up, before the router listened');
      }
      if (router.#failure !== null || !router.running) {
        await router.end();
        throw new InputError(`router could not start: ${router.#failure ?? 'it ended'}`);
      }
      if (systemClock.nowMs() > deadlineMs) {
        await router.end();
        throw new InputError(`router did not start listening within ${listenWithinMs / 1000} s`);
      }
      await sleep(pollMs);
    }
    return router;
  }

  get port(): number {
    return this.#port;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get running(): boolean {
    return this.#process.exitCode === null && this.#process.signalCode === null;
  }

  /** Why the router failed, or null while it is fine. */
  get failure(): string | null {
    return this.#failure;
  }

  /** Tells the router a machine crashed (fault `faultIndex`): it drops the machine's copies. */
  machineDown(machineId: number, faultIndex: number): void {
    this.#send({ kind: 'machine-down', machineId, faultIndex });
  }

  /** Tells the router the machine restarted: its copies go out again. */
  machineUp(machineId: number): void {
    this.#send({ kind: 'machine-up', machineId });
  }

  /** The run was stopped: the router no longer waits for a machine whose restart was to come. */
  runStopped(): void {
    this.#send({ kind: 'run-stopped' });
  }

  /** Waits (at most `ms`) for the router's fins to everyone; true when they went out. */
  async awaitFinished(ms: number): Promise<boolean> {
    const deadlineMs = systemClock.nowMs() + ms;
    while (!this.#finished && this.running && systemClock.nowMs() < deadlineMs) await sleep(pollMs);
    return this.#finished;
  }

  /**
   * Stops the router and waits for it, SIGKILLing it past its grace; returns its report (null
   * when it died or was killed first). Safe to call more than once.
   */
  async end(): Promise<RouterReport | null> {
    this.#ending = true;
    if (this.running) {
      if (this.#process.connected) this.#send({ kind: 'stop' });
      else this.#process.kill('SIGTERM');
      if (!(await settlesWithin(this.#exited, stopGraceMs))) {
        if (this.running) this.#process.kill('SIGKILL');
        await settlesWithin(this.#exited, stopGraceMs);
      }
    }
    return this.#report;
  }

  #onMessage(message: RouterToLauncher): void {
    switch (message.kind) {
      case 'listening':
        this.#port = message.port;
        return;
      case 'finished':
        this.#finished = true;
        return;
      case 'done':
        this.#report = message.report;
        return;
      case 'failed':
        this.#failure = message.message;
        return;
      default:
        assertNever(message, 'message from the router');
    }
  }

  #send(message: LauncherToRouter): void {
    if (this.#process.connected) this.#process.send(message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
