/**
 * `run --mode tcp`: the launcher. It starts one OS process per machine (machine-main.js: the
 * `lamport-lab machine --ipc` machine without the rest of the CLI, forked with an IPC channel),
 * tells each where its peers listen, watches them tick, stops them on Ctrl-C or SIGTERM, notices
 * any that die, and writes the same run directory as virtual mode: every machine writes its own
 * CSV; the launcher adds manifest.json (`mode: "tcp"`) with what starting them cost.
 *
 * With `--topology router` the router runs in its own process (router-main.ts), started before
 * the machines and stopped after them; every machine connects only to it.
 *
 * No wait of the launcher is open-ended, and none outlives it: start-up is watched phase by
 * phase (every machine listening, then every machine started), each with a deadline; a machine
 * that fails or dies before the start, or a stop, ends the start-up at once; and whatever way the
 * launcher leaves, every machine it forked is stopped, then killed, and waited for.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNever } from '../../core/index.js';
import { rateHzToMilliHz } from '../../core/tick-schedule.js';
import type { FaultConfig } from '../../transports/fault-config.js';
import { rngAlgorithm } from '../../transports/seeded-rng.js';
import { downSpansOf } from '../../transports/tcp/down-spans.js';
import type {
  MachineReport,
  PeerAddress,
  TcpMachineFaults,
  Topology,
} from '../../transports/tcp/machine.js';
import { routerId } from '../../transports/tcp/machine.js';
import { readMachineState } from '../../transports/tcp/machine-state.js';
import type { RouterReport } from '../../transports/tcp/router.js';
import { systemClock } from '../../transports/tcp/wall-clock.js';
import { checkRun } from '../check/check-run.js';
import { ChildFailedError, exitCodeOf, InputError } from '../common/errors.js';
import { exitCodes } from '../common/exit-codes.js';
import { builtEntryPaths, toolVersion } from '../common/paths.js';
import { settlesWithin } from '../common/settles-within.js';
import {
  type AssembledFaults,
  assembleFaultsCsv,
  launcherFaultsPartName,
  routerFaultsPartName,
} from '../logs/faults-assembly.js';
import { logFileName } from '../logs/format.js';
import { lastRowMs, ticksFromLog, writeHeaderOfSilentLog } from '../logs/killed-machine-log.js';
import { summarizeMachineLog } from '../logs/log-summary.js';
import {
  type MachineManifest,
  type Manifest,
  manifestFormatVersion,
  type TcpMachineManifest,
} from '../logs/manifest.js';
import { writeManifest } from '../logs/manifest-file.js';
import { checkOutDir, runFileNames } from '../logs/out-dir.js';
import {
  makeOwnedDirectory,
  recordFilesAsTheyAre,
  removeMadeLevels,
  withdrawOwnedOutput,
} from '../logs/owned-files.js';
import { PreviousRun } from '../logs/previous-run.js';
import { toFaultConfigs } from '../scenario/fault-resolve.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import type {
  LauncherToMachine,
  MachineLaunchConfig,
  MachineToLauncher,
} from './launched-machine.js';
import { RouterProcess, RouterStartStopped } from './router-process.js';
import { faultedMachineTicks, withPausesEndedAt } from './tcp-fault-ticks.js';
import { routerFaultPlan, withFaultFields } from './tcp-faults.js';
import { type MachineTimes, machineOverhead, runOverhead } from './tcp-overhead.js';
import { checkTcpPorts } from './tcp-ports.js';
import { machineFaultsOf, ProcessFaultRunner, statePathOf } from './tcp-process-faults.js';
import type { RunOutcome } from './virtual-run.js';

/** The launcher's and the router's rows of faults.csv, written as they go (faults-assembly.ts). */
const faultsPartNames = [launcherFaultsPartName, routerFaultsPartName];

/** A stop (Ctrl-C, SIGTERM) came before the machines started: no run was made. */
export class StoppedBeforeStartError extends Error {
  override readonly name = 'StoppedBeforeStartError';
}

export interface TcpRunRequest {
  readonly scenario: ResolvedScenario;
  readonly outDir: string;
  /** Levels of outDir the caller made for this run: taken back too if the start fails. */
  readonly madeLevels?: readonly string[];
  readonly force: boolean;
  readonly host: string;
  /** One port per machine, or null for ports the OS assigns. */
  readonly ports: readonly number[] | null;
  readonly topology: Topology;
  readonly token?: string;
}

export interface TcpProgress {
  readonly elapsedMs: number;
  readonly durationMs: number;
  readonly started: boolean;
  readonly machines: readonly {
    readonly events: number;
    readonly queueLength: number;
    readonly alive: boolean;
  }[];
}

export interface TcpRunHooks {
  readonly onProgress?: (progress: TcpProgress) => void;
  /** Registers the handler the launcher calls to stop the run early. */
  readonly onStopRequest?: (handler: () => void) => void;
}

interface Child {
  readonly id: number;
  readonly process: ChildProcess;
  /** 0 for the machine's first process; n for the one its n-th restart started. */
  readonly life: number;
  /** Killed by a `crash` fault: its exit is the fault, not a failure. */
  faultKilled: boolean;
  port: number;
  report: MachineReport | null;
  failure: { atMs: number; reason: string } | null;
  /** Whether the failure is the machine's own report, or its exit seen by the launcher. */
  failureFrom: 'report' | 'exit' | null;
  events: number;
  queueLength: number;
  /** A signal to this machine's own process stopped it (its 'done' says so), or null. */
  stoppedBySignal: { readonly signal: string; readonly atEpochMs: number } | null;
  /** When the launcher last heard from it (any message; progress comes every 0.5 s), epoch ms. */
  lastHeardEpochMs: number;
  exited: Promise<void>;
  /** Start-up cost, measured on the launcher's monotonic clock (and the machine's own RSS). */
  times: {
    forkedAtMs: number;
    listeningAtMs: number | null;
    peersSentAtMs: number | null;
    startedAtMs: number | null;
    peakRssKb: number | null;
  };
}

