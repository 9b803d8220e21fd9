/**
 * The router of `--topology router` (seed 004): every machine keeps one connection to it, and it
 * forwards each message to its receivers in the order it arrived, so each channel stays FIFO. It
 * also runs the barrier (start once every machine is connected and ready) and the end (a `fin`
 * to everyone once every machine's `fin` is in, so nothing is still on its way).
 */
import net from 'node:net';
import { assertNever } from '../../core/index.js';
import type { FaultEvidence } from '../fault-config.js';
import { encodeFrame, type Frame, protocolVersion } from './framing.js';
import { serveGreetedConnection } from './greeting.js';
import { routerId } from './machine.js';
import { monotonicAt, type WallClock } from './wall-clock.js';

export interface RouterConfig {
  readonly machineCount: number;
  readonly runId: string;
  readonly token: string;
  readonly listenHost: string;
  readonly listenPort: number;
  /** Crashed machines (process faults), each down in [fromUs, untilUs) µs after the start. */
  readonly downs?: readonly RouterDown[];
}

/**
 * A machine down from its crash to its restart: copies to it are dropped with reason `crash`,
 * as in virtual time. From its restart on, copies wait at the router until its new process has
 * connected, then go to it in order (a network holding them, not losing them).
 */
export interface RouterDown {
  readonly machine: number;
  readonly fromUs: number;
  /** The restart's time; Number.POSITIVE_INFINITY when it never restarts. */
  readonly untilUs: number;
  /** The crash's index in the fault list (its drop rows name it). */
  readonly faultIndex: number;
}

export interface RouterReport {
  readonly forwarded: number;
  /** Copies the router could not write, per receiver id (the receiver was gone). */
  readonly undeliverable: readonly number[];
  readonly badConnections: { readonly count: number; readonly reasons: readonly string[] };
}

const startDelayMs = 300;

export class TcpRouter {
  readonly #config: RouterConfig;
  readonly #clock: WallClock;
  readonly #server = net.createServer();
  readonly #machines = new Map<number, net.Socket>();
  readonly #ready = new Set<number>();
  readonly #fins = new Set<number>();
  readonly #undeliverable: number[];
  readonly #badReasons: string[] = [];
  #badCount = 0;
  #forwarded = 0;
  #started = false;
  #startAtEpochMs = 0;
  /** The start on the monotonic clock, once sent. */
  #startMs = 0;
  /** Per machine restarted and not yet back: the copies waiting for its new connection. */
  readonly #held = new Map<number, Frame[]>();
  readonly #onEvidence: (evidence: FaultEvidence) => void;
  #finished = false;
  #resolveFinished: () => void = () => {};
  /** Resolves when every machine's fin is in (or its connection gone) and fins went out. */
  readonly finished: Promise<void>;

  constructor(
    config: RouterConfig,
    clock: WallClock,
    onEvidence: (evidence: FaultEvidence) => void = () => {},
  ) {
    this.#config = config;
    this.#onEvidence = onEvidence;
    this.#clock = clock;
    this.#undeliverable = new Array<number>(config.machineCount).fill(0);
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
      undeliverable: this.#undeliverable,
      badConnections: { count: this.#badCount, reasons: this.#badReasons },
    };
  }

  close(): Promise<void> {
    for (const socket of this.#machines.values()) socket.end();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    const { runId, token, machineCount } = this.#config;
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

  #forward(receiverId: number, frame: Frame): void {
    if (this.#config.downs !== undefined && this.#startMs !== 0 && frame.kind === 'msg') {
      if (this.#heldOrDropped(receiverId, frame)) return;
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
   * A copy to a crashed machine: dropped while it is down; held while it is restarted but not
   * yet connected again. True when the copy is taken care of here.
   */
  #heldOrDropped(receiverId: number, frame: Extract<Frame, { kind: 'msg' }>): boolean {
    const nowUs = Math.max(0, Math.round((this.#clock.nowMs() - this.#startMs) * 1000));
    let restarted = false;
    for (const down of this.#config.downs ?? []) {
      if (down.machine !== receiverId || nowUs < down.fromUs) continue;
      if (nowUs < down.untilUs) {
        this.#onEvidence({
          action: 'drop',
          timeUs: nowUs,
          faultIndex: down.faultIndex,
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
    // Held while restarted and not back yet, and behind what is held already (FIFO).
    if (held !== undefined || (restarted && !this.#machines.has(receiverId))) {
      if (held === undefined) this.#held.set(receiverId, [frame]);
      else held.push(frame);
      return true;
    }
    return false;
  }

  /** A machine connected again: what was held for it goes first, in order. */
  #release(machineId: number): void {
    const held = this.#held.get(machineId);
    if (held === undefined) return;
    this.#held.delete(machineId);
    for (const frame of held) this.#forward(machineId, frame);
  }

  #checkStart(): void {
    if (this.#started || this.#ready.size < this.#config.machineCount) return;
    this.#started = true;
    const atEpochMs = Math.round(this.#clock.epochMs() + startDelayMs);
    this.#startAtEpochMs = atEpochMs;
    this.#startMs = monotonicAt(this.#clock, atEpochMs);
    for (const socket of this.#machines.values()) {
      socket.write(encodeFrame({ kind: 'start', v: protocolVersion, atEpochMs }));
    }
  }

  #checkFinished(): void {
    if (this.#finished || !this.#started) return;
    for (let id = 0; id < this.#config.machineCount; id += 1) {
      if (this.#machines.has(id) && !this.#fins.has(id)) return;
    }
    this.#finished = true;
    const machineId = routerId(this.#config.machineCount);
    for (const socket of this.#machines.values()) {
      if (socket.writable)
        socket.write(encodeFrame({ kind: 'fin', v: protocolVersion, machineId }));
    }
    this.#resolveFinished();
  }
}
