/**
 * The virtual driver with each machine's step done by a child process. Time, the network and
 * the die are the virtual driver's own (harness-plan.ts runs its TickQueue and VirtualNetwork
 * and draws each machine's seeded `actions` stream exactly where the core's step draws), so a
 * child that keeps Lamport's rules makes the events the built-in machine makes, and the logs
 * are `run`'s byte for byte.
 *
 * Lockstep where it matters, pipelined where it does not: each child is sent its `deliver` and
 * `tick` lines as far ahead as the plan goes and the clocks its deliveries carry are known (a
 * message's clock is its sender's answer). A child's answers are logged strictly in the
 * simulator's order, judged against the plan as they are (judge-reply.ts, on the harness's own
 * copy of each queue); the first that breaks it stops the run there, and what was planned past
 * it is never logged. The result does not depend on any child's speed.
 */
import {
  assert,
  createMachine,
  type MachineState,
  MessageQueue,
  StepEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import type { ChildFailure, ChildMachine } from './child-machine.js';
import { HarnessPlan, type PlannedStep, type PlannedTick } from './harness-plan.js';
import { applyReply } from './judge-reply.js';
import { deliverLine, GarbageReply, readTickReply, type TickReply, tickLine } from './protocol.js';

/** What ended a run early: one machine's child, at one tick, and why. */
export interface HarnessFinding {
  readonly machineId: number;
  readonly timeUs: number;
  readonly kind: ChildFailure['kind'] | 'garbage' | 'model';
  readonly detail: string;
}

export interface HarnessDriveResult {
  readonly result: DriverResult;
  readonly finding: HarnessFinding | null;
}

/** Ticks planned and not yet logged, at most: bounds memory and the work past a finding. */
const planAheadMax = 2048;

/** What the child is owed and owes: lines not yet sent, ticks not yet answered. */
interface ChildLane {
  readonly outbox: PlannedStep[];
  outboxHead: number;
  readonly awaiting: PlannedTick[];
}

export class HarnessDriver {
  readonly #config: RunConfig;
  readonly #children: readonly ChildMachine[];
  readonly #sink: EventSink;
  readonly #timeoutMs: number;
  readonly #plan: HarnessPlan;
  /** The log's side: each machine as its answers made it, with the queue as delivered. */
  readonly #machines: MachineState<MessageQueue>[] = [];
  readonly #lanes: ChildLane[] = [];
  /** Planned steps in the simulator's order; those before #head are logged. */
  #steps: PlannedStep[] = [];
  #head = 0;
  /** A sent message's clock by `seq · machines + sender`, from the sender's answer. */
  readonly #clocks = new Map<number, number>();
  readonly #sentTo: number[];
  readonly #deliveredTo: number[];
  readonly #event = new StepEvent();
  #events = 0;
  #lastTimeUs = -1;
  #settle: (value: HarnessDriveResult) => void = () => {};
  #ended = false;

  constructor(
    config: RunConfig,
    parts: {
      readonly children: readonly ChildMachine[];
      readonly sink: EventSink;
      readonly timeoutMs: number;
    },
  ) {
    const machineCount = config.ratesMilliHz.length;
    assert(parts.children.length === machineCount, 'one child per machine');
    assert(config.faults.length === 0, 'the harness runs fault-free scenarios');
    this.#config = config;
    this.#children = parts.children;
    this.#sink = parts.sink;
    this.#timeoutMs = parts.timeoutMs;
    this.#plan = new HarnessPlan(config);
    for (let id = 0; id < machineCount; id += 1) {
      this.#machines.push(createMachine(id, machineCount, this.#plan.policy, new MessageQueue()));
      this.#lanes.push({ outbox: [], outboxHead: 0, awaiting: [] });
    }
    this.#sentTo = new Array<number>(machineCount).fill(0);
    this.#deliveredTo = new Array<number>(machineCount).fill(0);
  }

  /** Runs to the end, a finding, or a stop request (polled as answers come). */
  run(shouldStop: () => boolean): Promise<HarnessDriveResult> {
    return new Promise((resolve) => {
      // Fires only when no answer moved the log on for a whole timeout: the head's child hangs.
      const watchdog = setTimeout(() => this.#timeOutHead(watchdog), this.#timeoutMs);
      this.#settle = (value) => {
        this.#ended = true;
        clearTimeout(watchdog);
        resolve(value);
      };
      this.#children.forEach((_, id) => void this.#read(id, watchdog, shouldStop));
      this.#advance(shouldStop);
    });
  }

  #timeOutHead(watchdog: NodeJS.Timeout): void {
    const head = this.#steps[this.#head];
    if (head === undefined || head.kind !== 'tick') return;
    (this.#children[head.machineId] as ChildMachine).timeOut(this.#timeoutMs);
    watchdog.refresh();
  }

  /** One child's answers, each attached to its tick in the order it was asked. */
  async #read(id: number, watchdog: NodeJS.Timeout, shouldStop: () => boolean): Promise<void> {
    const child = this.#children[id] as ChildMachine;
    const lane = this.#lanes[id] as ChildLane;
    while (!this.#ended) {
      const line = await child.nextLine();
      if (this.#ended) return;
      if (typeof line !== 'string' && line.kind === 'interrupted') {
        // Ctrl-C at a terminal reached the child too: the run stops, as the harness's own does.
        this.#stop(null);
        return;
      }
      const tick = lane.awaiting.shift();
      if (tick === undefined) {
        const detail = typeof line === 'string' ? 'a line nobody asked for' : line.detail;
        const kind = typeof line === 'string' ? 'unasked' : line.kind;
        this.#stop({ machineId: id, timeUs: this.#lastTimeUs, kind, detail });
        return;
      }
      tick.reply = typeof line === 'string' ? parseReply(line) : line;
      const reply = tick.reply;
      if (isReply(reply) && reply.kind === 'send') {
        this.#clocks.set(this.#keyOf(id, tick.seq), reply.msgClock);
      }
      const before = this.#head;
      this.#advance(shouldStop);
      if (this.#head !== before) watchdog.refresh();
      if (typeof line !== 'string') return;
    }
  }

  /** Logs what can be, plans ahead, sends what can be sent; ends the run when it is over. */
  #advance(shouldStop: () => boolean): void {
    if (this.#ended) return;
    // A stop first: a Ctrl-C at a terminal also reaches the children, whose deaths are then no
    // finding about them.
    if (shouldStop()) {
      this.#stop(null);
      return;
    }
    const finding = this.#logReady();
    if (finding !== null) {
      this.#stop(finding);
      return;
    }
    if (this.#plan.done && this.#head === this.#steps.length) {
      this.#settle({ result: this.#finish(true), finding: null });
      return;
    }
    if (this.#head > planAheadMax) {
      this.#steps = this.#steps.slice(this.#head);
      this.#head = 0;
    }
    while (!this.#plan.done && this.#steps.length - this.#head < planAheadMax) {
      const from = this.#steps.length;
      this.#plan.next(this.#steps);
      for (let index = from; index < this.#steps.length; index += 1) {
        const step = this.#steps[index] as PlannedStep;
        const id = step.kind === 'deliver' ? step.receiverId : step.machineId;
        (this.#lanes[id] as ChildLane).outbox.push(step);
      }
    }
    for (let id = 0; id < this.#children.length; id += 1) this.#send(id);
  }

  #stop(finding: HarnessFinding | null): void {
    if (this.#ended) return;
    this.#settle({ result: this.#finish(false), finding });
  }

  /** A child's lines up to the first delivery whose clock its sender has not said yet. */
  #send(id: number): void {
    const lane = this.#lanes[id] as ChildLane;
    let text = '';
    while (lane.outboxHead < lane.outbox.length) {
      const step = lane.outbox[lane.outboxHead] as PlannedStep;
      if (step.kind === 'deliver') {
        const clock = this.#clocks.get(this.#keyOf(step.senderId, step.sendSeq));
        if (clock === undefined) break;
        const msgId = `${step.senderId}-${step.sendSeq}`;
        text += deliverLine(step.timeUs, msgId, step.senderId, clock);
      } else {
        text += tickLine(step.timeUs, step.roll);
        lane.awaiting.push(step);
      }
      lane.outboxHead += 1;
    }
    if (lane.outboxHead > planAheadMax) {
      lane.outbox.splice(0, lane.outboxHead);
      lane.outboxHead = 0;
    }
    if (text !== '') (this.#children[id] as ChildMachine).write(text);
  }

  #keyOf(senderId: number, sendSeq: number): number {
    return sendSeq * this.#machines.length + senderId;
  }

  /** Logs the planned steps in order while their answers are in; the first bad one is returned. */
  #logReady(): HarnessFinding | null {
    while (this.#head < this.#steps.length) {
      const step = this.#steps[this.#head] as PlannedStep;
      if (step.kind === 'deliver') {
        const clock = this.#clocks.get(this.#keyOf(step.senderId, step.sendSeq));
        assert(clock !== undefined, 'a message is delivered after its send was logged');
        const machine = this.#machines[step.receiverId] as MachineState<MessageQueue>;
        machine.queue.push(step.senderId, step.sendSeq, clock);
        this.#deliveredTo[step.receiverId] = (this.#deliveredTo[step.receiverId] as number) + 1;
      } else {
        if (step.reply === null) return null;
        this.#lastTimeUs = step.timeUs;
        const finding = this.#logTick(step);
        if (finding !== null) return finding;
      }
      this.#lastTimeUs = step.timeUs;
      this.#head += 1;
    }
    return null;
  }

  #logTick(step: PlannedTick): HarnessFinding | null {
    const { machineId: id, timeUs } = step;
    const reply = step.reply;
    if (!isReply(reply)) return { machineId: id, timeUs, ...(reply as ChildFailure | Garbage) };
    const machine = this.#machines[id] as MachineState<MessageQueue>;
    const event = this.#event;
    const why = applyReply(machine, step.roll, reply, event);
    if (why !== null) return { machineId: id, timeUs, kind: 'model', detail: why };
    this.#sink.record(id, timeUs, event);
    this.#events += 1;
    if (event.kind === 'send') this.#countCopies(id, event.to);
    return null;
  }

  #countCopies(senderId: number, to: number): void {
    for (let id = 0; id < this.#sentTo.length; id += 1) {
      if (id !== senderId && (to === toEveryPeer || to === id))
        this.#sentTo[id] = (this.#sentTo[id] as number) + 1;
    }
  }

  /**
   * As the simulator ends: the plan delivered what arrived by the end (complete) or the log
   * stopped at an instant; what was sent by logged events and not delivered is in flight.
   */
  #finish(completed: boolean): DriverResult {
    const durationUs = completed ? this.#config.durationUs : Math.max(this.#lastTimeUs, 0);
    return {
      completed,
      durationUs,
      events: this.#events,
      machines: this.#machines.map((machine) => ({
        id: machine.id,
        clock: machine.clock,
        events: machine.seq,
        queueLength: machine.queue.length,
        inFlight: (this.#sentTo[machine.id] as number) - (this.#deliveredTo[machine.id] as number),
      })),
    };
  }
}

/** A reply that could not be read, kept in its tick's place to be reported in order. */
interface Garbage {
  readonly kind: 'garbage';
  readonly detail: string;
}

function parseReply(line: string): TickReply | Garbage {
  try {
    return readTickReply(line);
  } catch (error) {
    if (!(error instanceof GarbageReply)) throw error;
    return { kind: 'garbage', detail: `${error.message}: ${cut(line)}` };
  }
}

function isReply(value: unknown): value is TickReply {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'receive' || kind === 'send' || kind === 'internal';
}

/** A line as shown in a finding: its start. */
function cut(line: string): string {
  return line.length > 80 ? `${JSON.stringify(line.slice(0, 77))}...` : JSON.stringify(line);
}