/** The machines' entry: the machine alone, without the CLI (see machine-main.ts). */
const machineMainPath = builtEntryPaths.machineMain;
/**
 * The launcher gives up when no further machine has started listening for this long. Not a
 * deadline for all of them: on a busy host dozens of processes start one core's worth at a time,
 * and a run of 64 machines may well take longer than this while still making progress.
 */
const listenStallMs = 15_000;
/**
 * Every machine must pass the start barrier within this long of getting its peers: the machines'
 * own barrier deadline (30 s, after which each reports what is missing) and a margin.
 */
const startedWithinMs = 35_000;
/** A machine asked to stop ends within its fin wait (3 s); past this it is killed. */
const stopGraceMs = 5000;
/** A machine still running this long after the run's end (or a stop) is killed. */
const endGraceMs = 10_000;
/** How often the launcher looks at its machines while it waits. */
const pollMs = 10;
/**
 * A terminal's Ctrl-C signals the launcher and every machine at once: a machine's own signal up to
 * this long before the launcher's stop was that same Ctrl-C, not the machine leaving on its own.
 */
const sameSignalMs = 1000;
/** Machines on one host share its clock; this covers scheduling noise between processes. */
const timeToleranceMs = 50;
/** The launcher's clock: every time it takes, monotonic or epoch, is read here. */
const clock = systemClock;

export async function executeTcpRun(
  request: TcpRunRequest,
  hooks: TcpRunHooks = {},
): Promise<RunOutcome> {
  const { scenario, outDir } = request;
  checkTcpPorts(request.ports, scenario.machines);
  const files = runFileNames(scenario.machines, { faults: scenario.faults !== undefined });
  checkOutDir(outDir, request.force, files);
  const madeLevels = [...(request.madeLevels ?? []), ...makeOwnedDirectory(outDir, '--out')];
  // The machines create their logs before they listen: an earlier run is set aside, not removed,
  // until they have started, so that a start that fails gives it back as it was.
  const previous = request.force ? PreviousRun.setAside(outDir) : null;
  const launch = new TcpLaunch(request, hooks, () => previous?.discard());
  let settled = false;
  try {
    // The earlier run went as the machines started (TcpLaunch's onStarted), before any return.
    return await launch.run();
  } catch (error) {
    if (launch.started) {
      previous?.discard();
    } else if (previous !== null) {
      // No run was made (a port in use, a stop, a router that failed): the earlier run is back,
      // byte for byte, and so is the record; a directory made for this run is taken back.
      previous.restore([...files, ...faultsPartNames]);
      if (madeNoRun(error)) removeMadeLevels(outDir, madeLevels);
      settled = true;
    } else if (madeNoRun(error)) {
      // A port in use, a host not on this machine, a stop during start-up: no machine ran, and
      // the header-only logs refused the corrected command. What this run wrote is taken back.
      recordFilesAsTheyAre(outDir, [...files, ...faultsPartNames]);
      withdrawOwnedOutput(outDir, madeLevels);
      settled = true;
    }
    throw error;
  } finally {
    // The machine processes wrote the logs; the launcher alone records them (one writer of the
    // record), as they are once the processes are gone, whether the run succeeded or not. The
    // faults part files are gone once faults.csv is assembled; a run that failed first (its
    // router killed) leaves them, listed so that --force removes them as any file of ours.
    if (!settled) recordFilesAsTheyAre(outDir, [...files.slice(0, -2), ...faultsPartNames]);
  }
}

/** A start-up that ended before any machine started, refused (exit 2) or stopped. */
function madeNoRun(error: unknown): boolean {
  return error instanceof StoppedBeforeStartError || exitCodeOf(error) === exitCodes.input;
}

/** One launch: the machines, the router if any, and what the launcher saw of them. */
class TcpLaunch {
  readonly #request: TcpRunRequest;
  readonly #hooks: TcpRunHooks;
  readonly #runId = randomBytes(6).toString('hex');
  readonly #token: string;
  #children: Child[] = [];
  #router: RouterProcess | null = null;
  /** The router process ended before the launcher asked it to: the run failed. */
  #routerLost = false;
  /** The router's report, once it has ended (null without a router, or if it died). */
  #routerReport: RouterReport | null = null;
  /** The stop's time on the monotonic clock and the epoch, or null before any stop. */
  #stop: { readonly atMs: number; readonly atEpochMs: number } | null = null;
  /** The machines' common start (the first `started` reported), 0 before. */
  #startEpochMs = 0;
  /** The run's faults in exact units (empty: a fault-free run, launched as before). */
  readonly #faults: readonly FaultConfig[];
  /** Where machines that may restart keep their state (null without crash faults). */
  #statesDir: string | null = null;
  #processFaults: ProcessFaultRunner | null = null;

  /** Called once the machines have started: a run is made, the earlier one may go. */
  readonly #onStarted: () => void;

  constructor(request: TcpRunRequest, hooks: TcpRunHooks, onStarted: () => void) {
    this.#request = request;
    this.#hooks = hooks;
    this.#onStarted = onStarted;
    this.#token = request.token ?? randomBytes(12).toString('hex');
    this.#faults = toFaultConfigs(request.scenario.faults ?? []);
  }

