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
  assertNever,
  clockAfterRestart,
  createMachine,
  type MachineState,
  MessageQueue,
  StepEvent,
  toEveryPeer,
} from '../../core/index.js';
import type { FaultRecorder } from '../../transports/fault-config.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import { restartRowInto } from '../../transports/virtual/faulted-run.js';
import type { ChildFailure, ChildMachine } from './child-machine.js';
import { HarnessFaultLog } from './fault-log.js';
import { FaultedHarnessPlan } from './faulted-plan.js';
import {
  HarnessPlan,
  type PlannedFault,
  type PlannedRestart,
  type PlannedStep,
  type PlannedTick,
  type StepPlan,
} from './harness-plan.js';
import { applyReply } from './judge-reply.js';
import {
  crashLine,
  deliverLine,
  GarbageReply,
  type RestartReply,
  readRestartReply,
  readTickReply,
  restartLine,
  type TickReply,
  tickLine,
} from './protocol.js';

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

/** A step that waits for the child's answer. */
type Asked = PlannedTick | PlannedRestart;

/** What the child is owed and owes: lines not yet sent, ticks (and restarts) not yet answered. */
interface ChildLane {
  readonly outbox: PlannedStep[];
  outboxHead: number;
  readonly awaiting: Asked[];
  /** The clock of its last answer: what a persisted or lease restart gives it back. */
  lastClock: number;
}

export class HarnessDriver {
  readonly #config: RunConfig;
  readonly #children: readonly ChildMachine[];
  readonly #sink: EventSink;
  readonly #timeoutMs: number;
  readonly #plan: StepPlan;
  /** The faults' log side; null for a fault-free run. */
  readonly #faultLog: HarnessFaultLog | null;
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
      /** Hears each fault action (faults.csv): a run with faults and logs. */
      readonly faultRecorder?: FaultRecorder | null;
    },
  ) {
    const machineCount = config.ratesMilliHz.length;
    assert(parts.children.length === machineCount, 'one child per machine');
    this.#config = config;
    this.#children = parts.children;
    this.#sink = parts.sink;
    this.#timeoutMs = parts.timeoutMs;
    // Fault-free, the plan of harness-plan.ts, as before faults; with faults, the faulted loop.
    const faulted = config.faults.length > 0;
    this.#plan = faulted ? new FaultedHarnessPlan(config) : new HarnessPlan(config);
    this.#faultLog = faulted
      ? new HarnessFaultLog(config.faults, machineCount, parts.faultRecorder ?? null)
      : null;
    for (let id = 0; id < machineCount; id += 1) {
      this.#machines.push(createMachine(id, machineCount, this.#plan.policy, new MessageQueue()));
      this.#lanes.push({ outbox: [], outboxHead: 0, awaiting: [], lastClock: 0 });
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
    if (head === undefined || (head.kind !== 'tick' && head.kind !== 'restart')) return;
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
      const asked = lane.awaiting.shift();
      if (asked === undefined) {
        const detail = typeof line === 'string' ? 'a line nobody asked for' : line.detail;
        const kind = typeof line === 'string' ? 'unasked' : line.kind;
        this.#stop({ machineId: id, timeUs: this.#lastTimeUs, kind, detail });
        return;
      }
      this.#takeReply(lane, asked, line);
      const before = this.#head;
      this.#advance(shouldStop);
      if (this.#head !== before) watchdog.refresh();
      if (typeof line !== 'string') return;
    }
  }

  /** A child's answer, kept in its step; a send's message clock is known from here on. */
  #takeReply(lane: ChildLane, asked: Asked, line: string | ChildFailure): void {
    if (asked.kind === 'restart') {
      asked.reply = typeof line === 'string' ? parsed(readRestartReply, line) : line;
      if (isRestartReply(asked.reply)) lane.lastClock = asked.reply.clock;
      return;
    }
    asked.reply = typeof line === 'string' ? parsed(readTickReply, line) : line;
    const reply = asked.reply;
    if (!isReply(reply)) return;
    lane.lastClock = reply.clock;
    if (reply.kind !== 'send') return;
    // What its copies carry: the child's clock, or what corrupt-clock makes of it (as run).
    const lie = this.#faultLog?.lie(asked.machineId, asked.timeUs, reply.clock) ?? null;
    asked.lie = lie;
    const carried = lie === null ? reply.msgClock : lie.carriedClock;
    this.#clocks.set(this.#keyOf(asked.machineId, asked.seq), carried);
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
        const id = laneOf(step);
        if (id >= 0) (this.#lanes[id] as ChildLane).outbox.push(step);
      }
    }
    for (let id = 0; id < this.#children.length; id += 1) this.#send(id);
  }

  #stop(finding: HarnessFinding | null): void {
    if (this.#ended) return;
    this.#settle({ result: this.#finish(false), finding });
  }

  /**
   * A child's lines up to the first delivery whose clock its sender has not said yet, or the
   * first restart before the child has answered all it was asked (its clock comes from them).
   */
  #send(id: number): void {
    const lane = this.#lanes[id] as ChildLane;
    let text = '';
    while (lane.outboxHead < lane.outbox.length) {
      const line = this.#lineOf(lane, lane.outbox[lane.outboxHead] as PlannedStep);
      if (line === null) break;
      text += line;
      lane.outboxHead += 1;
    }
    if (lane.outboxHead > planAheadMax) {
      lane.outbox.splice(0, lane.outboxHead);
      lane.outboxHead = 0;
    }
    if (text !== '') (this.#children[id] as ChildMachine).write(text);
  }

  /** The line a planned step sends its child, or null when it must wait. */
  #lineOf(lane: ChildLane, step: PlannedStep): string | null {
    switch (step.kind) {
      case 'deliver': {
        const clock = this.#clocks.get(this.#keyOf(step.senderId, step.sendSeq));
        if (clock === undefined) return null;
        const msgId = `${step.senderId}-${step.sendSeq}`;
        return deliverLine(step.timeUs, msgId, step.senderId, clock);
      }
      case 'tick':
        lane.awaiting.push(step);
        return tickLine(step.timeUs, step.roll);
      case 'restart': {
        if (lane.awaiting.length > 0) return null;
        lane.awaiting.push(step);
        const clock =
          step.rule.kind === 'reset' ? null : clockAfterRestart(lane.lastClock, step.rule);
        return restartLine(step.timeUs, clock);
      }
      case 'fault': {
        const evidence = step.evidence;
        assert(evidence.action === 'crash', 'only a crash is a line to a child');
        return crashLine(evidence.timeUs, (this.#faultLog as HarnessFaultLog).inboxOf(evidence));
      }
      default:
        return assertNever(step, 'planned step');
    }
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
      } else if (step.kind === 'fault') {
        this.#logFault(step);
      } else {
        if (step.reply === null) return null;
        this.#lastTimeUs = step.timeUs;
        const finding = step.kind === 'tick' ? this.#logTick(step) : this.#logRestart(step);
        if (finding !== null) return finding;
      }
      // A drop at a down machine is stamped with its arrival, which may precede the instant.
      this.#lastTimeUs = Math.max(this.#lastTimeUs, timeOf(step));
      this.#head += 1;
    }
    return null;
  }

  #logFault(step: PlannedFault): void {
    (this.#faultLog as HarnessFaultLog).record(step.evidence, this.#machines);
  }

  /**
   * A restart as the child answered it: the faults.csv row with the clocks before (its last
   * event's) and after (its answer's), then the restart row, as faulted-run.ts records them.
   * Whether the clock is the rule's is `check`'s (restartClock), as every clock of the child's.
   */
  #logRestart(step: PlannedRestart): HarnessFinding | null {
    const { machineId: id, timeUs } = step;
    const reply = step.reply;
    if (!isRestartReply(reply))
      return { machineId: id, timeUs, ...(reply as ChildFailure | Garbage) };
    const machine = this.#machines[id] as MachineState<MessageQueue>;
    const evidence = { ...step.evidence, clockBefore: machine.clock, clockAfter: reply.clock };
    (this.#faultLog as HarnessFaultLog).record(evidence, this.#machines);
    machine.clock = reply.clock;
    machine.seq += 1;
    this.#sink.record(id, timeUs, restartRowInto(this.#event, machine));
    this.#events += 1;
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
    if (event.kind === 'send') {
      if (step.lie !== null) event.messageClock = step.lie.carriedClock;
      this.#faultLog?.sent(step.lie);
    }
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
    const faultLog = this.#faultLog;
    return {
      completed,
      durationUs,
      events: this.#events,
      machines: this.#machines.map((machine) => ({
        id: machine.id,
        clock: machine.clock,
        events: machine.seq,
        queueLength: machine.queue.length,
        inFlight:
          (this.#sentTo[machine.id] as number) -
          (this.#deliveredTo[machine.id] as number) +
          (faultLog?.wireExtra(machine.id) ?? 0),
      })),
      ...(faultLog === null ? {} : { faults: faultLog.tally() }),
    };
  }
}

