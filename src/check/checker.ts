/**
 * The rule engine: an observer fed a run's rows in causal order (a send before its receives),
 * machine by machine in log order. It keeps only what is still open (messages sent and not yet
 * received, one state per machine and per channel), so a run of any length checks in memory
 * proportional to its queues. It never reads files; check-run.ts does.
 */
import { assert, assertNever, type CausalityStats, CausalityTracker } from '../../core/index.js';
import { TickSchedule } from '../../core/tick-schedule.js';
import type { FaultConfig } from '../../transports/fault-config.js';
import { formatLocated, type Located, type ParsedLogRow } from '../logs/log-row.js';
import type { FaultRules } from './fault-rules.js';
import { FaultTickSchedule } from './fault-schedule.js';
import { OpenMessages } from './open-messages.js';
import { ReceiptCache } from './receipt-cache.js';
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
  /** A run with faults: its list, the rules it adds, and whether `fifo` was set. */
  readonly faults?: FaultOptions | null;
  /**
   * An imported run: a receive of msg id `<sender>-0` is one the import matched to no send
   * (seq counts from 1), reported as a receive of a message no one sent.
   */
  readonly imported?: boolean;
}

export interface FaultOptions {
  readonly list: readonly FaultConfig[];
  readonly rules: FaultRules;
  /** The scenario's fifo option: FIFO broken by a fault is then a violation, not a consequence. */
  readonly fifoOption: boolean;
  /** The end of the run (its scenario's duration): no row is due after it. */
  readonly endUs: number;
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
  /** A fault-free run's plain ticks, or the schedule its fault list makes. */
  readonly schedule: TickSchedule | FaultTickSchedule | null;
}

export class RunChecker {
  readonly #options: CheckerOptions;
  readonly #machines: MachineState[];
  readonly #open: OpenMessages;
  /** Completed receipts, to name the first of a duplicate. */
  readonly #completed = new ReceiptCache();
  readonly #channelSeq = new Map<number, number>();
  readonly #tracker: CausalityTracker;
  /** Null for a fault-free run: then nothing below asks about faults beyond this null. */
  readonly #faults: FaultRules | null;
  readonly #fifoOption: boolean;
  readonly violations: Violation[] = [];
  readonly violationCounts = new Map<RuleId, number>();
  checks = 0;
  events = 0;
  copiesSent = 0;
  received = 0;