  /** Some machine passed the start barrier: from then on a run was made, whatever follows. */
  get started(): boolean {
    return this.#startEpochMs !== 0;
  }

  async run(): Promise<RunOutcome> {
    // Registered first: a stop during start-up must reach every wait below.
    this.#hooks.onStopRequest?.(() => this.#stopAll());
    // Launcher overhead: from forking the machines to their common start.
    const forkedEpochMs = clock.epochMs();
    this.#prepareFaults();
    let progressTimer: NodeJS.Timeout | undefined;
    try {
      await this.#startRouter();
      const forkLoopMs = this.#forkMachines();
      progressTimer = setInterval(() => this.#reportProgress(), 200);
      await this.#startUp();
      this.#onStarted();
      this.#processFaults?.start(this.#startEpochMs);
      await this.#awaitEnd();
      this.#processFaults?.cancel();
      await this.#processFaults?.done;
      clearInterval(progressTimer);
      await this.#awaitRouterFinished();
      this.#routerReport = await this.#endRouter();
      const startEpochMs = this.#startEpochMs;
      const setupMs = startEpochMs === 0 ? 0 : Math.max(0, startEpochMs - forkedEpochMs);
      return this.#finish(setupMs, forkLoopMs);
    } catch (error) {
      // The stop a lost router made is no user's stop: say what happened instead.
      if (this.#routerLost) throw this.#routerFailure();
      throw error;
    } finally {
      clearInterval(progressTimer);
      // No fault is made past here; a machine paused by one is resumed by endMachines.
      this.#processFaults?.cancel();
      // Whatever way the launcher leaves (an error too), no machine of the run outlives it.
      await endMachines(this.#children);
      // Last: the machines need it for their fins. Ended (or killed) on every way out.
      await this.#router?.end();
      if (this.#statesDir !== null) rmSync(this.#statesDir, { recursive: true, force: true });
    }
  }

  #stopAll(): void {
    this.#stop ??= { atMs: clock.nowMs(), atEpochMs: clock.epochMs() };
    // A stop makes no further fault, and a paused machine must run to hear it: its pause ends
    // here, with its resume row (the ticks it missed run as it wakes).
    this.#processFaults?.endPausesForStop(this.#stop.atEpochMs);
    this.#processFaults?.cancel();
    // No restart is made from here: the router must not wait for a machine that was to come back.
    this.#router?.runStopped();
    for (const child of this.#children) {
      if (isRunning(child)) child.process.kill('SIGCONT');
      sendTo(child, { kind: 'stop' });
    }
  }

  /** A run with faults: the process faults' runner (its part file) and the machines' state dir. */
  #prepareFaults(): void {
    if (this.#faults.length === 0) return;
    const { scenario, outDir } = this.#request;
    const crashes = this.#faults.some((fault) => fault.kind === 'crash');
    if (crashes) this.#statesDir = mkdtempSync(join(tmpdir(), 'lamport-lab-states-'));
    this.#processFaults = new ProcessFaultRunner(
      {
        faults: this.#faults,
        rates: scenario.rates,
        durationUs: Math.round(scenario.durationSec * 1e6),
        statesDir: this.#statesDir ?? outDir,
        outDir,
        clock,
      },
      {
        kill: (id) => this.#killByFault(id),
        pause: (id) => this.#signal(id, 'SIGSTOP'),
        resume: (id) => this.#signal(id, 'SIGCONT'),
        restart: (id, life) => this.#restartMachine(id, life),
      },
    );
  }

  #signal(id: number, signal: 'SIGSTOP' | 'SIGCONT'): void {
    const child = this.#children[id];
    if (child !== undefined && isRunning(child)) child.process.kill(signal);
  }

  async #killByFault(id: number): Promise<void> {
    const child = this.#children[id];
    if (child === undefined || !isRunning(child)) return;
    child.faultKilled = true;
    child.process.kill('SIGKILL');
    await child.exited;
  }

