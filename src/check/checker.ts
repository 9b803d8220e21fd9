/**
 * The rule engine: an observer fed a run's rows in causal order (a send before its receives),
 * machine by machine in log order. It keeps only what is still open (messages sent and not yet
 * received, one state per machine and per channel), so a run of any length checks in memory
 * proportional to its queues. It never reads files; check-run.ts does.
 */
import { assert, assertNever, CausalityTracker, type CausalityStats } from '../../core/index.js';
import { TickSchedule } from '../../core/tick-schedule.js';
import { formatLocated, type Located, type ParsedLogRow } from '../logs/log-row.js';
import { OpenMessages } from './open-messages.js';
import type { RuleId, Violation } from './rules.js';

export interface CheckerOptions {
  readonly machineCount: number;
  /** Check FIFO per channel (the run's network promised it). */
  readonly fifo: boolean;
  /** Virtual runs: row k of machine i must be at tick k of rate ratesMilliHz[i]. */
  readonly ratesMilliHz: readonly number[] | null;
  /** Violations kept for the report; all are counted. */
  readonly maxErrors: number;
  /**
   * How much later than its receive a send may be logged: 0 when one clock timed every event
   * (virtual), more when processes' clocks can disagree a little (TCP).
   */
  readonly timeToleranceUs: number;
}

interface MachineState {
  seq: number;
  clock: number;
  timeUs: number;
  height: number;
  /** Whether this machine's clock-condition mismatch was already listed. */
  heightMismatchListed: boolean;
  tickMismatchListed: boolean;
  messageIdMismatchListed: boolean;
  /** The msg seq of the machine's latest tracked send. */
  lastSendSeq: number;
  heightMismatches: number;
  readonly schedule: TickSchedule | null;
}

/**
 * Slots of the cache of completed receipts, to name the first one of a duplicate: a receipt is
 * remembered until a later one lands in its slot (its key modulo this), so at least the last
 * ~2^18 / N² message ids' receipts of a run of N machines, and every receipt of a short run.
 */
const completedSlots = 1 << 18;

export class RunChecker {
  readonly #options: CheckerOptions;
  readonly #machines: MachineState[];
  readonly #open: OpenMessages;
  /** completedKeys[slot] is a receipt's key (-1: none), completedLines[slot] its log line. */
  readonly #completedKeys = new Float64Array(completedSlots).fill(-1);
  readonly #completedLines = new Float64Array(completedSlots);
  readonly #channelSeq = new Map<number, number>();
  readonly #tracker: CausalityTracker;
  readonly violations: Violation[] = [];
  readonly violationCounts = new Map<RuleId, number>();
  checks = 0;
  events = 0;
  copiesSent = 0;
  received = 0;

