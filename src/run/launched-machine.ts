/**
 * One machine of a TCP run as started by the launcher (`run --mode tcp`): configuration in,
 * reports out, over Node's IPC channel. This module and what it imports are all a forked machine
 * process loads (see machine-main.ts), so it must stay free of the CLI (commander, zod, the other
 * commands): every millisecond of module loading is paid once per machine, on a host that starts
 * dozens of them at once.
 */
import { assertNever, probabilityToFraction } from '../../core/index.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import {
  type MachineControl,
  type MachineReport,
  type PeerAddress,
  runTcpMachine,
  StartUpError,
  type TcpMachineConfig,
} from '../../transports/tcp/machine.js';
import { systemClock } from '../../transports/tcp/wall-clock.js';
import { exitCodeOf, InputError } from '../common/errors.js';
import { type ExitCode, exitCodes } from '../common/exit-codes.js';
import { CsvLogSink } from '../logs/csv-log.js';

/** What the launcher passes to a machine it starts (over the IPC channel, first message). */
export interface MachineLaunchConfig {
  readonly machine: Omit<TcpMachineConfig, 'internalProbability'> & {
    readonly internalProbability: number;
  };
  readonly outDir: string;
}

/** Messages from a machine process to the launcher. */
export type MachineToLauncher =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'started'; readonly startEpochMs: number }
  | {
      readonly kind: 'progress';
      readonly events: number;
      readonly queueLength: number;
      readonly clock: number;
    }
  | {
      readonly kind: 'done';
      readonly report: MachineReport;
      /** The process's own peak resident set (Linux maxRSS), KiB: the launcher cannot see it. */
      readonly peakRssKb?: number;
      /**
       * Set when the first stop this machine got was a signal to its own process, not the
       * launcher's stop: when (epoch ms) and which. The launcher alone can tell whether it was a
       * Ctrl-C for the whole run (the terminal signals every process at once) or this machine
       * alone leaving the run early, which it records as that machine's failure.
       */
      readonly stoppedBySignal?: { readonly signal: StopSignal; readonly atEpochMs: number };
    }
  | { readonly kind: 'failed'; readonly message: string };

/** The signals a machine process ends cleanly on. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** Messages from the launcher to a machine process. */
export type LauncherToMachine =
  | { readonly kind: 'config'; readonly launch: MachineLaunchConfig }
  | { readonly kind: 'peers'; readonly peers: readonly PeerAddress[] }
  | { readonly kind: 'stop' };

/** Runs one machine with its CSV log (one row written and flushed per event). */
export async function runMachineWithLog(
  config: TcpMachineConfig,
  control: MachineControl,
  outDir: string,
): Promise<MachineReport> {
  const sink = new CsvLogSink(outDir, config.machineCount, {
    onlyMachine: config.machineId,
    flushEachRow: true,
    // A restart goes on with the log its killed process wrote.
    append: config.faults?.restart != null,
  });
  try {
    const rngFor = seededRngFactory(config.seed);
    return await runTcpMachine(config, control, {
      sink,
      rngFor,
      clock: systemClock,
      onContinue: (listener) => {
        process.on('SIGCONT', listener);
        return () => process.off('SIGCONT', listener);
      },
    });
  } finally {
    sink.close();
  }
}

