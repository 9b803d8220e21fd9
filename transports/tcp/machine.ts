/**
 * One model machine as a real process on real TCP: the simulator's own step → record → route
 * (DriveStep), random streams (the factory it is given) and tick times (tick k at floor(k / rate)
 * µs after the common start), with a wall-clock ticker (TickTimer) for a clock and sockets for a
 * network instead of the tick queue and the delivery queue.
 *
 * - Receiving is independent of ticking: frames are decoded as they arrive and their messages
 *   go into the queue; a tick takes one off (the seeds' background receiver).
 * - Mesh topology: one outbound connection per peer carries this machine's messages to it, and
 *   peers' connections come in on the listener. Router topology: one connection to the router,
 *   which forwards every message. Either way a channel is one TCP stream, so it is FIFO.
 * - Start barrier: every connection is made and greeted (protocol version, run id, machine id,
 *   token) before the coordinator (machine 0, or the router) sends a common start time.
 * - Start-up never hangs: each of its waits (the peer list, the barrier) has a deadline and ends
 *   at once on a stop; a peer that refuses our hello says why, and a cause that retrying cannot
 *   fix (a token, a run id) ends the start-up at once, naming that peer.
 * - End: at the end of the duration (or on stop) ticking stops, a `fin` goes out on every
 *   connection, and the machine waits for its peers' `fin`s (or their disconnects) so that every
 *   message sent to it is in its queue before the queue is counted. Nothing is lost silently: a
 *   message that cannot be written is counted as undeliverable.
 */
import net from 'node:net';
import {
  assert,
  assertNever,
  buildActionPolicy,
  clockAfterRestart,
  createMachine,
  deliver,
  type Fraction,
  type MachineId,
  type MachineState,
  type MessageQueue,
  type Rng,
  StepEvent,
  tick,
  toEveryPeer,
} from '../../core/index.js';
import { rateHzToMilliHz, ticksWithin } from '../../core/tick-schedule.js';
import { DriveStep, type Network } from '../drive-step.js';
import type { RestartClock } from '../fault-config.js';
import type { EventSink } from '../run-config.js';
import { type RngFactory, streamNames } from '../seeded-rng.js';
import {
  describeDecodeError,
  encodeFrame,
  type Frame,
  FrameDecoder,
  type HelloRefusalCause,
  protocolVersion,
} from './framing.js';
import { serveGreetedConnection } from './greeting.js';
import {
  CountingRng,
  type PersistedMachine,
  readMachineState,
  writeMachineState,
} from './machine-state.js';
import { PauseHold } from './pause-hold.js';
import { type Lateness, type RateStep, TickTimer } from './tick-timer.js';
import { every, monotonicAt, type WallClock } from './wall-clock.js';

export interface PeerAddress {
  readonly id: number;
  readonly host: string;
  readonly port: number;
}

export type Topology = 'mesh' | 'router';

export interface TcpMachineConfig {
  readonly machineId: number;
  readonly machineCount: number;
  readonly rateHz: number;
  readonly internalProbability: Fraction;
  readonly seed: number;
  readonly durationMs: number;
  readonly runId: string;
  readonly token: string;
  readonly listenHost: string;
  readonly listenPort: number;
  readonly topology: Topology;
  /** How long to wait for every peer before giving up (default 30 s). */
  readonly barrierTimeoutMs?: number;
  /** How long to wait for the peer list (`MachineControl.peers`) before giving up (default 120 s). */
  readonly peersTimeoutMs?: number;
  /** This machine's process faults (docs/FAULTS.md, "Faults on real sockets"); absent: none. */
  readonly faults?: TcpMachineFaults;
}

/**
 * What a machine process does about its own faults. The launcher SIGKILLs, SIGSTOPs and
 * respawns it; the machine itself switches its grid at a `rate` step, makes no event from its
 * crash's instant on (the SIGKILL that follows lands some ms later: in between it is as dead on
 * the log's time axis as it will be), and keeps its state for a restart.
 */
export interface TcpMachineFaults {
  readonly rateSteps: readonly RateStep[];
  /** The crash that ends this process (µs after the start), or null when none does. */
  readonly crashAtUs: number | null;
  /**
   * The start of a pause that lasts past the run's end, or null: the launcher resumes the
   * process at the end only to stop it, and the ticks that pause took never run (as in virtual
   * time, where the run ends first).
   */
  readonly pausedToEndFromUs: number | null;
  /** The starts of this process's pauses (µs), ascending: ticks wait for the SIGCONT (pause-hold.ts). */
  readonly pauseStartsUs: readonly number[];
  /** Where it keeps its state for a restart (machine-state.ts); null when it never restarts. */
  readonly statePath: string | null;
  /** Set when this process is a restart of the machine. */
  readonly restart: TcpRestart | null;
}

