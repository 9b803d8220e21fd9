/**
 * `run --mode tcp`: the launcher. It starts one OS process per machine (machine-main.js: the
 * `lamport-lab machine --ipc` machine without the rest of the CLI, forked with an IPC channel),
 * tells each where its peers listen, watches them tick, stops them on Ctrl-C or SIGTERM, notices
 * any that die, and writes the same run directory as virtual mode: every machine writes its own
 * CSV; the launcher adds manifest.json (`mode: "tcp"`) with what starting them cost.
 *
 * With `--topology router` the router runs in the launcher's process and every machine connects
 * only to it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineReport, PeerAddress, Topology } from '../transports/tcp-machine.js';
import { routerId } from '../transports/tcp-machine.js';
import { TcpRouter } from '../transports/tcp-router.js';
import { systemClock } from '../transports/wall-clock.js';
import { checkRun } from './check/check-run.js';
import { InputError } from './errors.js';
import type {
  LauncherToMachine,
  MachineLaunchConfig,
  MachineToLauncher,
} from './launched-machine.js';
import { logFileName } from './log-format.js';
import { summarizeMachineLog } from './log-summary.js';
import {
  type MachineManifest,
  type Manifest,
  manifestFormatVersion,
  type TcpMachineManifest,
  writeManifest,
} from './manifest.js';
import { prepareOutDir, runFileNames } from './out-dir.js';
import { recordFilesAsTheyAre } from './owned-files.js';
import { toolVersion } from './paths.js';
import type { RunOutcome } from './run.js';
import { rngAlgorithm } from '../transports/seeded-rng.js';
import type { ResolvedScenario } from './scenario-resolve.js';
import { type MachineTimes, machineOverhead, runOverhead } from './tcp-overhead.js';

export interface TcpRunRequest {
  readonly scenario: ResolvedScenario;
  readonly outDir: string;
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
  port: number;
  report: MachineReport | null;
  failure: { atMs: number; reason: string } | null;
  events: number;
  queueLength: number;
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
const machineMainPath = join(fileURLToPath(import.meta.url), '..', 'machine-main.js');
/**
 * The launcher gives up when no further machine has started listening for this long. Not a
 * deadline for all of them: on a busy host dozens of processes start one core's worth at a time,
 * and a run of 64 machines may well take longer than this while still making progress.
 */
const listenStallMs = 15_000;
/** Machines on one host share its clock; this covers scheduling noise between processes. */
const timeToleranceMs = 50;

export async function executeTcpRun(
  request: TcpRunRequest,
  hooks: TcpRunHooks = {},
): Promise<RunOutcome> {
  const { scenario, outDir } = request;
  if (request.ports !== null && request.ports.length !== scenario.machines) {
    throw new InputError(
      `--ports: expected ${scenario.machines} ports, one per machine, got ${request.ports.length}`,
    );
  }
  prepareOutDir(outDir, request.force, runFileNames(scenario.machines));
  try {
    return await launchRun(request, hooks);
  } finally {
    // The machine processes wrote the logs; the launcher alone records them (one writer of the
    // record), as they are once the processes are gone, whether the run succeeded or not.
    recordFilesAsTheyAre(outDir, runFileNames(scenario.machines).slice(0, scenario.machines));
  }
}

async function launchRun(request: TcpRunRequest, hooks: TcpRunHooks): Promise<RunOutcome> {
  const { scenario, outDir } = request;
  const runId = randomBytes(6).toString('hex');
  const token = request.token ?? randomBytes(12).toString('hex');
  // Launcher overhead: from forking the machines to their common start.
  const forkedEpochMs = systemClock.epochMs();
  const router =
    request.topology === 'router'
      ? new TcpRouter(
          {
            machineCount: scenario.machines,
            runId,
            token,
            listenHost: request.host,
            listenPort: 0,
          },
          systemClock,
        )
      : null;
  const routerPort = router === null ? 0 : await router.listen();
  let startEpochMs = 0;
  const forkLoopStartMs = systemClock.nowMs();
  const children = forkMachines(request, runId, token, outDir, () => startEpochMs);
  const forkLoopMs = systemClock.nowMs() - forkLoopStartMs;
  let stopRequested = false;
  const stopAll = () => {
    stopRequested = true;
    for (const child of children) sendTo(child, { kind: 'stop' });
  };
  hooks.onStopRequest?.(stopAll);
  for (const child of children) {
    child.process.on('message', (message: MachineToLauncher) => {
      if (message.kind === 'started' && startEpochMs === 0) startEpochMs = message.startEpochMs;
      onChildMessage(child, message, startEpochMs);
    });
  }
  await waitForListening(children);
  for (const child of children) {
    const peers: PeerAddress[] =
      router === null
        ? children
            .filter((other) => other.id !== child.id)
            .map((other) => ({ id: other.id, host: request.host, port: other.port }))
        : [{ id: routerId(scenario.machines), host: request.host, port: routerPort }];
    sendTo(child, { kind: 'peers', peers });
    child.times.peersSentAtMs = systemClock.nowMs();
  }
  if (stopRequested) stopAll();
  const progressTimer = setInterval(() => {
    const elapsedMs = startEpochMs === 0 ? 0 : Math.max(0, systemClock.epochMs() - startEpochMs);
    hooks.onProgress?.({
      elapsedMs,
      durationMs: scenario.durationSec * 1000,
      started: startEpochMs !== 0,
      machines: children.map((child) => ({
        events: child.events,
        queueLength: child.queueLength,
        alive: child.failure === null,
      })),
    });
  }, 200);
  await Promise.all(children.map((child) => child.exited));
  clearInterval(progressTimer);
  if (router !== null) {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise((resolve) => {
      timer = setTimeout(resolve, 2000);
    });
    await Promise.race([router.finished, gaveUp]);
    clearTimeout(timer);
    await router.close();
  }
  const setupMs = startEpochMs === 0 ? 0 : Math.max(0, startEpochMs - forkedEpochMs);
  const manifest = buildTcpManifest({
    request,
    children,
    runId,
    startEpochMs,
    router,
    routerPort,
    stopRequested,
    setupMs,
    forkLoopMs,
  });
  writeManifest(outDir, manifest);
  // Each machine logs in its own process: the analysis can only come from the logs.
  return { manifest, outDir, analysis: null };
}