  /** A restart: a new process for the machine, told the run's start and its state. */
  #restartMachine(id: number, life: number): void {
    const before = this.#children[id];
    if (before === undefined || this.#stop !== null) return;
    const launch = launchConfigOf(this.#request, this.#runId, this.#token, id);
    const child = forkMachine(
      {
        ...launch,
        // A port the OS assigns: a --ports port of the killed process may not be free yet.
        machine: { ...launch.machine, listenPort: 0, ...this.#machineFaults(id, life) },
      },
      () => this.#startEpochMs,
      life,
    );
    // Its start-up costs are the first process's: the run's, not the restart's.
    child.times = before.times;
    this.#children[id] = child;
    this.#listenTo(child);
  }

  #machineFaults(id: number, life: number): { faults?: TcpMachineFaults } {
    const faults = machineFaultsOf(this.#faults, {
      machineId: id,
      machineCount: this.#request.scenario.machines,
      statesDir: this.#statesDir ?? '',
      life,
      startEpochMs: this.#startEpochMs,
      durationUs: Math.round(this.#request.scenario.durationSec * 1e6),
    });
    return faults === undefined ? {} : { faults };
  }

  /** The launcher's end of a machine's IPC channel. */
  #listenTo(child: Child): void {
    child.process.on('message', (message: MachineToLauncher) => {
      child.lastHeardEpochMs = clock.epochMs();
      if (message.kind === 'started' && this.#startEpochMs === 0)
        this.#startEpochMs = message.startEpochMs;
      onChildMessage(child, message, this.#startEpochMs);
      // A restarted machine is told where the router is as soon as it listens.
      if (message.kind === 'listening' && child.life > 0) {
        const peers = [
          {
            id: routerId(this.#request.scenario.machines),
            host: this.#request.host,
            port: this.#router?.port ?? 0,
          },
        ];
        sendTo(child, { kind: 'peers', peers });
      }
    });
  }

  async #startRouter(): Promise<void> {
    if (this.#request.topology !== 'router') return;
    const { scenario, host } = this.#request;
    const launch = {
      router: {
        machineCount: scenario.machines,
        runId: this.#runId,
        token: this.#token,
        listenHost: host,
        listenPort: 0,
      },
      faults:
        scenario.faults === undefined
          ? null
          : { plan: routerFaultPlan(scenario), outDir: this.#request.outDir },
    };
    try {
      // A router gone mid-run took the copies with it: the machines are stopped at once, and
      // the run ends as failed (#endRouter) instead of ticking on without a network.
      this.#router = await RouterProcess.start(
        launch,
        () => this.#stop !== null,
        () => {
          this.#routerLost = true;
          this.#stopAll();
        },
      );
    } catch (error) {
      if (error instanceof RouterStartStopped)
        throw new StoppedBeforeStartError(
          'stopped during start-up, before the machines started: no run was made',
        );
      throw error;
    }
  }

  /** Forks every machine and listens to it; returns how long the forking took (ms). */
  #forkMachines(): number {
    const forkLoopStartMs = clock.nowMs();
    this.#children = this.#request.scenario.rates.map((_rateHz, id) => {
      const launch = launchConfigOf(this.#request, this.#runId, this.#token, id);
      return forkMachine(
        { ...launch, machine: { ...launch.machine, ...this.#machineFaults(id, 0) } },
        () => this.#startEpochMs,
        0,
      );
    });
    const forkLoopMs = clock.nowMs() - forkLoopStartMs;
    for (const child of this.#children) this.#listenTo(child);
    // A stop that came while forking: the machines forked after it have not heard it.
    if (this.#stop !== null) this.#stopAll();
    return forkLoopMs;
  }

  #reportProgress(): void {
    const startEpochMs = this.#startEpochMs;
    const elapsedMs = startEpochMs === 0 ? 0 : Math.max(0, clock.epochMs() - startEpochMs);
    this.#hooks.onProgress?.({
      elapsedMs,
      durationMs: this.#request.scenario.durationSec * 1000,
      started: startEpochMs !== 0,
      machines: this.#children.map((child) => ({
        events: child.events,
        queueLength: child.queueLength,
        alive: child.failure === null,
      })),
    });
  }

  /** Every machine listening, then given its peers, then started (or the start-up ends). */
  async #startUp(): Promise<void> {
    const children = this.#children;
    const stopped = () => this.#stop !== null;
    const anyStarted = () => this.#startEpochMs !== 0;
    const listening = await awaitPhase(children, 'listening', stopped);
    await endStartUpUnlessDone(children, listening, anyStarted);
    const { host, scenario } = this.#request;
    for (const child of children) {
      const peers: PeerAddress[] =
        this.#router === null
          ? children
              .filter((other) => other.id !== child.id)
              .map((other) => ({ id: other.id, host, port: other.port }))
          : [{ id: routerId(scenario.machines), host, port: this.#router.port }];
      sendTo(child, { kind: 'peers', peers });
      child.times.peersSentAtMs = clock.nowMs();
    }
    const started = await awaitPhase(children, 'started', stopped);
    await endStartUpUnlessDone(children, started, anyStarted);
  }

  #awaitEnd(): Promise<void> {
    const { outDir, scenario } = this.#request;
    return awaitRunEnd(this.#children, {
      runEndsAtMs: clock.nowMs() + scenario.durationSec * 1000,
      stopRequestedAtMs: () => this.#stop?.atMs ?? null,
      restartAhead: () => this.#processFaults?.restartAhead() === true,
      // A hung machine failed when it stopped responding: its last tick (its last row), or its
      // last message to the launcher if later; ms since the start, as every failure time.
      stoppedRespondingAtMs: (child) =>
        Math.round(
          Math.max(
            lastRowMs(join(outDir, logFileName(child.id))),
            Math.max(0, child.lastHeardEpochMs - this.#startEpochMs),
          ),
        ),
    });
  }

  /**
   * Ends the router once the machines are gone and takes its report. A router that died during
   * the run took copies with it that no log or count shows: the run cannot be trusted.
   */
  async #endRouter(): Promise<RouterReport | null> {
    const router = this.#router;
    if (router === null) return null;
    const report = await router.end();
    if (report === null || this.#routerLost) throw this.#routerFailure();
    return report;
  }

  #routerFailure(): ChildFailedError {
    return new ChildFailedError(
      `router process failed during the run: ${this.#router?.failure ?? 'no report'}`,
      exitCodes.internal,
    );
  }

  /** The router's fins to everyone, or 2 s, whichever comes first. */
  async #awaitRouterFinished(): Promise<void> {
    await this.#router?.awaitFinished(2000);
  }

  /** Per machine down at the end (crashed, never restarted): the copies its crash kept. */
  #queuedWhileDown(): readonly number[] | null {
    if (this.#faults.length === 0) return null;
    const { scenario } = this.#request;
    const spans = downSpansOf(this.#faults, scenario.machines);
    // A machine down at the end (crashed, never restarted): its queue is what the crash kept.
    const queuedWhileDown = this.#children.map((child) => {
      const last = spans[child.id]?.at(-1);
      if (!child.faultKilled || last === undefined || last.crash.inbox === 'drop') return 0;
      const state = readMachineState(statePathOf(this.#statesDir ?? '', child.id));
      return state?.queue.length ?? 0;
    });
    return queuedWhileDown;
  }

  #finish(setupMs: number, forkLoopMs: number): RunOutcome {
    const { outDir } = this.#request;
    const children = this.#children;
    for (const child of children)
      recordStopBySignal(child, this.#stop?.atEpochMs ?? null, this.#startEpochMs);
    // A machine that died before its first row left no header: its log is still 0 rows.
    for (const child of children)
      if (child.report === null) writeHeaderOfSilentLog(join(outDir, logFileName(child.id)));
    const manifest = buildTcpManifest({
      request: this.#request,
      children,
      queuedWhileDown: this.#queuedWhileDown(),
      // Ticks are due as the faults were carried out: a stop ends a pause early.
      faultConfigs: withPausesEndedAt(
        this.#faults,
        this.#processFaults?.pausesEndedByStopUs ?? new Map(),
      ),
      runId: this.#runId,
      startEpochMs: this.#startEpochMs,
      router:
        this.#router === null ? null : { port: this.#router.port, report: this.#routerReport },
      stopRequested: this.#stop !== null,
      setupMs,
      forkLoopMs,
      faults:
        this.#request.scenario.faults === undefined
          ? null
          : assembleFaultsCsv(
              outDir,
              this.#request.scenario.faults.length,
              this.#request.scenario.machines,
            ),
    });
    writeManifest(outDir, manifest);
    // Each machine logs in its own process: the analysis can only come from the logs.
    return { manifest, outDir, analysis: null };
  }
}