/** Sends to the launcher; settles once sent (or at once when the channel is gone). */
function sendToLauncher(message: MachineToLauncher): Promise<void> {
  return new Promise<void>((resolve) => {
    if (process.send === undefined || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * What the launcher tells this process: its configuration, its peers, and a stop. A stop may
 * come at any moment, before the machine exists too: it is remembered, and a handler registered
 * after it runs at once. Lost, it left a machine waiting for good.
 */
class LauncherLink {
  /** The configuration, or null when a stop came first. */
  readonly launched: Promise<MachineLaunchConfig | null>;
  readonly peers: Promise<readonly PeerAddress[]>;
  stoppedBySignal: { signal: StopSignal; atEpochMs: number } | undefined;
  #stopRequested = false;
  #onStop = () => {};
  #resolveLaunch: (launch: MachineLaunchConfig | null) => void = () => {};
  #resolvePeers: (peers: readonly PeerAddress[]) => void = () => {};

  constructor() {
    this.launched = new Promise((resolve) => {
      this.#resolveLaunch = resolve;
    });
    this.peers = new Promise((resolve) => {
      this.#resolvePeers = resolve;
    });
    process.on('message', (message: LauncherToMachine) => this.#onMessage(message));
    // The launcher gone (killed, even by SIGKILL: its end of the channel closes), Ctrl-C on the
    // terminal, or a plain kill: stop cleanly.
    process.on('disconnect', () => this.#stop());
    process.on('SIGINT', () => this.#stop('SIGINT'));
    process.on('SIGTERM', () => this.#stop('SIGTERM'));
  }

  onStop(handler: () => void): void {
    this.#onStop = handler;
    if (this.#stopRequested) handler();
  }

  #onMessage(message: LauncherToMachine): void {
    switch (message.kind) {
      case 'config':
        this.#resolveLaunch(message.launch);
        return;
      case 'peers':
        this.#resolvePeers(message.peers);
        return;
      case 'stop':
        this.#stop();
        return;
      default:
        assertNever(message, 'message from the launcher');
    }
  }

  #stop(signal?: StopSignal): void {
    if (!this.#stopRequested && signal !== undefined)
      this.stoppedBySignal = { signal, atEpochMs: systemClock.epochMs() };
    this.#stopRequested = true;
    this.#onStop();
    // Before its configuration there is no machine to stop: nothing to wait for.
    this.#resolveLaunch(null);
  }
}

/**
 * A machine started by the launcher. The configuration (with the run's token) never appears on a
 * command line, where `ps` shows it to every user of the host. Returns the exit code.
 */
export async function runLaunchedMachine(): Promise<ExitCode> {
  // Started by hand (`lamport-lab machine --ipc` in a shell): no configuration can ever come,
  // and the process would end with Node's exit code 13 for a promise never settled, silently.
  if (process.send === undefined) {
    throw new InputError(
      '--ipc: expected a process started by `lamport-lab run --mode tcp` with an IPC channel, ' +
        'got none; to start a machine by hand, drop --ipc and give --id, --peers, --rate, --seed, --duration and --out',
    );
  }
  const link = new LauncherLink();
  const launch = await link.launched;
  if (launch === null) {
    // Stopped before it was told what to run: nothing failed, the run was called off.
    if (process.connected) process.disconnect();
    return exitCodes.interrupted;
  }
  const config: TcpMachineConfig = {
    ...launch.machine,
    internalProbability: probabilityToFraction(launch.machine.internalProbability),
  };
  const control: MachineControl = {
    listening: (port) => void sendToLauncher({ kind: 'listening', port }),
    peers: () => link.peers,
    started: (startEpochMs) => void sendToLauncher({ kind: 'started', startEpochMs }),
    progress: (snapshot) => void sendToLauncher({ kind: 'progress', ...snapshot }),
    onStop: (handler) => link.onStop(handler),
  };
  try {
    const report = await runMachineWithLog(config, control, launch.outDir);
    const { stoppedBySignal } = link;
    await sendToLauncher({
      kind: 'done',
      report,
      peakRssKb: process.resourceUsage().maxRSS,
      ...(stoppedBySignal === undefined ? {} : { stoppedBySignal }),
    });
    return exitCodes.ok;
  } catch (error) {
    await sendToLauncher({ kind: 'failed', message: (error as Error).message });
    // The launcher reads the message; the code keeps its meaning for anyone else watching: a
    // peer that never came or a port taken is the environment (2), anything else a bug (3).
    return error instanceof StartUpError ? exitCodes.input : exitCodeOf(error);
  } finally {
    if (process.connected) process.disconnect();
  }
}