function forkMachines(
  request: TcpRunRequest,
  runId: string,
  token: string,
  outDir: string,
  startedAt: () => number,
): Child[] {
  const { scenario } = request;
  return scenario.rates.map((rateHz, id) => {
    const launch: MachineLaunchConfig = {
      machine: {
        machineId: id,
        machineCount: scenario.machines,
        rateHz,
        internalProbability: scenario.internalProbability,
        seed: scenario.seed,
        durationMs: scenario.durationSec * 1000,
        runId,
        token,
        listenHost: request.host,
        listenPort: request.ports?.[id] ?? 0,
        topology: request.topology,
      },
      outDir,
    };
    // Id and run id on the command line (for ps and for tests); the rest, token included, over IPC.
    const args = ['machine', '--ipc', '--id', String(id), '--run-id', runId];
    const forkedAtMs = systemClock.nowMs();
    const process = fork(machineMainPath, args, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: [],
    });
    process.send({ kind: 'config', launch } satisfies LauncherToMachine);
    let stderr = '';
    process.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    const child: Child = {
      id,
      process,
      port: 0,
      report: null,
      failure: null,
      events: 0,
      queueLength: 0,
      exited: Promise.resolve(),
      times: {
        forkedAtMs,
        listeningAtMs: null,
        peersSentAtMs: null,
        startedAtMs: null,
        peakRssKb: null,
      },
    };
    child.exited = new Promise((resolve) => {
      process.on('exit', (code, signal) => {
        if (child.report === null && child.failure === null) {
          const reason =
            signal !== null
              ? `killed by ${signal}`
              : `exited with code ${code}${stderr === '' ? '' : `: ${stderr.trim().split('\n').pop()}`}`;
          // Failure times are ms since the common start (0 when it happened before the start).
          const startEpochMs = startedAt();
          child.failure = {
            atMs: startEpochMs === 0 ? 0 : Math.max(0, Date.now() - startEpochMs),
            reason,
          };
        }
        resolve();
      });
    });
    return child;
  });
}

function onChildMessage(child: Child, message: MachineToLauncher, startEpochMs: number): void {
  switch (message.kind) {
    case 'listening':
      child.port = message.port;
      child.times.listeningAtMs = systemClock.nowMs();
      return;
    case 'started':
      child.times.startedAtMs = systemClock.nowMs();
      return;
    case 'progress':
      child.events = message.events;
      child.queueLength = message.queueLength;
      return;
    case 'done':
      child.report = message.report;
      child.events = message.report.events.total;
      child.times.peakRssKb = message.peakRssKb ?? null;
      return;
    case 'failed':
      child.failure = {
        atMs: startEpochMs === 0 ? 0 : Math.max(0, Date.now() - startEpochMs),
        reason: message.message,
      };
      return;
  }
}

function sendTo(child: Child, message: LauncherToMachine): void {
  if (child.process.connected) child.process.send(message);
}