/** How a phase of the start-up ended. */
type PhaseOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly child: Child }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'timed-out'; readonly waiting: readonly Child[]; readonly why: string };

type Phase = 'listening' | 'started';

function reached(child: Child, phase: Phase): boolean {
  switch (phase) {
    case 'listening':
      return child.port !== 0;
    case 'started':
      return child.times.startedAtMs !== null;
    default:
      return assertNever(phase, 'start-up phase');
  }
}

/**
 * Waits until every machine has reached `phase`, or one fails or dies before it, or a stop
 * comes, or the deadline passes: listening may take as long as machines keep coming (a busy
 * host starts dozens one core's worth at a time), the start barrier has a fixed deadline.
 */
async function awaitPhase(
  children: readonly Child[],
  phase: Phase,
  stopped: () => boolean,
): Promise<PhaseOutcome> {
  const waiting = () => children.filter((child) => !reached(child, phase));
  let waitingCount = waiting().length;
  let deadline = clock.nowMs() + (phase === 'listening' ? listenStallMs : startedWithinMs);
  for (;;) {
    // First: Ctrl-C in a terminal reaches the machines too, and those that end on it are no failure.
    if (stopped()) return { kind: 'stopped' };
    // One that failed, or ended at all (a stop that was not ours), can no longer get there.
    const failed = children.find(
      (child) => !reached(child, phase) && (child.failure !== null || !isRunning(child)),
    );
    if (failed !== undefined) return { kind: 'failed', child: failed };
    const stillWaiting = waiting();
    if (stillWaiting.length === 0) return { kind: 'done' };
    if (phase === 'listening' && stillWaiting.length < waitingCount)
      deadline = clock.nowMs() + listenStallMs;
    waitingCount = stillWaiting.length;
    if (clock.nowMs() > deadline) {
      const why =
        phase === 'listening'
          ? `did not start listening: none more started in ${listenStallMs / 1000} s ` +
            `(${children.length - waitingCount} of ${children.length} listening)`
          : `did not start within ${startedWithinMs / 1000} s of getting their peers ` +
            `(${children.length - waitingCount} of ${children.length} started)`;
      return { kind: 'timed-out', waiting: stillWaiting, why };
    }
    await sleep(pollMs);
  }
}

/**
 * Ends the start-up unless its phase is done: every machine is stopped (then killed) and waited
 * for, and the reason thrown. A failed start is an unusable environment (a port in use, a machine
 * that died): bad input, exit 2. A stop after some machine started is no longer a start-up
 * matter: the run goes on to end as any stopped run.
 */
async function endStartUpUnlessDone(
  children: readonly Child[],
  outcome: PhaseOutcome,
  anyStarted: () => boolean,
): Promise<void> {
  switch (outcome.kind) {
    case 'done':
      return;
    case 'stopped':
      if (anyStarted()) return;
      await endMachines(children);
      throw new StoppedBeforeStartError(
        'stopped during start-up, before the machines started: no run was made',
      );
    case 'failed': {
      await endMachines(children);
      const { child } = outcome;
      throw new InputError(startFailureText(child));
    }
    case 'timed-out': {
      await endMachines(children);
      const ids = outcome.waiting.map((child) => child.id).join(', ');
      throw new InputError(`machine${outcome.waiting.length > 1 ? 's' : ''} ${ids} ${outcome.why}`);
    }
    default:
      assertNever(outcome, 'start-up outcome');
  }
}

/** Why a machine could not start, in the launcher's one line. */
function startFailureText(child: Child): string {
  const reason = child.failure?.reason ?? '';
  switch (child.failureFrom) {
    case 'report':
      return `machine ${child.id} could not start: ${reason}`;
    case 'exit':
      return `machine ${child.id} died during start-up: ${reason}`;
    case null:
      return `machine ${child.id} ended during start-up, stopped by a signal this launcher did not send`;
    default:
      return assertNever(child.failureFrom, 'failure source');
  }
}