export interface TcpRestart {
  readonly atUs: number;
  readonly clock: RestartClock;
  /** The crash's inbox: `keep` hands the persisted queue to this process. */
  readonly inbox: 'keep' | 'drop';
  /** The run's common start: a restart joins the running run, with no new barrier. */
  readonly startEpochMs: number;
}

/**
 * The machine could not take part in the run: an operating error of its environment or of its
 * settings (a port in use, a peer that never came or refused it), never a bug. The message is
 * the one line to show.
 */
export class StartUpError extends Error {
  override readonly name: string = 'StartUpError';
}

/** The peers did not all connect in time, or the peer list never came. */
export class BarrierTimeoutError extends StartUpError {
  override readonly name = 'BarrierTimeoutError';
}

/** The machine could not listen on its address; the message is like `listen EADDRINUSE 127.0.0.1:5612`. */
export class ListenError extends StartUpError {
  override readonly name = 'ListenError';
}

/** A peer (or the router) refused this machine's hello for a cause that retrying cannot fix. */
export class PeerRefusedError extends StartUpError {
  override readonly name = 'PeerRefusedError';
}

/** How the start barrier ended: every peer there and a common start, or a stop before it. */
type StartOutcome =
  | { readonly kind: 'start'; readonly atEpochMs: number }
  | { readonly kind: 'stopped' };

/** How the machine learns where its peers are and tells the world how it is doing. */
export interface MachineControl {
  listening(port: number): void;
  /** Mesh: every other machine's address. Router: one entry, the router's. */
  peers(): Promise<readonly PeerAddress[]>;
  started(startEpochMs: number): void;
  progress(snapshot: MachineProgress): void;
  /** Registers the handler for a request to stop early. */
  onStop(handler: () => void): void;
}

export interface MachineProgress {
  readonly machineId: number;
  readonly events: number;
  readonly queueLength: number;
  readonly clock: number;
}

export interface MachineReport {
  readonly machineId: number;
  readonly machineCount: number;
  /**
   * What this machine was told to run. A hand-started run has no manifest: these (with
   * startEpochMs) are all that an assembled run directory knows of its scenario.
   */
  readonly rateHz: number;
  readonly seed: number;
  readonly internalProbability: number;
  readonly durationSec: number;
  readonly completed: boolean;
  readonly events: { internal: number; send: number; receive: number; total: number };
  readonly finalClock: number;
  readonly queuedAtEnd: number;
  readonly ticksMade: number;
  readonly ticksExpected: number;
  readonly achievedRateHz: number;
  readonly lateness: Lateness;
  readonly elapsedMs: number;
  readonly startEpochMs: number;
  /** Copies this machine could not write, per receiver id. */
  readonly undeliverable: readonly number[];
  readonly badConnections: { readonly count: number; readonly reasons: readonly string[] };
  readonly disconnects: readonly { readonly peerId: number; readonly atMs: number }[];
}

/** The router's id in hellos and fins (one past the last machine). */
export function routerId(machineCount: number): number {
  return machineCount;
}

const barrierTimeoutMsDefault = 30_000;
const peersTimeoutMsDefault = 120_000;
/** How long a closed connection may take to say goodbye before it is destroyed. */
const closeLingerMs = 1000;
const finWaitMs = 3000;
const startDelayMs = 300;
const progressEveryMs = 500;
const reconnectDelaysMs = [50, 100, 200, 400, 800, 1600, 2000];
const reasonsKept = 10;

/** What a TCP machine runs on: the same parts a virtual run gets, but a wall clock. */
export interface TcpMachineDeps {
  readonly sink: EventSink;
  /** The run's random streams (seededRngFactory(seed)), as the virtual driver's. */
  readonly rngFor: RngFactory;
  readonly clock: WallClock;
  /**
   * Calls the listener at each SIGCONT of this process and returns the unsubscribe; absent (in
   * tests that never pause), none comes.
   */
  readonly onContinue?: (listener: () => void) => () => void;
}

export async function runTcpMachine(
  config: TcpMachineConfig,
  control: MachineControl,
  deps: TcpMachineDeps,
): Promise<MachineReport> {
  const node = new TcpMachine(config, control, deps);
  return node.run();
}

/** Model time in µs: a run's rate and duration, exact (the tick times of a virtual run). */
function exactUnits(config: TcpMachineConfig): { rateMilliHz: number; durationUs: number } {
  // Durations have µs resolution: the rounding only removes the float error of the ms form.
  return { rateMilliHz: rateHzToMilliHz(config.rateHz), durationUs: msToUs(config.durationMs) };
}

function msToUs(ms: number): number {
  return Math.round(ms * 1000);
}