  constructor(options: CheckerOptions) {
    assert(options.machineCount >= 1, 'a run has machines');
    this.#options = options;
    const faults = options.faults ?? null;
    this.#faults = faults?.rules ?? null;
    this.#fifoOption = faults?.fifoOption ?? false;
    this.#tracker = new CausalityTracker(options.machineCount, {
      restarts: faults?.list.some((fault) => fault.kind === 'restart') === true,
    });
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
      schedule: scheduleOf(options, id, faults),
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
    const faults = this.#faults;
    if (faults !== null) {
      faults.checkAlive(row, machineId, row.kind === 'restart');
      if (row.kind === 'restart') {
        this.#acceptRestart(row, machineId, machine, faults);
        return;
      }
    }
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
        // Only a run with faults may restart a machine (its restart rows go above).
        this.report(
          'crashSilence',
          row,
          `a restart row where the fault list restarts machine ${machineId}`,
          'no restart row: the run has no faults (manifest: no scenario.faults)',
          `a restart row at time_ms ${row.timeUs / 1000}`,
        );
        height = this.#tracker.local(machineId, row.clock);
        break;
      default:
        assertNever(row, 'row');
    }
    if (faults !== null) faults.settle(machineId, row.clock === height, row.kind === 'receive');
    this.#checkHeight(row, machine, height, machineId);
    machine.seq = row.seq;
    machine.clock = row.clock;
    machine.timeUs = row.timeUs;
    machine.height = height;
  }

  /**
   * A restart row (a run with faults): seq goes on, time does not go back, it is at its time in
   * the schedule; its clock is its rule's (the fault rules judge it, and a reset going down is a
   * consequence, not a violation). It is a point on the machine's causal line, as the run's own
   * causality statistics place it.
   */
  #acceptRestart(
    row: Extract<ParsedLogRow, { kind: 'restart' }>,
    machineId: number,
    machine: MachineState,
    faults: FaultRules,
  ): void {
    this.#checkMachineAndSeq(
      row,
      machineId,
      machine,
      'seq counts 1, 2, 3 ... with no gap (a restart row included)',
    );
    if (this.#fails(row.timeUs >= machine.timeUs)) {
      this.#failed('machineOrder', row, [
        'time never goes backwards',
        `time_ms >= ${machine.timeUs / 1000}`,
        String(row.timeUs / 1000),
      ]);
    }
    if (machine.schedule !== null) this.#checkTick(row, machine, machineId);
    faults.acceptRestart(row, machineId, machine.clock);
    const height = this.#tracker.local(machineId, row.clock);
    faults.settle(machineId, row.clock === height, false);
    this.#checkHeight(row, machine, height, machineId);
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

  /** The row names its file's machine, and its seq follows the previous row's. */
  #checkMachineAndSeq(
    row: ParsedLogRow,
    machineId: number,
    machine: MachineState,
    seqRule: string,
  ): void {
    if (this.#fails(row.machine === machineId)) {
      this.#unequal(
        'machineOrder',
        row,
        row.machine,
        machineId,
        "the machine column names the file's machine",
        'machine',
      );
    }
    if (this.#fails(row.seq === machine.seq + 1)) {
      this.#unequal('machineOrder', row, row.seq, machine.seq + 1, seqRule, 'seq');
    }
  }

  #checkMachineOrder(row: ParsedLogRow, machineId: number, machine: MachineState): void {
    const where = row;
    this.#checkMachineAndSeq(row, machineId, machine, 'seq counts 1, 2, 3 ... with no gap');
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
    if (this.#faults !== null) {
      this.#violation(
        {
          rule: 'manifest',
          where: formatLocated(row),
          message: `row ${row.seq} is at its time in the schedule of machine ${machineId}'s rate (scenario.rates[${machineId}] ${(this.#options.ratesMilliHz?.[machineId] ?? 0) / 1000} Hz) and the fault list (scenario.faults: crash, restart, pause, rate): one row per tick, none skipped or extra (later rows off their time are counted, not listed)`,
          expected: Number.isFinite(tickUs)
            ? `time_ms ${tickUs / 1000}`
            : 'no row: none is due before the run ends',
          found: String(row.timeUs / 1000),
        },
        false,
      );
      return;
    }
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
    const faults = this.#faults;
    if (faults === null && this.#fails(row.msgClock === row.clock)) this.#sendClockDiffers(row);
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
    if (faults !== null) {
      // corrupt-clock makes msg_clock differ, as faults.csv must record for every copy.
      const corrupted = faults.acceptSend(row, machineId, sendSeq, receivers);
      if (this.#fails(row.msgClock === row.clock || corrupted)) this.#sendClockDiffers(row);
    }
    this.copiesSent += receivers.length;
    // A send out of order (already reported under rule 1) cannot be tracked as a message.
    const inOrder = sendSeq > machine.lastSendSeq;
    // With faults, a copy faults.csv drops is not waited for: held open, it would keep every
    // later send of its sender in the ring (and its vector) to the end of the run.
    const waited =
      faults === null || !inOrder ? receivers : faults.keptReceivers(machineId, sendSeq, receivers);
    if (waited.length === 0 || !inOrder) return this.#tracker.local(machineId, row.clock);
    machine.lastSendSeq = sendSeq;
    // The clock the copies carry: the send's, unless a TCP run's router rewrote it.
    const carried =
      faults === null ? row.msgClock : faults.carriedClock(machineId, sendSeq, row.msgClock);
    this.#open.open(machineId, sendSeq, carried, row.timeUs, row.file, row.line, waited);
    return this.#tracker.send(machineId, row.clock, sendSeq, waited.length);
  }

  #sendClockDiffers(row: Extract<ParsedLogRow, { kind: 'send' }>): void {
    this.#unequal(
      'machineOrder',
      row,
      row.msgClock,
      row.clock,
      "a send's msg_clock equals its logical_clock (the clock after the increment)",
      'msg_clock',
    );
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
    if (message === undefined) return this.#acceptUnmatched(row, machineId, key);
    if (this.#faults !== null) {
      this.#faults.acceptReceive(row, machineId, row.msgSender, row.msgSeq, message.timeUs);
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
    if (this.#options.fifo) this.#checkFifo(row, machineId, false);
    this.#open.take(row.msgSender, row.msgSeq, machineId);
    // Every copy received: what the fault rules kept of the message can go (its duplicates keep theirs).
    if (this.#faults !== null && !this.#open.isOpen(row.msgSender, row.msgSeq)) {
      this.#faults.messageClosed(row.msgSender, row.msgSeq);
    }
    this.#rememberCompleted(key * this.#options.machineCount + machineId, row.line);
    const height = this.#tracker.receive(machineId, row.clock, row.msgSender, row.msgSeq);
    this.#checkSendBeforeReceive(row, machineId);
    return height;
  }

  /**
   * A receive of no open copy: with faults, a duplicated copy's second receive or a dropped copy
   * received all the same (faultEvidence names the drop's row); otherwise a violation.
   */
  #acceptUnmatched(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
    key: number,
  ): number {
    const faults = this.#faults;
    const explained =
      faults !== null &&
      (this.#acceptDuplicate(row, machineId, faults) ||
        faults.receivedDropped(row, machineId, row.msgSender, row.msgSeq));
    if (!explained) this.#reportUnmatched(row, machineId, key, messageName(row));
    return this.#tracker.local(machineId, row.clock);
  }

  /**
   * A second receive of a copy faults.csv duplicated: it carries the clock it was sent with and
   * is not received before it was sent; FIFO sees it again (the same seq is no break). Its edge
   * to the send is already in the causal order, so it is a local event there.
   */
  #acceptDuplicate(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
    faults: FaultRules,
  ): boolean {
    if (row.msgSender >= this.#options.machineCount) return false;
    const send = faults.duplicateOf(row.msgSender, row.msgSeq, machineId);
    if (send === null) return false;
    if (this.#fails(row.msgClock === send.msgClock)) {
      this.#unequal(
        'receiveRule',
        row,
        row.msgClock,
        send.msgClock,
        `message ${messageName(row)} (a duplicated copy) carries the clock it was sent with (${send.sendWhere})`,
        'msg_clock',
      );
    }
    if (this.#fails(send.sendTimeUs <= row.timeUs)) {
      this.#failed('receiveRule', row, [
        `message ${messageName(row)} (a duplicated copy) was sent (${send.sendWhere}) no later than it was received`,
        `time_ms >= ${send.sendTimeUs / 1000}`,
        String(row.timeUs / 1000),
      ]);
    }
    faults.acceptReceive(row, machineId, row.msgSender, row.msgSeq, send.sendTimeUs);
    if (this.#options.fifo) this.#checkFifo(row, machineId, true);
    return true;
  }

  #reportUnmatched(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
    key: number,
    id: string,
  ): void {
    const firstLine = this.#completedLine(key * this.#options.machineCount + machineId);
    const senderSeq = this.#machines[row.msgSender]?.seq ?? 0;
    if (this.#options.imported === true && row.msgSeq === 0) {
      this.report(
        'receiveRule',
        row,
        'received a message no one sent: no send in the logs fits this receive (import-findings.csv)',
        'a send of another machine, to this one, not yet received, with a compatible clock',
        'none',
      );
    } else if (firstLine >= 0) {
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

  /** `again`: a duplicated copy's second receive, which may repeat the channel's last seq. */
  #checkFifo(
    row: Extract<ParsedLogRow, { kind: 'receive' }>,
    machineId: number,
    again: boolean,
  ): void {
    const channel = row.msgSender * this.#options.machineCount + machineId;
    const previous = this.#channelSeq.get(channel) ?? 0;
    if (this.#fails(row.msgSeq > previous || (again && row.msgSeq === previous))) {
      const faults = this.#faults;
      const cause =
        faults === null || this.#fifoOption
          ? -1
          : faults.fifoCause(row.msgSender, row.msgSeq, machineId, previous);
      if (faults !== null && cause >= 0) {
        faults.fifoBroken(row, cause, `${row.msgSender}->${machineId}`);
        return;
      }
      this.#failed('fifo', row, [
        `channel ${row.msgSender}->${machineId} delivers in send order`,
        `a message sent after ${row.msgSender}-${previous}`,
        `${row.msgSender}-${row.msgSeq}`,
      ]);
    }
    if (row.msgSeq > previous) this.#channelSeq.set(channel, row.msgSeq);
  }

  #checkHeight(row: ParsedLogRow, machine: MachineState, height: number, machineId: number): void {
    this.checks += 1;
    if (row.clock === height) return;
    const faults = this.#faults;
    if (faults?.explainOffChain(row, machineId, row.clock, height) === true) return;
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
    this.#completed.remember(receiptKey, line);
  }

  /** The log line of a remembered receipt, or -1. */
  #completedLine(receiptKey: number): number {
    return this.#completed.lineOf(receiptKey);
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

/** A machine's tick schedule: none (TCP), its rate's plain ticks, or the fault list's. */
function scheduleOf(
  options: CheckerOptions,
  id: number,
  faults: FaultOptions | null,
): TickSchedule | FaultTickSchedule | null {
  if (options.ratesMilliHz === null) return null;
  const rateMilliHz = options.ratesMilliHz[id] as number;
  if (faults === null) return new TickSchedule(rateMilliHz);
  return new FaultTickSchedule(rateMilliHz, faults.list, id, faults.endUs);
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