/**
 * Waits for every machine to exit after the start. Each ends by itself (its duration, then at
 * most its fin wait); one still running long after the end, or after a stop, is killed and its
 * failure recorded, so that the launcher never waits for good.
 */
async function awaitRunEnd(
  children: readonly Child[],
  times: {
    readonly runEndsAtMs: number;
    readonly stopRequestedAtMs: () => number | null;
    readonly stoppedRespondingAtMs: (child: Child) => number;
    /** A restart fault is still to start a machine (every one may be down meanwhile). */
    readonly restartAhead?: () => boolean;
  },
): Promise<void> {
  for (;;) {
    const running = children.filter(isRunning);
    if (running.length === 0 && times.restartAhead?.() !== true) return;
    const stopAtMs = times.stopRequestedAtMs();
    const nowMs = clock.nowMs();
    const overEnd = nowMs > times.runEndsAtMs + endGraceMs;
    const overStop = stopAtMs !== null && nowMs > stopAtMs + stopGraceMs + endGraceMs;
    if (overEnd || overStop) {
      const after = overStop ? 'the stop' : "the run's end";
      for (const child of running) {
        if (child.failure === null) {
          child.failure = {
            atMs: times.stoppedRespondingAtMs(child),
            reason: `stopped responding: still running ${endGraceMs / 1000} s after ${after}, killed`,
          };
          child.failureFrom = 'exit';
        }
      }
      // It had its whole grace to end (its fin wait is within it) and has not: a stop it would
      // obey would already have ended it, so it is killed now, not asked again and waited for.
      for (const child of running) if (isRunning(child)) child.process.kill('SIGKILL');
      await endMachines(children);
      return;
    }
    await sleep(pollMs * 5);
  }
}

/**
 * A machine stopped by a signal to its own process (kill -TERM, kill -INT of its pid) left the run
 * early while the others went on: the run is not stopped, that machine is, and it is recorded as
 * its failure (when it stopped: the end of its ticking) so that the manifest names it. A signal
 * that came with the launcher's own stop (a terminal's Ctrl-C reaches every process) is that stop.
 */
function recordStopBySignal(
  child: Child,
  launcherStopAtEpochMs: number | null,
  startEpochMs: number,
): void {
  const stop = child.stoppedBySignal;
  if (stop === null || child.report === null || child.report.completed) return;
  if (child.failure !== null) return;
  if (launcherStopAtEpochMs !== null && stop.atEpochMs >= launcherStopAtEpochMs - sameSignalMs)
    return;
  const atMs = startEpochMs === 0 ? 0 : Math.max(0, stop.atEpochMs - startEpochMs);
  child.failure = {
    atMs: Math.round(atMs),
    reason: `stopped by ${stop.signal}, which the launcher did not send: left the run early`,
  };
  child.failureFrom = 'report';
}

function isRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/**
 * Stops every machine still running (over IPC, and by SIGTERM should the channel be gone), gives
 * them `stopGraceMs` to end, SIGKILLs those left and waits for them: none outlives the launcher.
 */