async function waitForListening(children: readonly Child[]): Promise<void> {
  const waiting = () => children.filter((child) => child.port === 0 && child.failure === null);
  let waitingCount = waiting().length;
  let deadline = Date.now() + listenStallMs;
  while (waitingCount > 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const stillWaiting = waiting();
    if (stillWaiting.length < waitingCount) deadline = Date.now() + listenStallMs;
    waitingCount = stillWaiting.length;
    if (waitingCount > 0 && Date.now() > deadline) {
      for (const child of children) child.process.kill('SIGKILL');
      await Promise.all(children.map((child) => child.exited));
      const ids = stillWaiting.map((child) => child.id).join(', ');
      throw new Error(
        `machines ${ids} did not start listening: none more started in ${listenStallMs / 1000} s ` +
          `(${children.length - waitingCount} of ${children.length} listening)`,
      );
    }
  }
  const failed = children.find((child) => child.failure !== null);
  if (failed !== undefined) {
    for (const child of children) if (child.process.connected) child.process.kill('SIGTERM');
    await Promise.all(children.map((child) => child.exited));
    throw new InputError(
      `machine ${failed.id} could not start: ${failed.failure?.reason ?? 'unknown'}`,
    );
  }
}

interface ManifestParts {
  readonly request: TcpRunRequest;
  readonly children: readonly Child[];
  readonly runId: string;
  readonly startEpochMs: number;
  readonly router: TcpRouter | null;
  readonly routerPort: number;
  readonly stopRequested: boolean;
  readonly setupMs: number;
  readonly forkLoopMs: number;
}

function buildTcpManifest(parts: ManifestParts): Manifest {
  const { request, children, router } = parts;
  const { scenario, outDir } = request;
  const routerUndeliverable = router?.report().undeliverable ?? [];
  const summaries = children.map((child) =>
    summarizeMachineLog(join(outDir, logFileName(child.id))),
  );
  const machines = children.map((child, id): MachineManifest => {
    const summary = summaries[id] as (typeof summaries)[number];
    const undeliverable =
      children.reduce((total, sender) => total + (sender.report?.undeliverable[id] ?? 0), 0) +
      (routerUndeliverable[id] ?? 0);
    return {
      id,
      rateHz: scenario.rates[id] as number,
      events: summary.events,
      finalClock: summary.finalClock,
      clockJumpMax: summary.clockJumpMax,
      queueLengthMax: summary.queueLengthMax,
      queuedAtEnd: child.report?.queuedAtEnd ?? 0,
      inFlightAtEnd: 0,
      undeliverableAtEnd: undeliverable,
      failed: child.report === null,
    };
  });
  const sum = (pick: (machine: MachineManifest) => number) =>
    machines.reduce((total, machine) => total + pick(machine), 0);
  // A run is complete when it ran its whole duration: a machine that died is a failure the
  // manifest records, not a reason to call the run cut short.
  const completed =
    !parts.stopRequested &&
    children.every((child) => child.report === null || child.report.completed);
  const durationUs = Math.max(0, ...summaries.map((summary) => summary.lastTimeUs));
  const logs = summaries.map((summary, id) => ({
    file: logFileName(id),
    sha256: summary.sha256,
    bytes: summary.bytes,
    rows: summary.events.total,
  }));
  const manifest: Manifest = {
    tool: { name: 'lamport-lab', version: toolVersion },
    formatVersion: manifestFormatVersion,
    mode: 'tcp',
    startTime:
      parts.startEpochMs === 0
        ? new Date().toISOString()
        : new Date(parts.startEpochMs).toISOString(),
    completed,
    durationUs: completed ? Math.round(scenario.durationSec * 1e6) : durationUs,
    rng: rngAlgorithm,
    scenario,
    events: sum((machine) => machine.events.total),
    messages: {
      sent: summaries.reduce((total, summary) => total + summary.copiesSent, 0),
      received: sum((machine) => machine.events.receive),
      queuedAtEnd: sum((machine) => machine.queuedAtEnd),
      inFlightAtEnd: 0,
    },
    machines,
    causality: null,
    logs,
    tcp: {
      topology: request.topology,
      host: request.host,
      runId: parts.runId,
      startEpochMs: parts.startEpochMs,
      timeToleranceMs,
      machines: children.map((child) => tcpMachineManifest(child)),
      router:
        router === null ? null : { port: parts.routerPort, forwarded: router.report().forwarded },
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
    },
  };
  // The causality statistics come from the logs, exactly as `check --stats` computes them.
  writeManifest(outDir, manifest);
  return { ...manifest, causality: checkRun(outDir, { maxErrors: 1 }).causality };
}

function tcpMachineManifest(child: Child): TcpMachineManifest {
  const report = child.report;
  return {
    id: child.id,
    port: child.port,
    ticksMade: report?.ticksMade ?? 0,
    ticksExpected: report?.ticksExpected ?? 0,
    achievedRateHz: round3(report?.achievedRateHz ?? 0),
    lateness: {
      p50Ms: round3(report?.lateness.p50Ms ?? 0),
      p99Ms: round3(report?.lateness.p99Ms ?? 0),
      maxMs: round3(report?.lateness.maxMs ?? 0),
      lateTicks: report?.lateness.lateTicks ?? 0,
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
