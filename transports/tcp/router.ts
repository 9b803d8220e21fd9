/**
 * The router of `--topology router` (seed 004): every machine keeps one connection to it, and it
 * forwards each message to its receivers in the order it arrived, so each channel stays FIFO. It
 * also runs the barrier (start once every machine is connected and ready) and the end (a `fin`
 * to everyone once every machine's `fin` is in, so nothing is still on its way).
 *
 * With faults (issue 19) each message frame goes through FrameFaults instead, which decides per
 * copy (loss, duplicate, delay, partition, corrupt-clock) and writes through #forward, the one
 * place a copy reaches a machine's connection.
 *
 * Connections: a machine's is in #machines from its hello to its close; a hello from a machine
 * already connected is refused ('second-connection'), one from a machine whose connection
 * closed is accepted again (a reconnect). Start and fins go to whoever is connected.
 */
import net from 'node:net';
import { assertNever } from '../../core/index.js';
import type { FaultRecorder } from '../fault-config.js';
import { type DownSpan, downSpansOf } from './down-spans.js';
import { FrameFaults, type RouterFaultPlan } from './frame-faults.js';
import { encodeFrame, type Frame, protocolVersion } from './framing.js';
import { serveGreetedConnection } from './greeting.js';
import { routerId } from './machine.js';
import type { WallClock } from './wall-clock.js';

export interface RouterConfig {
  readonly machineCount: number;
  readonly runId: string;
  readonly token: string;
  readonly listenHost: string;
  readonly listenPort: number;
}

/** A run with faults: the plan, and where the router's evidence rows go. */
export interface RouterFaults {
  readonly plan: RouterFaultPlan;
  readonly recorder: FaultRecorder;
}

export interface RouterReport {
  /** Copies written to machines (a duplicate's second copy included). */
  readonly forwarded: number;
  /** Copies still held by a delay when the run ended, per receiver id (all 0 without faults). */
  readonly inFlightAtEnd: readonly number[];
  /** Copies the router could not write, per receiver id (the receiver was gone). */
  readonly undeliverable: readonly number[];
  readonly badConnections: { readonly count: number; readonly reasons: readonly string[] };
}

const startDelayMs = 300;
/** How long a connection may take to close after the router ended it, before it is destroyed. */
const closeLingerMs = 500;

export class TcpRouter {
  readonly #config: RouterConfig;
  readonly #clock: WallClock;
  readonly #server = net.createServer();
  readonly #machines = new Map<number, net.Socket>();
  /** Every open connection, greeted or not (close ends them all). */
  readonly #sockets = new Set<net.Socket>();
  readonly #ready = new Set<number>();
  readonly #fins = new Set<number>();
  readonly #undeliverable: number[];
  readonly #badReasons: string[] = [];
  #badCount = 0;
  #forwarded = 0;
  readonly #faults: FrameFaults | null;
  /**
   * Per machine, its crashes (process faults): copies to a machine down are dropped with reason
   * `crash`, as in virtual time; from its restart they wait here until its new process has
   * connected, then go to it in order (a network holding them, not losing them). Null without.
   */
  readonly #downs: readonly (readonly DownSpan[])[] | null;
  readonly #recorder: FaultRecorder | null;
  /** Per machine restarted and not yet back: the copies waiting for its new connection. */
  readonly #held = new Map<number, Frame[]>();
  /**
   * Machines down by the launcher's word (machineDown/machineUp, over IPC), with the index of the
   * crash that took them. The launcher of this tree does not use it: the crash and restart
   * times in the plan decide (#downs), on the router's own clock, with no IPC lag.
   */
  readonly #down = new Map<number, number>();
  #inFlightAtEnd: number[];
  #started = false;
  #startAtEpochMs = 0;
  #finished = false;
  /** The launcher stopped the run (runStopped): no restart is made after it. */
  #runStopped = false;
  #resolveFinished: () => void = () => {};
  /** Resolves when every machine's fin is in (or its connection gone) and fins went out. */
  readonly finished: Promise<void>;

  constructor(config: RouterConfig, clock: WallClock, faults: RouterFaults | null = null) {
    this.#config = config;
    this.#clock = clock;
    this.#undeliverable = new Array<number>(config.machineCount).fill(0);
    this.#inFlightAtEnd = new Array<number>(config.machineCount).fill(0);
    const downs = faults === null ? [] : downSpansOf(faults.plan.faults, config.machineCount);
    this.#downs = downs.some((spans) => spans.length > 0) ? downs : null;
    this.#recorder = faults?.recorder ?? null;
    this.#faults =
      faults === null
        ? null
        : new FrameFaults({
            plan: faults.plan,
            machineCount: config.machineCount,
            recorder: faults.recorder,
            clock,
            write: (receiverId, frame) => this.#forward(receiverId, frame),
          });
    this.finished = new Promise((resolve) => {
      this.#resolveFinished = resolve;
    });
    this.#server.on('connection', (socket) => this.#accept(socket));
  }