async function endMachines(children: readonly Child[]): Promise<void> {
  const running = children.filter(isRunning);
  if (running.length === 0) return;
  for (const child of running) {
    // One stopped by a pause fault (SIGSTOP) hears nothing, not even SIGTERM, until resumed.
    child.process.kill('SIGCONT');
    if (child.process.connected) sendTo(child, { kind: 'stop' });
    else child.process.kill('SIGTERM');
  }
  const allExited = Promise.all(running.map((child) => child.exited));
  if (await settlesWithin(allExited, stopGraceMs)) return;
  for (const child of running) if (isRunning(child)) child.process.kill('SIGKILL');
  await settlesWithin(allExited, stopGraceMs);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What machine `id` is told to run (its faults, if any, are added by the caller). */
function launchConfigOf(
  request: TcpRunRequest,
  runId: string,
  token: string,
  id: number,
): MachineLaunchConfig {
  const { scenario } = request;
  return {
    machine: {
      machineId: id,
      machineCount: scenario.machines,
      rateHz: scenario.rates[id] as number,
      internalProbability: scenario.internalProbability,
      seed: scenario.seed,
      durationMs: scenario.durationSec * 1000,
      runId,
      token,
      listenHost: request.host,
      listenPort: request.ports?.[id] ?? 0,
      topology: request.topology,
    },
    outDir: request.outDir,
  };
}

function forkMachine(launch: MachineLaunchConfig, startedAt: () => number, life: number): Child {
  const { machineId: id, runId } = launch.machine;
  // Id and run id on the command line (for ps and for tests); the rest, token included, over IPC.
  const args = ['machine', '--ipc', '--id', String(id), '--run-id', runId];
  const forkedAtMs = clock.nowMs();
  const process = fork(machineMainPath, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  // A message to a machine that has just died fails; its exit says what happened to it.
  process.on('error', () => {});
  process.send({ kind: 'config', launch } satisfies LauncherToMachine);
  const child: Child = {
    id,
    process,
    life,
    faultKilled: false,
    port: 0,
    report: null,
    failure: null,
    failureFrom: null,
    events: 0,
    queueLength: 0,
    stoppedBySignal: null,
    lastHeardEpochMs: 0,
    exited: Promise.resolve(),
    times: {
      forkedAtMs,
      listeningAtMs: null,
      peersSentAtMs: null,
      startedAtMs: null,
      peakRssKb: null,
    },
  };
  child.exited = watchExit(child, startedAt);
  return child;
}

/** Settles when the machine's process exits; an exit without a report is its failure. */
function watchExit(child: Child, startedAt: () => number): Promise<void> {
  const { process } = child;
  let stderr = '';
  process.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => {
    process.on('exit', (code, signal) => {
      if (child.report === null && child.failure === null && !child.faultKilled) {
        const reason =
          signal !== null
            ? `killed by ${signal}`
            : `exited with code ${code}${stderr === '' ? '' : `: ${stderr.trim().split('\n').pop()}`}`;
        // Failure times are ms since the common start (0 when it happened before the start).
        const startEpochMs = startedAt();
        child.failure = {
          atMs: startEpochMs === 0 ? 0 : Math.round(Math.max(0, clock.epochMs() - startEpochMs)),
          reason,
        };
        child.failureFrom = 'exit';
      }
      resolve();
    });
  });
}

function onChildMessage(child: Child, message: MachineToLauncher, startEpochMs: number): void {
  switch (message.kind) {
    case 'listening':
      child.port = message.port;
      // A restart's process shares its first one's start-up times: those are the run's.
      if (child.life === 0) child.times.listeningAtMs = clock.nowMs();
      return;
    case 'started':
      if (child.life === 0) child.times.startedAtMs = clock.nowMs();
      return;
    case 'progress':
      child.events = message.events;
      child.queueLength = message.queueLength;
      return;
    case 'done':
      child.report = message.report;
      child.events = message.report.events.total;
      child.times.peakRssKb = message.peakRssKb ?? null;
      child.stoppedBySignal = message.stoppedBySignal ?? null;
      return;
    case 'failed':
      child.failure = {
        atMs: startEpochMs === 0 ? 0 : Math.round(Math.max(0, clock.epochMs() - startEpochMs)),
        reason: message.message,
      };
      child.failureFrom = 'report';
      return;
    default:
      assertNever(message, 'message from a machine');
  }
}

function sendTo(child: Child, message: LauncherToMachine): void {
  if (child.process.connected) child.process.send(message);
}

interface ManifestParts {
  readonly request: TcpRunRequest;
  readonly children: readonly Child[];
  /** A run with faults: per machine down at the end, the copies its crash kept (else 0). */
  readonly queuedWhileDown: readonly number[] | null;
  /** The run's faults in exact units (empty without). */
  readonly faultConfigs: readonly FaultConfig[];
  readonly runId: string;
  readonly startEpochMs: number;
  /** The router's port and its report (null when it died before reporting); null: mesh. */
  readonly router: { readonly port: number; readonly report: RouterReport | null } | null;
  readonly stopRequested: boolean;
  readonly setupMs: number;
  readonly forkLoopMs: number;
  /** A run with faults: faults.csv assembled from the parts, and what its rows count. */
  readonly faults: AssembledFaults | null;
}

function buildTcpManifest(parts: ManifestParts): Manifest {
  const { request, children } = parts;
  const { scenario, outDir } = request;
  const summaries = children.map((child) =>
    summarizeMachineLog(join(outDir, logFileName(child.id))),
  );
  const machines = machineManifests(parts, summaries);
  const sum = (pick: (machine: MachineManifest) => number) =>
    machines.reduce((total, machine) => total + pick(machine), 0);
  // A run is complete when it ran its whole duration: a machine that died is a failure the
  // manifest records, not a reason to call the run cut short.
  const completed =
    !parts.stopRequested &&
    children.every(
      (child) => child.report === null || child.report.completed || child.failure !== null,
    );
  // Of a stopped run: up to its last row, but never past the scheduled duration, which a tick due
  // at its very end, run a little late, would pass (its row's time is when it ran, not when due).
  const scheduledUs = Math.round(scenario.durationSec * 1e6);
  const lastRowUs = Math.max(0, ...summaries.map((summary) => summary.lastTimeUs));
  const manifest: Manifest = withFaultFields(
    {
      tool: { name: 'lamport-lab', version: toolVersion },
      formatVersion: manifestFormatVersion,
      mode: 'tcp',
      startTime: new Date(
        parts.startEpochMs === 0 ? clock.epochMs() : parts.startEpochMs,
      ).toISOString(),
      completed,
      durationUs: completed ? scheduledUs : Math.min(scheduledUs, lastRowUs),
      rng: rngAlgorithm,
      scenario,
      events: sum((machine) => machine.events.total),
      messages: {
        sent: summaries.reduce((total, summary) => total + summary.copiesSent, 0),
        received: sum((machine) => machine.events.receive),
        queuedAtEnd: sum((machine) => machine.queuedAtEnd),
        inFlightAtEnd: sum((machine) => machine.inFlightAtEnd),
        undeliverable: sum((machine) => machine.undeliverableAtEnd ?? 0),
        lost: lostCopies(machines, summaries, parts.faults),
      },
      machines,
      causality: null,
      logs: summaries.map((summary, id) => ({
        file: logFileName(id),
        sha256: summary.sha256,
        bytes: summary.bytes,
        rows: summary.events.total,
      })),
      tcp: tcpManifest(parts, summaries, { scheduledUs, lastRowUs }),
    },
    parts.faults,
  );
  // The causality statistics come from the logs, exactly as `check --stats` computes them.
  writeManifest(outDir, manifest);
  return { ...manifest, causality: checkRun(outDir, { maxErrors: 1 }).causality };
}

type MachineLogSummary = ReturnType<typeof summarizeMachineLog>;

function machineManifests(
  parts: ManifestParts,
  summaries: readonly MachineLogSummary[],
): MachineManifest[] {
  const { children, router } = parts;
  const routerUndeliverable = router?.report?.undeliverable ?? [];
  return children.map((child, id): MachineManifest => {
    const summary = summaries[id] as MachineLogSummary;
    const undeliverable =
      children.reduce((total, sender) => total + (sender.report?.undeliverable[id] ?? 0), 0) +
      (routerUndeliverable[id] ?? 0);
    return {
      id,
      rateHz: parts.request.scenario.rates[id] as number,
      events: summary.events,
      finalClock: summary.finalClock,
      clockJumpMax: summary.clockJumpMax,
      queueLengthMax: summary.queueLengthMax,
      queuedAtEnd: child.report?.queuedAtEnd ?? parts.queuedWhileDown?.[id] ?? 0,
      inFlightAtEnd: router?.report?.inFlightAtEnd[id] ?? 0,
      undeliverableAtEnd: undeliverable,
      // Dead without a report, or gone early (a signal of its own): its queue left with it.
      // A crash fault's kill is no failure: what it dropped is in faults.csv.
      failed: (child.report === null && !child.faultKilled) || child.failure !== null,
    };
  });
}

/**
 * What was sent to a machine and is neither received, queued nor undeliverable was lost with
 * a failed machine (check verifies it could only be): each copy in one category.
 */
function lostCopies(
  machines: readonly MachineManifest[],
  summaries: readonly MachineLogSummary[],
  faults: AssembledFaults | null,
): number {
  // With faults, a duplicate is one more copy to a machine and a dropped one is accounted for.
  const sentTo = (id: number) =>
    summaries.reduce((total, summary) => total + (summary.copiesSentTo[id] ?? 0), 0) +
    (faults?.duplicatedTo[id] ?? 0) -
    (faults?.droppedTo[id] ?? 0);
  return machines.reduce(
    (total, machine) =>
      total +
      sentTo(machine.id) -
      machine.events.receive -
      machine.queuedAtEnd -
      machine.inFlightAtEnd -
      (machine.undeliverableAtEnd ?? 0),
    0,
  );
}

/** A TCP run's scheduled end and its last row's time, µs after the start (buildManifest's). */
interface RunEnds {
  readonly scheduledUs: number;
  readonly lastRowUs: number;
}

function tcpManifest(
  parts: ManifestParts,
  summaries: readonly MachineLogSummary[],
  { scheduledUs, lastRowUs }: RunEnds,
): NonNullable<Manifest['tcp']> {
  const { request, children, router } = parts;
  const { scenario, outDir } = request;
  return {
    topology: request.topology,
    host: request.host,
    runId: parts.runId,
    startEpochMs: parts.startEpochMs,
    timeToleranceMs,
    machines: children.map((child) => {
      const made = tcpMachineManifest(child, scenario.rates[child.id] as number, outDir);
      if (parts.faults === null) return made;
      // With faults a machine's ticks span its processes (tcp-fault-ticks.ts), and its rate is
      // over the time they were up. A stopped run ends at its last row (the manifest's duration).
      const summary = summaries[child.id] as MachineLogSummary;
      const ticks = faultedMachineTicks({
        machineId: child.id,
        rateMilliHz: rateHzToMilliHz(scenario.rates[child.id] as number),
        faults: parts.faultConfigs,
        rows: summary.events.total,
        restartRows: summary.restarts,
        endUs: parts.stopRequested ? Math.min(scheduledUs, lastRowUs) : scheduledUs,
        ownEndUs: parts.stopRequested ? summary.lastTimeUs : scheduledUs,
      });
      return {
        ...made,
        ticksMade: ticks.ticksMade,
        ticksExpected: ticks.ticksExpected,
        achievedRateHz: round3(ticks.achievedRateHz),
      };
    }),
    router:
      router === null ? null : { port: router.port, forwarded: router.report?.forwarded ?? 0 },
    setupMs: Math.round(parts.setupMs),
    ...optional(
      'overhead',
      runOverhead({
        setupMs: parts.setupMs,
        forkLoopMs: parts.forkLoopMs,
        machines: children.map((child): MachineTimes => child.times),
        launcherPeakRssKb: process.resourceUsage().maxRSS,
      }),
    ),
  };
}

function tcpMachineManifest(child: Child, rateHz: number, outDir: string): TcpMachineManifest {
  const report = child.report;
  // A machine that died without reporting still made the ticks its log holds, up to its failure.
  const ticks =
    report ??
    (child.failure === null
      ? null
      : ticksFromLog(join(outDir, logFileName(child.id)), rateHz, child.failure.atMs));
  return {
    id: child.id,
    port: child.port,
    ticksMade: ticks?.ticksMade ?? 0,
    ticksExpected: ticks?.ticksExpected ?? 0,
    achievedRateHz: round3(ticks?.achievedRateHz ?? 0),
    lateness: {
      p50Ms: round3(ticks?.lateness.p50Ms ?? 0),
      p99Ms: round3(ticks?.lateness.p99Ms ?? 0),
      maxMs: round3(ticks?.lateness.maxMs ?? 0),
      lateTicks: ticks?.lateness.lateTicks ?? 0,
    },
    badConnections: report?.badConnections ?? { count: 0, reasons: [] },
    disconnects: report?.disconnects ?? [],
    failure: child.failure,
    ...optional('overhead', machineOverhead(child.times)),
  };
}

/** `{ key: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