class TcpMachine implements Network {
  readonly #config: TcpMachineConfig;
  readonly #control: MachineControl;
  readonly #clock: WallClock;
  readonly #onContinue: NonNullable<TcpMachineDeps['onContinue']>;
  readonly #pauseHold: PauseHold;
  /** Settles the wait for a SIGCONT of a machine whose timer ended with ticks held. */
  #wakeHeld: () => void = () => {};
  readonly #rngFor: RngFactory;
  readonly #machine: MachineState<MessageQueue>;
  readonly #sink: EventSink;
  /** The machine's action stream, counted so that its position can be persisted. */
  #actionRng: CountingRng | null = null;
  /** Step, record, route: the virtual driver's own (this machine is its network). */
  readonly #driveStep: DriveStep<MessageQueue>;
  readonly #server = net.createServer();
  /** Outbound connection per peer id (mesh), or the router's at index 0 (router). */
  readonly #outbound = new Map<number, net.Socket>();
  readonly #inboundPeers = new Set<number>();
  readonly #inboundSockets = new Set<net.Socket>();
  readonly #finFrom = new Set<number>();
  readonly #readyFrom = new Set<number>();
  readonly #undeliverable: number[];
  readonly #disconnects: { peerId: number; atMs: number }[] = [];
  readonly #badReasons: string[] = [];
  readonly #counts = { internal: 0, send: 0, receive: 0 };
  /** Every other machine's id, ascending: a broadcast's receivers (a process has only one). */
  readonly #everyPeer: readonly number[];
  #badCount = 0;
  #peers: readonly PeerAddress[] = [];
  #startMs = 0;
  #startEpochMs = 0;
  #timer: TickTimer | null = null;
  #ending = false;
  #stopRequested = false;
  #startSent = false;
  /** The common start, once machine 0 (the coordinator) has fixed it; 0 before. */
  #startAtEpochMs = 0;
  #started = false;
  #onStart: (epochMs: number) => void = () => {};
  #onStartFailure: (error: StartUpError) => void = () => {};
  /** Peers that refused us for good, and why: they are not called again. */
  readonly #refusedBy = new Map<number, string>();
  #resolveStopped: () => void = () => {};
  /** Settles when a stop is requested: every wait of the start-up races it. */
  readonly #stopped = new Promise<void>((resolve) => {
    this.#resolveStopped = resolve;
  });
  #onFinChange: () => void = () => {};
  #onConnectionsChange: () => void = () => {};

  constructor(config: TcpMachineConfig, control: MachineControl, deps: TcpMachineDeps) {
    this.#config = config;
    this.#control = control;
    this.#clock = deps.clock;
    this.#onContinue = deps.onContinue ?? (() => () => {});
    this.#pauseHold = new PauseHold(config.faults?.pauseStartsUs ?? []);
    this.#rngFor = deps.rngFor;
    this.#sink = deps.sink;
    this.#driveStep = new DriveStep<MessageQueue>({
      step: tick,
      sink: deps.sink,
      network: this,
      nowUs: new Float64Array(1),
    });
    const policy = buildActionPolicy(config.machineCount - 1, config.internalProbability);
    this.#machine = createMachine(config.machineId, config.machineCount, policy);
    this.#everyPeer = Array.from({ length: config.machineCount }, (_, id) => id).filter(
      (id) => id !== config.machineId,
    );
    this.#undeliverable = new Array<number>(config.machineCount).fill(0);
    control.onStop(() => this.#requestStop());
  }

  async run(): Promise<MachineReport> {
    let start: StartOutcome;
    const restart = this.#config.faults?.restart ?? null;
    // Before any connection: copies that arrive once it is up queue behind the kept ones.
    this.#actionRng = this.#loadState(restart);
    try {
      await this.#listen();
      const peers = await this.#awaitPeers();
      if (peers === 'stopped') {
        start = { kind: 'stopped' };
      } else {
        this.#peers = peers;
        for (const peer of this.#peers) this.#connect(peer, 0);
        start = restart === null ? await this.#barrier() : await this.#rejoin(restart);
      }
    } catch (error) {
      // Nothing may stay open: a listening server would keep this process alive for good.
      await this.#closeAll();
      throw error;
    }
    if (start.kind === 'stopped') {
      // A restart stopped before it rejoined the run still logs its restart row: the launcher
      // started this process at the restart's time, before the stop, and wrote the restart into
      // faults.csv and the manifest; the row is at the restart's time, as always, not at when the
      // process got up. Without it a Ctrl-C in the ~200 ms a restarted process takes to rejoin
      // left a restart in faults.csv with no row in the log, and check failed the run.
      if (restart !== null) this.#logRestart(restart);
      // Stopped before the start: no tick was made, so there is nothing to hand over or wait for.
      await this.#closeAll();
      return this.#report(false, 0);
    }
    const startEpochMs = start.atEpochMs;
    this.#startEpochMs = startEpochMs;
    this.#control.started(startEpochMs);
    this.#startMs = monotonicAt(this.#clock, startEpochMs);
    if (restart !== null) this.#logRestart(restart);
    const completed = await this.#tickUntilEnd();
    const elapsedMs = Math.max(0, this.#clock.nowMs() - this.#startMs);
    await this.#finish();
    return this.#report(completed, elapsedMs);
  }

  // ---- connections -------------------------------------------------------------------------

  #listen(): Promise<void> {
    this.#server.on('connection', (socket) => this.#accept(socket));
    const { listenHost, listenPort } = this.#config;
    return new Promise((resolve, reject) => {
      this.#server.once('error', (error: NodeJS.ErrnoException) => {
        const code = error.code ?? error.message;
        reject(new ListenError(`listen ${code} ${listenHost}:${listenPort}`));
      });
      this.#server.listen(this.#config.listenPort, this.#config.listenHost, () => {
        const address = this.#server.address();
        const port = typeof address === 'object' && address !== null ? address.port : 0;
        this.#control.listening(port);
        resolve();
      });
    });
  }

  /** The peer list, or 'stopped' when a stop came first; fails after `peersTimeoutMs`. */
  #awaitPeers(): Promise<readonly PeerAddress[] | 'stopped'> {
    const timeoutMs = this.#config.peersTimeoutMs ?? peersTimeoutMsDefault;
    return new Promise((resolve, reject) => {
      const timer = this.#clock.after(timeoutMs, () =>
        reject(new BarrierTimeoutError(`no peer list within ${timeoutMs / 1000} s`)),
      );
      const settle = () => timer.cancel();
      this.#control.peers().then(
        (peers) => {
          settle();
          resolve(peers);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
      void this.#stopped.then(() => {
        settle();
        resolve('stopped');
      });
    });
  }

  #hello(): Frame {
    const { runId, token, machineId } = this.#config;
    return { kind: 'hello', v: protocolVersion, runId, token, machineId };
  }

  /** Connects (and reconnects, with backoff) the outbound connection to `peer`. */
  #connect(peer: PeerAddress, attempt: number): void {
    if (this.#ending) return;
    const socket = net.connect({ host: peer.host, port: peer.port });
    socket.setNoDelay(true);
    let connected = false;
    socket.on('connect', () => {
      // Connected after the machine gave up or ended: nothing may stay open.
      if (this.#ending) {
        socket.destroy();
        return;
      }
      connected = true;
      socket.write(encodeFrame(this.#hello()));
      this.#outbound.set(peer.id, socket);
      this.#onConnectionsChange();
    });
    this.#readFrames(socket, peer);
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.#outbound.get(peer.id) === socket) this.#outbound.delete(peer.id);
      // After the peer's fin, a close is the normal end of the run, not a failure.
      const finished = this.#ending || this.#finFrom.has(peer.id);
      if (connected && !finished && !this.#refusedBy.has(peer.id)) this.#noteDisconnect(peer.id);
      if (finished || this.#refusedBy.has(peer.id)) return;
      const delayMs = reconnectDelaysMs[Math.min(attempt, reconnectDelaysMs.length - 1)] as number;
      this.#clock.after(delayMs, () => this.#connect(peer, connected ? 0 : attempt + 1)).unref();
    });
  }

  #accept(socket: net.Socket): void {
    const { runId, token, machineId, machineCount } = this.#config;
    this.#inboundSockets.add(socket);
    serveGreetedConnection(
      socket,
      {
        expected: {
          runId,
          token,
          accepts: (peerId) => {
            if (peerId === machineId || peerId >= machineCount) return 'not-a-peer';
            return this.#inboundPeers.has(peerId) ? 'second-connection' : null;
          },
        },
        greeted: (peerId) => {
          this.#inboundPeers.add(peerId);
          this.#onConnectionsChange();
        },
        frame: (frame, peerId) => this.#onFrame(frame, peerId),
        refused: (reason) => this.#noteBad(reason),
        helloRefused: (cause, frame) => this.#onHelloRefused(cause, frame),
        closed: (peerId) => {
          this.#inboundSockets.delete(socket);
          if (peerId < 0 || !this.#inboundPeers.delete(peerId)) return;
          if (!this.#ending && !this.#finFrom.has(peerId)) this.#noteDisconnect(peerId);
          // A peer that is gone will send nothing more: that is as good as its fin.
          this.#onFinChange();
        },
      },
      this.#clock,
    );
  }

  /**
   * A hello we refused. Before the start, one that names a peer but another token or run id is
   * that peer misconfigured: it cannot connect, so the start-up fails now, naming it, instead of
   * when the wait runs out (the peer, told why, fails too). After the start it is only counted.
   */
  #onHelloRefused(cause: HelloRefusalCause, frame: Frame): void {
    if (this.#started || frame.kind !== 'hello') return;
    const { machineId, machineCount } = this.#config;
    const peerId = frame.machineId;
    if (peerId === machineId || peerId >= machineCount) return;
    if (cause === 'token') {
      this.#onStartFailure(
        new PeerRefusedError(
          `${peerId} offered another token than ours (each machine must be given the same --token)`,
        ),
      );
    } else if (cause === 'run') {
      this.#onStartFailure(
        new PeerRefusedError(
          `${peerId} offered run id ${JSON.stringify(frame.runId)}, ours is ${JSON.stringify(this.#config.runId)} (each machine must be given the same --run-id)`,
        ),
      );
    }
  }

  #noteBad(reason: string): void {
    this.#badCount += 1;
    if (this.#badReasons.length < reasonsKept) this.#badReasons.push(reason);
  }

  #refuse(socket: net.Socket, reason: string): void {
    this.#noteBad(reason);
    socket.destroy();
  }

  /**
   * What comes back on an outbound connection: a refusal of our hello (either topology), and in
   * router topology the router's frames. A mesh peer sends nothing else on it.
   */
  #readFrames(socket: net.Socket, peer: PeerAddress): void {
    const decoder = new FrameDecoder();
    const router = this.#config.topology === 'router';
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind === 'refused') this.#onRefused(peer, frame.cause);
        else if (router) this.#onFrame(frame, routerId(this.#config.machineCount));
        else this.#noteBad(`a ${frame.kind} frame from ${peer.id} on our own connection`);
      }
      if (decoder.error !== null) this.#refuse(socket, describeDecodeError(decoder.error));
    });
  }

  /**
   * A peer refused our hello. A second connection is our previous one still closing: the retry
   * settles it. Any other cause is a setting that differs between the two, which no retry can
   * fix: the start-up fails at once, naming the peer, instead of when its wait runs out.
   */
  #onRefused(peer: PeerAddress, cause: HelloRefusalCause): void {
    if (cause === 'second-connection') return;
    const who = this.#config.topology === 'router' ? 'the router' : String(peer.id);
    const what: Record<Exclude<HelloRefusalCause, 'second-connection'>, string> = {
      token: 'our token (each machine must be given the same --token)',
      run: `our run id ${this.#config.runId} (each machine must be given the same --run-id)`,
      'not-a-peer': `machine ${this.#config.machineId} as a peer (do its --peers list this machine?)`,
      'not-hello': 'our first frame',
    };
    const message = `${who} rejected ${what[cause]}`;
    this.#refusedBy.set(peer.id, message);
    this.#noteBad(message);
    this.#onStartFailure(new PeerRefusedError(message));
  }

  #onFrame(frame: Frame, fromId: number): void {
    switch (frame.kind) {
      case 'msg':
        this.#onMessage(frame, fromId);
        return;
      case 'ready':
        this.#readyFrom.add(frame.machineId);
        // A peer that asks again after the start was sent missed it: tell it once more.
        if (this.#startAtEpochMs !== 0) {
          this.#send(frame.machineId, {
            kind: 'start',
            v: protocolVersion,
            atEpochMs: this.#startAtEpochMs,
          });
        }
        this.#onConnectionsChange();
        return;
      case 'start':
        this.#onStart(frame.atEpochMs);
        return;
      case 'fin':
        this.#finFrom.add(frame.machineId);
        this.#onFinChange();
        return;
      case 'hello':
        this.#noteBad('a second hello');
        return;
      case 'refused':
        this.#noteBad('a refusal on a connection it made');
        return;
      default:
        assertNever(frame, 'frame kind');
    }
  }

  #onMessage(frame: Extract<Frame, { kind: 'msg' }>, fromId: number): void {
    const { machineId, machineCount, topology } = this.#config;
    const fromOk = topology === 'router' ? frame.from < machineCount : frame.from === fromId;
    if (!fromOk || frame.from === machineId || !frame.to.includes(machineId) || frame.clock < 1) {
      this.#badCount += 1;
      if (this.#badReasons.length < reasonsKept)
        this.#badReasons.push('message not addressed to this machine');
      return;
    }
    deliver(this.#machine, frame.from, frame.seq, frame.clock);
    this.#persist();
  }

  #noteDisconnect(peerId: number): void {
    const atMs = this.#startMs === 0 ? 0 : Math.max(0, this.#clock.nowMs() - this.#startMs);
    this.#disconnects.push({ peerId, atMs: Math.round(atMs) });
  }

  // ---- barrier -----------------------------------------------------------------------------

  /**
   * Resolves with the common start time once every connection is up, or 'stopped' when a stop
   * comes first; fails after `barrierTimeoutMs`, naming what is missing, so a wrong address never
   * hangs a run, and at once when a peer refuses us for good.
   */
  #barrier(): Promise<StartOutcome> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        timer.cancel();
        this.#onStartFailure = () => {};
      };
      const fail = (error: StartUpError) => {
        settle();
        this.#ending = true;
        reject(error);
      };
      const timer = this.#clock.after(
        this.#config.barrierTimeoutMs ?? barrierTimeoutMsDefault,
        () => fail(new BarrierTimeoutError(this.#missingConnections())),
      );
      this.#onStart = (epochMs) => {
        settle();
        this.#started = true;
        resolve({ kind: 'start', atEpochMs: epochMs });
      };
      this.#onStartFailure = fail;
      void this.#stopped.then(() => {
        if (this.#started) return;
        settle();
        this.#onStart = () => {};
        resolve({ kind: 'stopped' });
      });
      this.#onConnectionsChange = () => this.#checkReady();
      this.#checkReady();
    });
  }

  /**
   * Says `ready` to the coordinator, and again every second until the start comes: a ready or a
   * start lost with a dropped connection (a busy host, a reconnect) then costs a second, not the run.
   */
  #sendReadyUntilStarted(coordinatorId: number): void {
    const { machineId } = this.#config;
    const say = () => this.#send(coordinatorId, { kind: 'ready', v: protocolVersion, machineId });
    say();
    const timer = every(this.#clock, 1000, () =>
      this.#started || this.#ending ? timer.cancel() : say(),
    );
    timer.unref();
  }

  #missingConnections(): string {
    const outbound = this.#peers
      .filter((peer) => !this.#outbound.has(peer.id))
      .map((peer) => `to ${peer.id} at ${peer.host}:${peer.port}`);
    const inbound: string[] = [];
    if (this.#config.topology === 'mesh') {
      for (let id = 0; id < this.#config.machineCount; id += 1) {
        if (id !== this.#config.machineId && !this.#inboundPeers.has(id))
          inbound.push(`from ${id}`);
      }
    }
    const missing = [...outbound, ...inbound];
    // Hellos this machine refused (a wrong token, say) explain a missing inbound connection.
    const refused =
      this.#badReasons.length === 0 ? '' : ` (refused: ${this.#badReasons.join('; ')})`;
    return missing.length === 0
      ? 'waiting for the start signal'
      : `no connection ${missing.join(', ')}${refused}`;
  }

  #checkReady(): void {
    // A stop ends the barrier through #stopped, without a start.
    if (this.#startSent || this.#stopRequested) return;
    const { machineId, machineCount, topology } = this.#config;
    const outboundUp = this.#outbound.size === this.#peers.length;
    if (topology === 'router') {
      // The router starts everyone once all machines are connected to it.
      if (outboundUp && !this.#readyFrom.has(machineId)) {
        this.#readyFrom.add(machineId);
        this.#sendReadyUntilStarted(routerId(machineCount));
      }
      return;
    }
    const inboundUp = this.#inboundPeers.size === machineCount - 1;
    if (!outboundUp || !inboundUp) return;
    if (machineId !== 0) {
      if (!this.#readyFrom.has(machineId)) {
        this.#readyFrom.add(machineId);
        this.#sendReadyUntilStarted(0);
      }
      return;
    }
    // Machine 0 coordinates: when everyone is ready, everyone starts at the same instant.
    if (this.#readyFrom.size < machineCount - 1) return;
    this.#startSent = true;
    const atEpochMs = Math.round(this.#clock.epochMs() + startDelayMs);
    this.#startAtEpochMs = atEpochMs;
    for (const peer of this.#peers)
      this.#send(peer.id, { kind: 'start', v: protocolVersion, atEpochMs });
    this.#onStart(atEpochMs);
  }

  // ---- ticking -----------------------------------------------------------------------------

  /** Ticks until the duration ends (true) or a stop is requested (false). */
  async #tickUntilEnd(): Promise<boolean> {
    if (this.#stopRequested) return false;
    const rng = this.#actionRng as CountingRng;
    const faults = this.#config.faults;
    const progressTimer = every(this.#clock, progressEveryMs, () =>
      this.#control.progress(this.#progress()),
    );
    this.#timer = new TickTimer({
      clock: this.#clock,
      startMs: this.#startMs,
      ...exactUnits(this.#config),
      ...(faults === undefined ? {} : { rateSteps: faults.rateSteps }),
      ...(faults?.restart == null ? {} : { firstAfterUs: faults.restart.atUs }),
      onTick: (_tick, nowMs, dueUs) => this.#tick(rng, nowMs, dueUs),
    });
    const unsubscribe = this.#onContinue(() => this.#runHeld(rng));
    await this.#timer.done;
    // The last ticks came in a pause whose SIGSTOP is on its way: they run at the SIGCONT (or a
    // stop, which the launcher sends with one), not now, inside the pause.
    if (this.#pauseHold.holding && !this.#stopRequested)
      await new Promise<void>((resolve) => {
        this.#wakeHeld = resolve;
      });
    unsubscribe();
    this.#runHeld(rng);
    progressTimer.cancel();
    this.#control.progress(this.#progress());
    return !this.#stopRequested;
  }

  #tick(rng: Rng, nowMs: number, dueUs: number): void {
    // The row's time is when the tick really ran (the ms since the start), not when it was due.
    const nowUs = Math.max(0, msToUs(nowMs - this.#startMs));
    const faults = this.#config.faults;
    if (faults !== undefined) {
      // From its crash's instant the machine makes no event: the SIGKILL is on its way.
      if (faults.crashAtUs !== null && nowUs >= faults.crashAtUs) return;
      if (faults.pausedToEndFromUs !== null && dueUs >= faults.pausedToEndFromUs) return;
      if (this.#pauseHold.holds(nowUs)) {
        this.#pauseHold.hold(dueUs);
        return;
      }
    }
    this.#driveStep.nowUs[0] = nowUs;
    const event = this.#driveStep.drive(this.#machine, rng);
    // Restart rows are written by #logRestart, never by a tick.
    const kind = event.kind;
    assert(kind !== 'restart', 'a tick never restarts');
    this.#counts[kind] += 1;
    this.#persist();
  }

  /** A SIGCONT (or the end): the ticks held since a pause began run now, in their order. */
  #runHeld(rng: Rng): void {
    const nowUs = msToUs(this.#clock.nowMs() - this.#startMs);
    for (const dueUs of this.#pauseHold.continued(nowUs))
      this.#tick(rng, this.#clock.nowMs(), dueUs);
    this.#wakeHeld();
  }

  // ---- process faults ----------------------------------------------------------------------

  /**
   * The action stream, and for a restart the machine as it persisted it: seq, clock, its
   * position in the stream, and with `inbox: keep` its queue.
   */
  #loadState(restart: TcpRestart | null): CountingRng {
    const stream = this.#rngFor(streamNames.actions(this.#config.machineId));
    const path = this.#config.faults?.statePath ?? null;
    if (restart === null || path === null) return new CountingRng(stream);
    const state = readMachineState(path);
    if (state === null) return new CountingRng(stream);
    const machine = this.#machine;
    machine.seq = state.seq;
    machine.clock = state.clock;
    if (restart.inbox === 'keep') {
      for (const [senderId, sendSeq, clock] of state.queue)
        deliver(machine, senderId, sendSeq, clock);
    }
    return new CountingRng(stream, state.actionDraws);
  }

  /** The restart's own row, at the restart's time: the next seq and the clock its rule gives. */
  #logRestart(restart: TcpRestart): void {
    const machine = this.#machine;
    machine.clock = clockAfterRestart(machine.clock, restart.clock);
    machine.seq += 1;
    const event = new StepEvent();
    event.kind = 'restart';
    event.seq = machine.seq;
    event.clock = machine.clock;
    event.queueLength = machine.queue.length;
    this.#sink.record(machine.id, restart.atUs, event);
    this.#persist();
  }

  /** Writes the state a restart needs, when this machine may restart (else nothing). */
  #persist(): void {
    const path = this.#config.faults?.statePath ?? null;
    if (path === null) return;
    const machine = this.#machine;
    const state: PersistedMachine = {
      seq: machine.seq,
      clock: machine.clock,
      actionDraws: this.#actionRng?.draws ?? 0,
      queue: machine.queue
        .toArray()
        .map((message) => [message.senderId, message.sendSeq, message.clock] as const),
    };
    writeMachineState(path, state);
  }

  /**
   * A restarted machine joins the run under way: its connection to the router (or to every
   * peer) and the run's own start, with no barrier (the others are ticking already).
   */
  #rejoin(restart: TcpRestart): Promise<StartOutcome> {
    this.#startSent = true;
    this.#started = true;
    this.#startAtEpochMs = restart.startEpochMs;
    return new Promise((resolve, reject) => {
      const timer = this.#clock.after(
        this.#config.barrierTimeoutMs ?? barrierTimeoutMsDefault,
        () => {
          this.#ending = true;
          reject(new BarrierTimeoutError(this.#missingConnections()));
        },
      );
      const check = () => {
        if (this.#outbound.size < this.#peers.length) return;
        timer.cancel();
        this.#onConnectionsChange = () => {};
        resolve({ kind: 'start', atEpochMs: restart.startEpochMs });
      };
      this.#onConnectionsChange = check;
      void this.#stopped.then(() => {
        timer.cancel();
        resolve({ kind: 'stopped' });
      });
      check();
    });
  }

  /** Network: a send goes out as frames, one per receiver (mesh) or one to the router. */
  route(senderId: MachineId, event: StepEvent): void {
    const receiverIds = event.to === toEveryPeer ? this.#everyPeer : [event.to];
    const frame: Frame = {
      kind: 'msg',
      v: protocolVersion,
      from: senderId,
      seq: event.sendSeq,
      clock: event.messageClock,
      to: receiverIds,
      // The send row's time: the router decides its faults by it (frame-faults.ts).
      atUs: this.#driveStep.nowUs[0] as number,
    };
    if (this.#config.topology === 'router') {
      const delivered = this.#send(routerId(this.#config.machineCount), frame);
      if (!delivered) for (const id of receiverIds) this.#noteUndeliverable(id);
      return;
    }
    for (const id of receiverIds) {
      if (!this.#send(id, { ...frame, to: [id] })) this.#noteUndeliverable(id);
    }
  }

  #noteUndeliverable(receiverId: number): void {
    this.#undeliverable[receiverId] = (this.#undeliverable[receiverId] as number) + 1;
  }

  /** Writes a frame on the outbound connection to `peerId`; false when it is down. */
  #send(peerId: number, frame: Frame): boolean {
    const key = this.#config.topology === 'router' ? (this.#peers[0]?.id ?? peerId) : peerId;
    const socket = this.#outbound.get(key);
    if (socket === undefined || socket.destroyed || !socket.writable) return false;
    socket.write(encodeFrame(frame));
    return true;
  }

  #progress(): MachineProgress {
    return {
      machineId: this.#config.machineId,
      events: this.#machine.seq,
      queueLength: this.#machine.queue.length,
      clock: this.#machine.clock,
    };
  }

  #requestStop(): void {
    if (this.#stopRequested) return;
    this.#stopRequested = true;
    this.#resolveStopped();
    this.#timer?.stop();
    this.#wakeHeld();
  }

  // ---- the end -----------------------------------------------------------------------------

  /** Sends fins, waits for the peers' (bounded), then closes everything. */
  async #finish(): Promise<void> {
    const { machineId, machineCount, topology } = this.#config;
    for (const peer of this.#peers)
      this.#send(peer.id, { kind: 'fin', v: protocolVersion, machineId });
    const expected =
      topology === 'router' ? [routerId(machineCount)] : this.#peers.map((peer) => peer.id);
    await new Promise<void>((resolve) => {
      const timer = this.#clock.after(finWaitMs, resolve);
      this.#onFinChange = () => {
        const open = expected.filter((id) => !this.#finFrom.has(id) && this.#stillConnected(id));
        if (open.length === 0) {
          timer.cancel();
          resolve();
        }
      };
      this.#onFinChange();
    });
    await this.#closeAll();
  }

  async #closeAll(): Promise<void> {
    this.#ending = true;
    for (const socket of this.#outbound.values()) {
      socket.end();
      // A peer that never answers the close (stopped, hung) must not keep this process alive.
      this.#clock.after(closeLingerMs, () => socket.destroy()).unref();
    }
    for (const socket of this.#inboundSockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #stillConnected(peerId: number): boolean {
    if (this.#config.topology === 'router') return this.#outbound.size > 0;
    return this.#inboundPeers.has(peerId);
  }

  #report(completed: boolean, elapsedMs: number): MachineReport {
    const { rateHz, durationMs, machineId, machineCount, seed, internalProbability } = this.#config;
    const ticksMade = this.#timer?.ticks ?? 0;
    const { rateMilliHz, durationUs } = exactUnits(this.#config);
    const expectedForUs = completed ? durationUs : msToUs(elapsedMs);
    return {
      machineId,
      machineCount,
      rateHz,
      seed,
      // Exact: the fraction came from a decimal of at most 6 places, and one division of two
      // integers gives the double nearest that decimal again.
      internalProbability: internalProbability.numerator / internalProbability.denominator,
      // Durations have µs resolution: round away the float error of the ms conversion.
      durationSec: Math.round(durationMs * 1000) / 1_000_000,
      completed,
      events: { ...this.#counts, total: this.#machine.seq },
      finalClock: this.#machine.clock,
      queuedAtEnd: this.#machine.queue.length,
      ticksMade,
      ticksExpected: ticksWithin(rateMilliHz, expectedForUs),
      achievedRateHz: this.#timer?.achievedRateHz() ?? 0,
      lateness: this.#timer?.lateness() ?? { p50Ms: 0, p99Ms: 0, maxMs: 0, lateTicks: 0 },
      elapsedMs: Math.round(elapsedMs),
      startEpochMs: this.#startEpochMs,
      undeliverable: this.#undeliverable,
      badConnections: { count: this.#badCount, reasons: this.#badReasons },
      disconnects: this.#disconnects,
    };
  }
}