  /** Starts listening; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#config.listenPort, this.#config.listenHost, () => {
        const address = this.#server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    });
  }

  report(): RouterReport {
    return {
      forwarded: this.#forwarded,
      inFlightAtEnd: this.#inFlightAtEnd,
      undeliverable: this.#undeliverable,
      badConnections: { count: this.#badCount, reasons: this.#badReasons },
    };
  }

  /**
   * Ends every connection and stops listening. A peer that never closes its side (a machine
   * stopped by SIGSTOP, a caller that never greeted) would hold the server open for good: what
   * is still open after a short linger is destroyed.
   */
  close(): Promise<void> {
    // A run stopped before every fin: what the faults still hold is in flight at its end.
    if (this.#faults !== null && !this.#finished) this.#inFlightAtEnd = this.#heldAtEnd();
    for (const socket of this.#sockets) socket.end();
    const linger = this.#clock.after(closeLingerMs, () => {
      for (const socket of this.#sockets) socket.destroy();
    });
    linger.unref();
    return new Promise((resolve) =>
      this.#server.close(() => {
        linger.cancel();
        resolve();
      }),
    );
  }

  #accept(socket: net.Socket): void {
    const { runId, token, machineCount } = this.#config;
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    serveGreetedConnection(
      socket,
      {
        expected: {
          runId,
          token,
          accepts: (machineId) => {
            if (machineId >= machineCount) return 'not-a-peer';
            return this.#machines.has(machineId) ? 'second-connection' : null;
          },
        },
        greeted: (machineId) => {
          this.#machines.set(machineId, socket);
          this.#release(machineId);
        },
        frame: (frame, machineId) => this.#onFrame(frame, machineId),
        refused: (reason) => {
          this.#badCount += 1;
          if (this.#badReasons.length < 10) this.#badReasons.push(reason);
        },
        closed: (machineId) => {
          if (machineId < 0 || this.#machines.get(machineId) !== socket) return;
          this.#machines.delete(machineId);
          this.#checkFinished();
        },
      },
      this.#clock,
    );
  }

  #onFrame(frame: Frame, fromId: number): void {
    switch (frame.kind) {
      case 'msg':
        if (frame.from !== fromId) {
          this.#badCount += 1;
          return;
        }
        if (this.#faults !== null) this.#faults.route(frame, frame.atUs ?? this.#elapsedUs());
        else
          for (const receiverId of frame.to)
            this.#forward(receiverId, { ...frame, to: [receiverId] });
        return;
      case 'ready':
        this.#ready.add(fromId);
        // A machine asking again after the start missed it (see tcp-machine.ts): resend it.
        if (this.#startAtEpochMs !== 0) {
          this.#machines
            .get(fromId)
            ?.write(
              encodeFrame({ kind: 'start', v: protocolVersion, atEpochMs: this.#startAtEpochMs }),
            );
        }
        this.#checkStart();
        return;
      case 'fin':
        this.#fins.add(fromId);
        this.#checkFinished();
        return;
      case 'hello':
      case 'start':
      case 'refused':
        this.#badCount += 1;
        return;
      default:
        assertNever(frame, 'frame kind');
    }
  }

  /**
   * A machine crashed (fault `faultIndex`, told by the launcher): from now until machineUp, every
   * copy for it is dropped here with a `drop` row (reason crash) at the time it would have been
   * written, as a virtual run drops a copy arriving at a down machine.
   */
  machineDown(machineId: number, faultIndex: number): void {
    this.#down.set(machineId, faultIndex);
  }

  /** The machine restarted: copies for it are written again (its reconnect is accepted anyway). */
  machineUp(machineId: number): void {
    this.#down.delete(machineId);
  }

  /**
   * The launcher stopped the run (Ctrl-C, SIGTERM): it makes no restart after a stop, so a machine
   * down now never comes back. Without this the router went on waiting for it, sent no fins, and
   * every machine left only when its fin wait ran out (3 s), the launcher's wait for the router's
   * fins (2 s) after that.
   */
  runStopped(): void {
    this.#runStopped = true;
    this.#checkFinished();
  }

  /** The one place a copy reaches a machine: written, dropped at a crash, or undeliverable. */
  #forward(receiverId: number, frame: Frame): void {
    if (this.#downs !== null && frame.kind === 'msg' && this.#heldOrDropped(receiverId, frame))
      return;
    const crash = this.#down.get(receiverId);
    if (crash !== undefined && frame.kind === 'msg' && this.#recorder !== null) {
      this.#recorder.record({
        action: 'drop',
        timeUs: this.#elapsedUs(),
        faultIndex: crash,
        receiverId,
        senderId: frame.from,
        sendSeq: frame.seq,
        reason: 'crash',
      });
      return;
    }
    const socket = this.#machines.get(receiverId);
    if (socket === undefined || !socket.writable) {
      this.#undeliverable[receiverId] = (this.#undeliverable[receiverId] ?? 0) + 1;
      return;
    }
    socket.write(encodeFrame(frame));
    this.#forwarded += 1;
  }

  /**
   * A copy arriving for a crashed machine: dropped while it is down (the row at its arrival,
   * never before its send); held while it is restarted and not yet connected again, and behind
   * what is held already (FIFO). True when the copy is taken care of here.
   */
  #heldOrDropped(receiverId: number, frame: Extract<Frame, { kind: 'msg' }>): boolean {
    const nowUs = this.#elapsedUs();
    let restarted = false;
    for (const span of this.#downs?.[receiverId] ?? []) {
      if (nowUs < span.crash.atUs) break;
      const untilUs = span.restart?.atUs ?? Number.POSITIVE_INFINITY;
      if (nowUs < untilUs) {
        this.#recorder?.record({
          action: 'drop',
          timeUs: Math.max(nowUs, frame.atUs ?? 0),
          faultIndex: span.crash.index,
          receiverId,
          senderId: frame.from,
          sendSeq: frame.seq,
          reason: 'crash',
        });
        return true;
      }
      restarted = true;
    }
    const held = this.#held.get(receiverId);
    if (held === undefined && !(restarted && !this.#machines.has(receiverId))) return false;
    if (held === undefined) this.#held.set(receiverId, [frame]);
    else held.push(frame);
    return true;
  }

  /** Whether a machine not connected is down by a crash that a restart ends (now or later). */
  #comesBack(machineId: number): boolean {
    const nowUs = this.#elapsedUs();
    let last: DownSpan | null = null;
    for (const span of this.#downs?.[machineId] ?? []) if (span.crash.atUs <= nowUs) last = span;
    return last !== null && last.restart !== null;
  }

  /**
   * Per receiver, the copies held at the end, now never sent: those a delay holds, and those held
   * for a restarted machine that never connected again (a stop came while its new process was
   * coming up). Both are in flight at the end; uncounted, the second left a stopped run's ledger
   * short and check failed it (conservation).
   */
  #heldAtEnd(): number[] {
    const inFlight = this.#faults?.end(this.#elapsedUs()) ?? [];
    for (const [receiverId, frames] of this.#held)
      inFlight[receiverId] = (inFlight[receiverId] ?? 0) + frames.length;
    this.#held.clear();
    return inFlight;
  }

  /** A machine connected again: what was held for it goes first, in order. */
  #release(machineId: number): void {
    const held = this.#held.get(machineId);
    if (held === undefined) return;
    this.#held.delete(machineId);
    for (const frame of held) this.#forward(machineId, frame);
  }

  /** µs since the start barrier on the router's clock (0 before it). */
  #elapsedUs(): number {
    if (this.#startAtEpochMs === 0) return 0;
    return Math.max(0, Math.round((this.#clock.epochMs() - this.#startAtEpochMs) * 1000));
  }

  #checkStart(): void {
    if (this.#started || this.#ready.size < this.#config.machineCount) return;
    this.#started = true;
    const atEpochMs = Math.round(this.#clock.epochMs() + startDelayMs);
    this.#startAtEpochMs = atEpochMs;
    for (const socket of this.#machines.values()) {
      socket.write(encodeFrame({ kind: 'start', v: protocolVersion, atEpochMs }));
    }
  }

  #checkFinished(): void {
    if (this.#finished || !this.#started) return;
    for (let id = 0; id < this.#config.machineCount; id += 1) {
      if (this.#machines.has(id) && !this.#fins.has(id)) return;
      // A crashed machine whose restart is due or made comes back: the run is not over (with
      // every machine down at once, no connection is left, which is no end); after a stop no
      // restart is made.
      if (!this.#machines.has(id) && !this.#runStopped && this.#comesBack(id)) return;
    }
    this.#finished = true;
    // Copies a delay still holds never go out: in flight at the end, as in virtual time.
    if (this.#faults !== null) this.#inFlightAtEnd = this.#heldAtEnd();
    const machineId = routerId(this.#config.machineCount);
    for (const socket of this.#machines.values()) {
      if (socket.writable)
        socket.write(encodeFrame({ kind: 'fin', v: protocolVersion, machineId }));
    }
    this.#resolveFinished();
  }
}