  constructor(options: CheckerOptions) {
    assert(options.machineCount >= 1, 'a run has machines');
    this.#options = options;
    this.#tracker = new CausalityTracker(options.machineCount);
    this.#open = new OpenMessages(options.machineCount);
    this.#machines = Array.from({ length: options.machineCount }, (_, id) => ({
      seq: 0,
      clock: 0,
      timeUs: 0,
      height: 0,
      heightMismatchListed: false,
      tickMismatchListed: false,
      messageIdMismatchListed: false,
      lastSendSeq: 0,
      heightMismatches: 0,
      schedule:
        options.ratesMilliHz === null ? null : new TickSchedule(options.ratesMilliHz[id] as number),
    }));
  }

  /** The key of a message: one number per (sender, seq). */
  messageKey(senderId: number, sendSeq: number): number {
    return sendSeq * this.#options.machineCount + senderId;
  }

  /** Events accepted so far from this machine's log. */
  seqOf(machineId: number): number {
    return (this.#machines[machineId] as MachineState).seq;
  }

  /** A receive whose message its sender has not logged yet: the caller feeds others first. */
  mustWait(row: ParsedLogRow): boolean {
    if (row.kind !== 'receive') return false;
    const sender = this.#machines[row.msgSender];
    if (sender === undefined) return false;
    return sender.seq < row.msgSeq && !this.#open.isOpen(row.msgSender, row.msgSeq);
  }

  accept(row: ParsedLogRow, machineId: number): void {
    const machine = this.#machines[machineId] as MachineState;
    this.events += 1;
    this.#checkMachineOrder(row, machineId, machine);
    let height: number;
    switch (row.kind) {
      case 'internal':
        if (this.#fails(row.clock === machine.clock + 1)) {
          this.#unequal(
            'machineOrder',
            row,
            row.clock,
            machine.clock + 1,
            'an internal event adds exactly 1 to the clock',
            'logical_clock',
          );
        }
        height = this.#tracker.local(machineId, row.clock);
        break;
      case 'send':
        height = this.#acceptSend(row, machineId, machine);
        break;
      case 'receive':
        height = this.#acceptReceive(row, machineId, machine);
        break;
      case 'restart':
        // A crashed machine's restart (issue 18): its clock follows the fault's rule, which
        // the fault checks judge; here it is a point on the machine's line like any event.
        height = this.#tracker.local(machineId, row.clock);
        break;
      default:
        assertNever(row, 'row');
    }
    this.#checkHeight(row, machine, height);
    machine.seq = row.seq;
    machine.clock = row.clock;
    machine.timeUs = row.timeUs;
    machine.height = height;
  }

  /** Up to `limit` ids of messages sent to this machine and never received, oldest first. */
  unreceivedIds(machineId: number, limit: number): string[] {
    const ids: { seq: number; id: string }[] = [];
    this.#open.forEachCopy((sender, seq, receiverId) => {
      if (receiverId === machineId) ids.push({ seq, id: `${sender}-${seq}` });
    });
    return ids
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit)
      .map((entry) => entry.id);
  }

  /**
   * Messages to `machineId` from senders that failed, never received, and sent after the last
   * message on the same channel that was received: the tail a killed sender may have taken
   * with it (a SIGKILLed process's socket can be reset with unsent bytes still in its buffer;
   * a TCP channel delivers a prefix of what was written, never a message after a lost one).
   * Some of the tail may be waiting in the receiver's queue instead. Known only when FIFO is
   * tracked; otherwise 0.
   */
  lostTailFromFailed(machineId: number, failed: (senderId: number) => boolean): number {
    if (!this.#options.fifo) return 0;
    const machineCount = this.#options.machineCount;
    let lost = 0;
    this.#open.forEachCopy((sender, seq, receiverId) => {
      if (receiverId !== machineId || !failed(sender)) return;
      if (seq > (this.#channelSeq.get(sender * machineCount + machineId) ?? 0)) lost += 1;
    });
    return lost;
  }

  /** Copies sent and never received, per addressee. */
  unreceivedByMachine(): number[] {
    const counts = new Array<number>(this.#options.machineCount).fill(0);
    this.#open.forEachCopy((_sender, _seq, receiverId) => {
      counts[receiverId] = (counts[receiverId] as number) + 1;
    });
    return counts;
  }

  /** Ends the check of one machine's log: the ticks of a completed virtual run must all be there. */
  finishMachine(machineId: number, durationUs: number | null, where: string): void {
    const machine = this.#machines[machineId] as MachineState;
    if (machine.schedule === null || durationUs === null) return;
    const nextTickUs = machine.schedule.advance();
    if (this.#fails(nextTickUs > durationUs)) {
      this.#failed('manifest', where, [
        'a tick the run should have made is missing',
        `the next tick at ${nextTickUs / 1000} ms after the last row`,
        `the run lasted ${durationUs / 1000} ms`,
      ]);
    }
  }

  /** Messages the checker holds (open, or behind an open one): bounded by what is in flight. */
  heldMessages(): number {
    return this.#open.heldMessages();
  }

  causality(): CausalityStats {
    return this.#tracker.stats();
  }

  /** Records a violation found outside the row stream (files, manifest, conservation). */
  report(rule: RuleId, where: Located, message: string, expected: string, found: string): void {
    this.#violation({ rule, where: formatLocated(where), message, expected, found });
  }

  #checkMachineOrder(row: ParsedLogRow, machineId: number, machine: MachineState): void {
    const where = row;
    if (this.#fails(row.machine === machineId)) {
      this.#unequal(
        'machineOrder',
        where,
        row.machine,
        machineId,
        "the machine column names the file's machine",
        'machine',
      );
    }
    if (this.#fails(row.seq === machine.seq + 1)) {
      this.#unequal(
        'machineOrder',
        where,
        row.seq,
        machine.seq + 1,
        'seq counts 1, 2, 3 ... with no gap',
        'seq',
      );
    }
    if (this.#fails(row.clock > machine.clock)) {
      this.#failed('machineOrder', where, [
        'the clock strictly increases',
        `logical_clock > ${machine.clock}`,
        String(row.clock),
      ]);
    }
    if (this.#fails(row.clock !== machine.clock)) {
      this.#failed('totalOrder', where, [
        'no two events share the key (L, machine id)',
        `a key other than (${machine.clock}, ${machineId})`,
        `(${row.clock}, ${machineId}) twice`,
      ]);
    }
    if (this.#fails(row.timeUs >= machine.timeUs)) {
      this.#failed('machineOrder', where, [
        'time never goes backwards',
        `time_ms >= ${machine.timeUs / 1000}`,
        String(row.timeUs / 1000),
      ]);
    }
    if (machine.schedule !== null) this.#checkTick(row, machine, machineId);
  }

  /**
   * Row k at tick k. One extra or missing row shifts every later row of the machine off its tick,
   * so the first one is listed and the rest of that machine's are counted, not listed.
   */
  #checkTick(row: ParsedLogRow, machine: MachineState, machineId: number): void {
    const tickUs = (machine.schedule as TickSchedule).advance();
    this.checks += 1;
    if (row.timeUs === tickUs) return;
    this.#count('manifest');
    if (machine.tickMismatchListed) return;
    machine.tickMismatchListed = true;
    this.#violation(
      {
        rule: 'manifest',
        where: formatLocated(row),
        // The rate is the manifest's: name its field, which may be what changed.
        message: `row ${row.seq} is at tick ${row.seq} of the machine's rate (scenario.rates[${machineId}] ${(this.#options.ratesMilliHz?.[machineId] ?? 0) / 1000} Hz): one row per tick, none skipped or extra (later rows off their tick are counted, not listed)`,
        expected: `time_ms ${tickUs / 1000}`,
        found: String(row.timeUs / 1000),
      },
      false,
    );
  }

  /** A send's msg_id is <machine>-<seq>; after a first mismatch the rest are counted, not listed. */
  #checkMessageId(
    row: Extract<ParsedLogRow, { kind: 'send' }>,
    machineId: number,
    machine: MachineState,
  ): void {
    this.checks += 1;
    if (row.msgSender === machineId && row.msgSeq === row.seq) return;
    this.#count('machineOrder');
    if (machine.messageIdMismatchListed) return;
    machine.messageIdMismatchListed = true;
    this.#violation(
      {
        rule: 'machineOrder',
        where: formatLocated(row),
        message:
          "a send's msg_id is <machine>-<seq> (later mismatches on this machine are counted, not listed)",
        expected: `${machineId}-${row.seq}`,
        found: `${row.msgSender}-${row.msgSeq}`,
      },
      false,
    );
  }

  #acceptSend(
    row: Extract<ParsedLogRow, { kind: 'send' }>,
    machineId: number,
    machine: MachineState,
  ): number {
    const where = row;
    if (this.#fails(row.clock === machine.clock + 1)) {
      this.#unequal(
        'machineOrder',
        where,
        row.clock,
        machine.clock + 1,
        'a send adds exactly 1 to the clock',
        'logical_clock',
      );
    }
    if (this.#fails(row.msgClock === row.clock)) {
      this.#unequal(
        'machineOrder',
        where,
        row.msgClock,
        row.clock,
        "a send's msg_clock equals its logical_clock (the clock after the increment)",
        'msg_clock',
      );
    }
    this.#checkMessageId(row, machineId, machine);
    const receivers = distinctPeers(row.receiverIds, machineId, this.#options.machineCount);
    if (this.#fails(receivers.length === row.receiverIds.length)) {
      this.#failed('conservation', where, [
        'a send names distinct other machines of the run',
        'peers among the other machines',
        row.receiverIds.join(';'),
      ]);
    }
    // Receives name the message by its msg_id, so that is its identity here, even when it
    // disagrees with the row's seq (reported above): one bad row then breaks one rule, not all.
    const sendSeq = row.msgSender === machineId ? row.msgSeq : row.seq;
    this.copiesSent += receivers.length;
    // A send out of order (already reported under rule 1) cannot be tracked as a message.
    const inOrder = sendSeq > machine.lastSendSeq;
    if (receivers.length === 0 || !inOrder) return this.#tracker.local(machineId, row.clock);
    machine.lastSendSeq = sendSeq;
    this.#open.open(machineId, sendSeq, row.msgClock, row.timeUs, row.file, row.line, receivers);
    return this.#tracker.send(machineId, row.clock, sendSeq, receivers.length);
  }

  #acceptReceive(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
    machine: MachineState,
  ): number {
    const where = row;
    const expectedClock = Math.max(machine.clock, row.msgClock) + 1;
    if (this.#fails(row.clock === expectedClock)) {
      this.#unequal(
        'receiveRule',
        where,
        row.clock,
        expectedClock,
        `a receive sets the clock to max(previous ${machine.clock}, msg_clock ${row.msgClock}) + 1`,
        'logical_clock',
      );
    }
    if (this.#fails(row.peer === row.msgSender)) {
      this.#unequal(
        'receiveRule',
        where,
        row.peer,
        row.msgSender,
        "a receive names the message's sender in peers",
        'peers',
      );
    }
    this.received += 1;
    const key = this.messageKey(row.msgSender, row.msgSeq);
    // A sender outside the run sent nothing; its key would be another machine's message's key.
    const message =
      row.msgSender < this.#options.machineCount
        ? this.#open.find(row.msgSender, row.msgSeq, machineId)
        : undefined;
    if (message === undefined) {
      this.#reportUnmatched(row, machineId, key, messageName(row));
      return this.#tracker.local(machineId, row.clock);
    }
    if (this.#fails(row.msgClock === message.clock)) {
      this.#unequal(
        'receiveRule',
        where,
        row.msgClock,
        message.clock,
        `message ${messageName(row)} carries the clock it was sent with (${formatLocated(message)})`,
        'msg_clock',
      );
    }
    if (this.#fails(message.timeUs <= row.timeUs + this.#options.timeToleranceUs)) {
      this.#failed('receiveRule', where, [
        `message ${messageName(row)} was sent (${formatLocated(message)}) no later than it was received`,
        `time_ms >= ${message.timeUs / 1000}`,
        String(row.timeUs / 1000),
      ]);
    }
    if (this.#options.fifo) this.#checkFifo(row, machineId);
    this.#open.take(row.msgSender, row.msgSeq, machineId);
    this.#rememberCompleted(key * this.#options.machineCount + machineId, row.line);
    const height = this.#tracker.receive(machineId, row.clock, row.msgSender, row.msgSeq);
    this.#checkSendBeforeReceive(row, machineId);
    return height;
  }

  #reportUnmatched(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
    key: number,
    id: string,
  ): void {
    const firstLine = this.#completedLine(key * this.#options.machineCount + machineId);
    const senderSeq = this.#machines[row.msgSender]?.seq ?? 0;
    if (firstLine >= 0) {
      // Both receipts are rows of this machine's log.
      this.report(
        'conservation',
        row,
        `message ${id} is received twice`,
        'each message received at most once',
        `already received at ${formatLocated({ file: row.file, line: firstLine })}`,
      );
    } else if (senderSeq >= row.msgSeq) {
      this.report(
        'conservation',
        row,
        `message ${id} was not sent to machine ${machineId} (or was already received)`,
        `a message sent to machine ${machineId}`,
        `${id} is not open for machine ${machineId}`,
      );
    } else {
      this.report(
        'receiveRule',
        row,
        `message ${id} was never sent`,
        `a send ${id} in machine-${row.msgSender}.csv`,
        'no such send',
      );
    }
  }

  /** Rule 6 for message edges: key(send) < key(receive), i.e. L(send) < L(receive) or a tie won by id. */
  #checkSendBeforeReceive(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
  ): void {
    const ordered =
      row.msgClock < row.clock || (row.msgClock === row.clock && row.msgSender < machineId);
    if (this.#fails(ordered)) {
      this.#failed('totalOrder', row, [
        'a receive comes after its send in the (L, machine id) order',
        `(L, id) after (${row.msgClock}, ${row.msgSender})`,
        `(${row.clock}, ${machineId})`,
      ]);
    }
  }

  #checkFifo(row: Extract<ParsedLogRow, { kind: 'receive' }>, machineId: number): void {
    const channel = row.msgSender * this.#options.machineCount + machineId;
    const previous = this.#channelSeq.get(channel) ?? 0;
    if (this.#fails(row.msgSeq > previous)) {
      this.#failed('fifo', row, [
        `channel ${row.msgSender}->${machineId} delivers in send order`,
        `a message sent after ${row.msgSender}-${previous}`,
        `${row.msgSender}-${row.msgSeq}`,
      ]);
    }
    if (row.msgSeq > previous) this.#channelSeq.set(channel, row.msgSeq);
  }

  #checkHeight(row: ParsedLogRow, machine: MachineState, height: number): void {
    this.checks += 1;
    if (row.clock === height) return;
    machine.heightMismatches += 1;
    this.#count('clockCondition');
    if (machine.heightMismatchListed) return;
    machine.heightMismatchListed = true;
    this.#violation(
      {
        rule: 'clockCondition',
        where: formatLocated(row),
        message:
          'L(e) equals the length of the longest causal chain ending at e (later mismatches on this machine are counted, not listed)',
        expected: String(height),
        found: String(row.clock),
      },
      false,
    );
  }

  #rememberCompleted(receiptKey: number, line: number): void {
    const slot = receiptKey % completedSlots;
    this.#completedKeys[slot] = receiptKey;
    this.#completedLines[slot] = line;
  }

  /** The log line of a remembered receipt, or -1. */
  #completedLine(receiptKey: number): number {
    const slot = receiptKey % completedSlots;
    return this.#completedKeys[slot] === receiptKey ? (this.#completedLines[slot] as number) : -1;
  }

  /**
   * Counts one check; true when it fails. A caller describes a violation only inside its
   * `if`: no string, and no closure to make one later, is built for a check that holds (a
   * closure per check was a third of the checker's time on a long run).
   */
  #fails(holds: boolean): boolean {
    this.checks += 1;
    return !holds;
  }

  /** A number that should have been another: `column expected` vs what was found. */
  #unequal(
    rule: RuleId,
    where: Located,
    found: number,
    expected: number,
    message: string,
    column: string,
  ): void {
    this.#violation({
      rule,
      where: formatLocated(where),
      message,
      expected: `${column} ${expected}`,
      found: String(found),
    });
  }

  #failed(
    rule: RuleId,
    where: Located,
    [message, expected, found]: [string, string, string],
  ): void {
    this.#violation({ rule, where: formatLocated(where), message, expected, found });
  }

  #count(rule: RuleId): void {
    this.violationCounts.set(rule, (this.violationCounts.get(rule) ?? 0) + 1);
  }

  #violation(violation: Violation, count = true): void {
    if (count) this.#count(violation.rule);
    if (this.violations.length < this.#options.maxErrors) this.violations.push(violation);
  }
}

/**
 * A receive's message as its msg_id reads, `<sender>-<seq>`: made only for a message that names
 * it: a string per receive was made for nothing on every receive that checks out.
 */
function messageName(row: Extract<ParsedLogRow, { kind: 'receive' }>): string {
  return `${row.msgSender}-${row.msgSeq}`;
}

/** Lists this long are checked for repeats by a set, shorter ones pair by pair. */
const pairwiseMax = 16;

/**
 * The distinct ids of other machines of the run among `ids`, in order: `ids` itself when they
 * all are (every valid send; no copy, no set, for the one or two peers of a usual send).
 */
function distinctPeers(
  ids: readonly number[],
  machineId: number,
  machineCount: number,
): readonly number[] {
  let valid = true;
  for (let index = 0; valid && index < ids.length; index += 1) {
    const id = ids[index] as number;
    valid = id !== machineId && id < machineCount;
    for (let before = 0; valid && ids.length <= pairwiseMax && before < index; before += 1) {
      valid = ids[before] !== id;
    }
  }
  if (valid && (ids.length <= pairwiseMax || new Set(ids).size === ids.length)) return ids;
  return [...new Set(ids)].filter((id) => id !== machineId && id < machineCount);
}