/** A reply that could not be read, kept in its tick's place to be reported in order. */
interface Garbage {
  readonly kind: 'garbage';
  readonly detail: string;
}

/** A reply read by `read`, or why it is not one (kept to be reported in its place). */
function parsed<T>(read: (line: string) => T, line: string): T | Garbage {
  try {
    return read(line);
  } catch (error) {
    if (!(error instanceof GarbageReply)) throw error;
    return { kind: 'garbage', detail: `${error.message}: ${cut(line)}` };
  }
}

function isRestartReply(value: unknown): value is RestartReply {
  return (value as { kind?: unknown } | null)?.kind === 'restart';
}

/** The child a planned step is a line to; -1 for a fault action that is only a row. */
function laneOf(step: PlannedStep): number {
  if (step.kind === 'deliver') return step.receiverId;
  if (step.kind !== 'fault') return step.machineId;
  return step.evidence.action === 'crash' ? step.evidence.machine : -1;
}

function timeOf(step: PlannedStep): number {
  return step.kind === 'fault' ? step.evidence.timeUs : step.timeUs;
}

function isReply(value: unknown): value is TickReply {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'receive' || kind === 'send' || kind === 'internal';
}

/** A line as shown in a finding: its start. */
function cut(line: string): string {
  return line.length > 80 ? `${JSON.stringify(line.slice(0, 77))}...` : JSON.stringify(line);
}
