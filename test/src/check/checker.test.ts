/**
 * Goal: the rule engine, in this process and row by row: a correct exchange passes with nothing
 * reported, and each broken row breaks the rule it should, named with its place, what was
 * expected and what was found (the CLI tests see the same verdicts, but through dist/, where a
 * planted bug in checker.ts never reaches them).
 * Method: a small log builder writes correct rows (seq counting up, Lamport's rules, one tick
 * per millisecond) for a few machines; a case overrides one field of one row and feeds the rows
 * to a RunChecker directly.
 */
import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../../core/index.js';
import { type CheckerOptions, RunChecker } from '../../../src/check/checker.js';
import type { Violation } from '../../../src/check/rules.js';
import type { ParsedLogRow } from '../../../src/logs/log-row.js';

type Row<K extends ParsedLogRow['kind']> = Extract<ParsedLogRow, { kind: K }>;
type Override<K extends ParsedLogRow['kind']> = Partial<Omit<Row<K>, 'kind'>>;

/** A tick every millisecond (for the tick checks, whose rows give their times). */
const rateMilliHz = 1_000_000;
const fileOf = (machine: number) => `machine-${machine}.csv`;

/**
 * Writes the logs of a run as its machines would, one row at a time, and feeds each row to the
 * checker as soon as it is written (the tests write rows in causal order, the n-th row of the
 * run at n ms). A machine's next row follows on from the row written, broken or not, as the
 * checker reads it.
 */
class Logs {
  readonly checker: RunChecker;
  readonly #clocks: number[];
  readonly #seqs: number[];
  #rows = 0;

  constructor(machineCount: number, options: Partial<CheckerOptions> = {}) {
    this.checker = new RunChecker({
      machineCount,
      fifo: true,
      ratesMilliHz: null,
      maxErrors: 100,
      timeToleranceUs: 0,
      ...options,
    });
    this.#clocks = new Array<number>(machineCount).fill(0);
    this.#seqs = new Array<number>(machineCount).fill(0);
  }

  internal(machine: number, override: Override<'internal'> = {}): Row<'internal'> {
    const seq = (this.#seqs[machine] as number) + 1;
    return this.#feed(machine, {
      kind: 'internal',
      ...this.#base(machine, seq, (this.#clocks[machine] as number) + 1),
      ...override,
    });
  }

  send(machine: number, to: readonly number[], override: Override<'send'> = {}): Row<'send'> {
    const seq = (this.#seqs[machine] as number) + 1;
    const clock = (this.#clocks[machine] as number) + 1;
    return this.#feed(machine, {
      kind: 'send',
      ...this.#base(machine, seq, clock),
      receiverIds: to,
      msgSender: machine,
      msgSeq: seq,
      msgClock: clock,
      ...override,
    });
  }

  /** A receive of `sent` (its message clock as sent unless overridden). */
  receive(machine: number, sent: Row<'send'>, override: Override<'receive'> = {}): Row<'receive'> {
    const seq = (this.#seqs[machine] as number) + 1;
    const clock = Math.max(this.#clocks[machine] as number, sent.msgClock) + 1;
    return this.#feed(machine, {
      kind: 'receive',
      ...this.#base(machine, seq, clock),
      peer: sent.msgSender,
      msgSender: sent.msgSender,
      msgSeq: sent.msgSeq,
      msgClock: sent.msgClock,
      ...override,
    });
  }

  #base(machine: number, seq: number, clock: number) {
    this.#rows += 1;
    return {
      machine,
      seq,
      timeUs: this.#rows * 1000,
      clock,
      queueLength: 0,
      file: fileOf(machine),
      line: seq + 1,
    };
  }

  #feed<R extends ParsedLogRow>(machine: number, row: R): R {
    this.checker.accept(row, machine);
    this.#seqs[machine] = row.seq;
    this.#clocks[machine] = row.clock;
    return row;
  }

  get violations(): readonly Violation[] {
    return this.checker.violations;
  }

  counts(): Record<string, number> {
    return Object.fromEntries(this.checker.violationCounts);
  }
}

/** Machine 0 sends to 1 and 2, both receive; 1 answers 0; 2 has an internal event. */
function correctExchange(logs: Logs): void {
  const broadcast = logs.send(0, [1, 2]);
  logs.internal(2);
  logs.receive(1, broadcast);
  const answer = logs.send(1, [0]);
  logs.receive(2, broadcast);
  logs.receive(0, answer);
}

describe('RunChecker on correct rows', () => {
  it('reports nothing, counts what it saw and leaves nothing open', () => {
    const logs = new Logs(3);
    correctExchange(logs);
    expect(logs.violations).toEqual([]);
    expect(logs.counts()).toEqual({});
    expect(logs.checker.events).toBe(6);
    expect(logs.checker.copiesSent).toBe(3);
    expect(logs.checker.received).toBe(3);
    expect(logs.checker.unreceivedByMachine()).toEqual([0, 0, 0]);
    expect(logs.checker.heldMessages()).toBe(0);
    expect(logs.checker.seqOf(0)).toBe(2);
    expect(logs.checker.seqOf(2)).toBe(2);
    // Every row passes several checks; the figure is what `check --stats` prints.
    expect(logs.checker.checks).toBeGreaterThan(6 * 5);
    expect(logs.checker.causality()).toMatchObject({ events: 6, longestChain: 4 });
  });

  it('keys a message by (seq, sender): distinct for every message of the run', () => {
    const checker = new Logs(3).checker;
    expect(checker.messageKey(2, 5)).toBe(5 * 3 + 2);
    expect(checker.messageKey(0, 6)).not.toBe(checker.messageKey(2, 5));
  });

  it('lists the messages still open, per addressee, oldest first', () => {
    const logs = new Logs(3);
    const first = logs.send(0, [1, 2]);
    logs.send(0, [2]);
    logs.receive(1, first);
    expect(logs.violations).toEqual([]);
    expect(logs.checker.unreceivedByMachine()).toEqual([0, 0, 2]);
    expect(logs.checker.unreceivedIds(2, 5)).toEqual(['0-1', '0-2']);
    expect(logs.checker.unreceivedIds(2, 1)).toEqual(['0-1']);
    expect(logs.checker.unreceivedIds(1, 5)).toEqual([]);
    expect(logs.checker.heldMessages()).toBe(2);
  });
});

describe('RunChecker.mustWait', () => {
  it('holds back a receive until its sender has logged the send', () => {
    const logs = new Logs(2);
    const early: Row<'receive'> = {
      kind: 'receive',
      machine: 1,
      seq: 1,
      timeUs: 1000,
      clock: 2,
      queueLength: 0,
      file: fileOf(1),
      line: 2,
      peer: 0,
      msgSender: 0,
      msgSeq: 1,
      msgClock: 1,
    };
    expect(logs.checker.mustWait(early)).toBe(true);
    const sent = logs.send(0, [1]);
    expect(logs.checker.mustWait(early)).toBe(false);
    // Sent and already taken: the sender has logged past it, so waiting would never end.
    logs.receive(1, sent);
    expect(logs.checker.mustWait(early)).toBe(false);
    expect(logs.checker.mustWait({ ...early, msgSeq: 9 })).toBe(true);
    // Only receives wait, and a sender outside the run never logs anything.
    expect(logs.checker.mustWait({ ...logs.internal(0), seq: 9 })).toBe(false);
    expect(logs.checker.mustWait({ ...early, msgSender: 7 })).toBe(false);
  });
});

describe('RunChecker, rule 1 (machine order)', () => {
  it('names an internal event that does not add exactly 1', () => {
    const logs = new Logs(2);
    logs.internal(0);
    logs.internal(0, { clock: 4 });
    expect(logs.violations).toEqual([
      {
        rule: 'machineOrder',
        where: 'machine-0.csv:3',
        message: 'an internal event adds exactly 1 to the clock',
        expected: 'logical_clock 2',
        found: '4',
      },
      expect.objectContaining({ rule: 'clockCondition', expected: '2', found: '4' }),
    ]);
    expect(logs.counts()).toEqual({ machineOrder: 1, clockCondition: 1 });
  });

  it('names a row in the wrong file, a gap in seq, a clock that does not rise and time going back', () => {
    const logs = new Logs(2);
    logs.internal(0);
    logs.internal(0, { machine: 1 });
    logs.internal(0, { seq: 5 });
    logs.internal(0, { clock: 3, timeUs: 100 });
    const rules = logs.violations.map(({ rule, where, expected, found }) => ({
      rule,
      where,
      expected,
      found,
    }));
    expect(rules).toEqual([
      { rule: 'machineOrder', where: 'machine-0.csv:3', expected: 'machine 0', found: '1' },
      { rule: 'machineOrder', where: 'machine-0.csv:4', expected: 'seq 3', found: '5' },
      {
        rule: 'machineOrder',
        where: 'machine-0.csv:7',
        expected: 'logical_clock > 3',
        found: '3',
      },
      {
        rule: 'totalOrder',
        where: 'machine-0.csv:7',
        expected: 'a key other than (3, 0)',
        found: '(3, 0) twice',
      },
      { rule: 'machineOrder', where: 'machine-0.csv:7', expected: 'time_ms >= 3', found: '0.1' },
      { rule: 'machineOrder', where: 'machine-0.csv:7', expected: 'logical_clock 4', found: '3' },
      { rule: 'clockCondition', where: 'machine-0.csv:7', expected: '4', found: '3' },
    ]);
    expect(logs.violations[0]?.message).toBe("the machine column names the file's machine");
    expect(logs.violations[1]?.message).toBe('seq counts 1, 2, 3 ... with no gap');
    expect(logs.violations[2]?.message).toBe('the clock strictly increases');
    expect(logs.violations[3]?.message).toBe('no two events share the key (L, machine id)');
    expect(logs.violations[4]?.message).toBe('time never goes backwards');
  });

  it('allows equal times on one machine (TCP rows share a millisecond)', () => {
    const logs = new Logs(2);
    logs.internal(0, { timeUs: 5000 });
    logs.internal(0, { timeUs: 5000 });
    expect(logs.violations).toEqual([]);
  });

  it("names a send that does not add 1, or whose msg_clock is not the send's clock", () => {
    const logs = new Logs(2);
    logs.send(0, [1], { clock: 3, msgClock: 3 });
    logs.send(0, [1], { msgClock: 2 });
    expect(logs.violations.filter(({ rule }) => rule === 'machineOrder')).toEqual([
      {
        rule: 'machineOrder',
        where: 'machine-0.csv:2',
        message: 'a send adds exactly 1 to the clock',
        expected: 'logical_clock 1',
        found: '3',
      },
      {
        rule: 'machineOrder',
        where: 'machine-0.csv:3',
        message: "a send's msg_clock equals its logical_clock (the clock after the increment)",
        expected: 'msg_clock 4',
        found: '2',
      },
    ]);
  });

  it('lists the first send whose msg_id is not <machine>-<seq>, and counts the rest', () => {
    const logs = new Logs(3);
    logs.send(0, [1], { msgSeq: 7 });
    logs.send(0, [1], { msgSender: 2 });
    logs.send(0, [1]);
    expect(logs.violations).toEqual([
      {
        rule: 'machineOrder',
        where: 'machine-0.csv:2',
        message:
          "a send's msg_id is <machine>-<seq> (later mismatches on this machine are counted, not listed)",
        expected: '0-1',
        found: '0-7',
      },
    ]);
    expect(logs.counts()).toEqual({ machineOrder: 2 });
    // The message is known by the id it carries (0-7), and ids must rise: 0-2 and 0-3 came
    // after 0-7, so they are not tracked (it was reported once).
    expect(logs.checker.unreceivedIds(1, 5)).toEqual(['0-7']);
  });

  it('does not track a send whose msg_id goes back: it was reported, and would clash', () => {
    const logs = new Logs(2);
    logs.send(0, [1], { msgSeq: 5 });
    logs.send(0, [1], { msgSeq: 4 });
    expect(logs.checker.unreceivedIds(1, 5)).toEqual(['0-5']);
    expect(logs.checker.copiesSent).toBe(2);
  });
});

describe('RunChecker, rule 2 (receives)', () => {
  it('names a receive without the max or without the +1', () => {
    const logs = new Logs(2);
    logs.internal(1);
    for (let i = 0; i < 4; i += 1) logs.internal(0);
    const sent = logs.send(0, [1]);
    // max(1, 5) + 1 = 6; a receive that takes its own clock + 1 logs 2.
    logs.receive(1, sent, { clock: 2 });
    expect(logs.violations[0]).toEqual({
      rule: 'receiveRule',
      where: 'machine-1.csv:3',
      message: 'a receive sets the clock to max(previous 1, msg_clock 5) + 1',
      expected: 'logical_clock 6',
      found: '2',
    });
    const noIncrement = new Logs(2);
    const answer = noIncrement.send(0, [1]);
    noIncrement.receive(1, answer, { clock: 1 });
    expect(noIncrement.violations[0]).toMatchObject({
      rule: 'receiveRule',
      expected: 'logical_clock 2',
      found: '1',
    });
  });

  it("names a receive whose peer is not the message's sender", () => {
    const logs = new Logs(3);
    const sent = logs.send(0, [1]);
    logs.receive(1, sent, { peer: 2 });
    expect(logs.violations).toEqual([
      {
        rule: 'receiveRule',
        where: 'machine-1.csv:2',
        message: "a receive names the message's sender in peers",
        expected: 'peers 0',
        found: '2',
      },
    ]);
  });

  it('names a receive whose msg_clock is not the one sent', () => {
    const logs = new Logs(2);
    logs.internal(0);
    const sent = logs.send(0, [1]);
    logs.receive(1, sent, { msgClock: 1, clock: 2 });
    expect(logs.violations[0]).toEqual({
      rule: 'receiveRule',
      where: 'machine-1.csv:2',
      message: 'message 0-2 carries the clock it was sent with (machine-0.csv:3)',
      expected: 'msg_clock 2',
      found: '1',
    });
  });

  it('names a message received before it was sent, within the tolerance only when it exceeds it', () => {
    const early = (toleranceUs: number) => {
      const logs = new Logs(2, { timeToleranceUs: toleranceUs });
      logs.internal(0);
      logs.internal(0);
      const sent = logs.send(0, [1]); // at 3 ms
      logs.receive(1, sent, { timeUs: 1000 });
      return logs.violations;
    };
    expect(early(0)).toEqual([
      {
        rule: 'receiveRule',
        where: 'machine-1.csv:2',
        message: 'message 0-3 was sent (machine-0.csv:4) no later than it was received',
        expected: 'time_ms >= 3',
        found: '1',
      },
    ]);
    expect(early(1999)).toHaveLength(1);
    expect(early(2000)).toEqual([]);
  });

  it('names a message that was never sent', () => {
    const logs = new Logs(2);
    logs.internal(0);
    const ghost: Row<'send'> = { ...logs.send(0, [1]), msgSeq: 9, msgClock: 2 };
    logs.receive(1, ghost);
    // (The receive is then taken as a local event: its clock is not its height either.)
    expect(logs.counts()).toEqual({ receiveRule: 1, clockCondition: 1 });
    expect(logs.violations.slice(0, 1)).toEqual([
      {
        rule: 'receiveRule',
        where: 'machine-1.csv:2',
        message: 'message 0-9 was never sent',
        expected: 'a send 0-9 in machine-0.csv',
        found: 'no such send',
      },
    ]);
  });

  it('names a message from a sender outside the run as never sent', () => {
    const logs = new Logs(2);
    const sent = logs.send(0, [1]);
    // Sender 3 of a 2-machine run: its key would be message 1-2's, which is not open either.
    logs.receive(1, { ...sent, msgSender: 3 }, { peer: 3 });
    expect(logs.violations.slice(0, 1)).toEqual([
      expect.objectContaining({ rule: 'receiveRule', message: 'message 3-1 was never sent' }),
    ]);
    expect(logs.checker.unreceivedIds(1, 5)).toEqual(['0-1']);
  });
});

describe('RunChecker, rule 3 (conservation)', () => {
  it('names a message received by a machine it was not sent to', () => {
    const logs = new Logs(3);
    const sent = logs.send(0, [1]);
    logs.receive(2, sent);
    expect(logs.violations.slice(0, 1)).toEqual([
      {
        rule: 'conservation',
        where: 'machine-2.csv:2',
        message: 'message 0-1 was not sent to machine 2 (or was already received)',
        expected: 'a message sent to machine 2',
        found: '0-1 is not open for machine 2',
      },
    ]);
    // The copy for machine 1 is still owed.
    expect(logs.checker.unreceivedByMachine()).toEqual([0, 1, 0]);
  });

  it('names the second receipt of a message, with the line of the first', () => {
    const logs = new Logs(2);
    const sent = logs.send(0, [1]);
    logs.receive(1, sent);
    logs.receive(1, sent);
    expect(logs.violations).toEqual([
      {
        rule: 'conservation',
        where: 'machine-1.csv:3',
        message: 'message 0-1 is received twice',
        expected: 'each message received at most once',
        found: 'already received at machine-1.csv:2',
      },
    ]);
  });

  it('names a send to itself, to a machine outside the run, or to one machine twice', () => {
    const logs = new Logs(3);
    logs.send(0, [0, 1]);
    logs.send(0, [1, 5]);
    logs.send(0, [2, 2]);
    expect(logs.violations).toEqual(
      ['0;1', '1;5', '2;2'].map((found, index) => ({
        rule: 'conservation',
        where: `machine-0.csv:${index + 2}`,
        message: 'a send names distinct other machines of the run',
        expected: 'peers among the other machines',
        found,
      })),
    );
    // What remains are the valid addressees, once each.
    expect(logs.checker.copiesSent).toBe(3);
    expect(logs.checker.unreceivedByMachine()).toEqual([0, 2, 1]);
  });

  it('finds a repeated addressee in a broadcast among many machines', () => {
    const machineCount = 20;
    const logs = new Logs(machineCount);
    const others = Array.from({ length: machineCount - 1 }, (_, i) => i + 1);
    logs.send(0, others);
    expect(logs.violations).toEqual([]);
    logs.send(0, [...others, 7]);
    logs.send(0, [...others.slice(1), 0]);
    expect(logs.violations.map(({ found }) => found.split(';').length)).toEqual([20, 19]);
    expect(logs.checker.copiesSent).toBe(3 * 19 - 1);
  });

  it('counts the lost tail of a failed sender: copies after the last one received on the channel', () => {
    const logs = new Logs(3);
    const first = logs.send(0, [1]);
    logs.send(0, [1, 2]);
    logs.send(0, [1]);
    logs.receive(1, first);
    const failed = (id: number) => id === 0;
    expect(logs.checker.lostTailFromFailed(1, failed)).toBe(2);
    expect(logs.checker.lostTailFromFailed(2, failed)).toBe(1);
    expect(logs.checker.lostTailFromFailed(1, () => false)).toBe(0);
    const unordered = new Logs(3, { fifo: false });
    unordered.send(0, [1]);
    expect(unordered.checker.lostTailFromFailed(1, failed)).toBe(0);
  });

  it('does not count a copy before the last received one on the channel as a lost tail', () => {
    const logs = new Logs(2, { fifo: true });
    logs.send(0, [1]);
    const second = logs.send(0, [1]);
    logs.receive(1, second); // overtook 0-1: a FIFO violation, and 0-1 is not a tail
    expect(logs.checker.lostTailFromFailed(1, () => true)).toBe(0);
  });
});

describe('RunChecker, rule 4 (FIFO)', () => {
  it('names a message that overtook an earlier one on its channel, where FIFO was promised', () => {
    const swap = (fifo: boolean) => {
      const logs = new Logs(2, { fifo });
      const first = logs.send(0, [1]);
      const second = logs.send(0, [1]);
      logs.receive(1, second);
      logs.receive(1, first);
      return logs.violations;
    };
    expect(swap(true)).toEqual([
      {
        rule: 'fifo',
        where: 'machine-1.csv:3',
        message: 'channel 0->1 delivers in send order',
        expected: 'a message sent after 0-2',
        found: '0-1',
      },
    ]);
    expect(swap(false)).toEqual([]);
  });

  it('keeps the latest seq per channel: a later message after a swap is in order', () => {
    const logs = new Logs(3);
    const first = logs.send(0, [1, 2]);
    const second = logs.send(0, [1, 2]);
    const third = logs.send(0, [1]);
    logs.receive(1, second);
    logs.receive(1, first); // the violation
    logs.receive(1, third); // in order after 0-2
    logs.receive(2, first); // another channel: its own order
    logs.receive(2, second);
    expect(logs.counts()).toEqual({ fifo: 1 });
  });
});

describe('RunChecker, rule 5 (clock condition)', () => {
  it('lists the first event whose clock is not its causal height, and counts the rest', () => {
    const logs = new Logs(2);
    // Each internal event jumps by 2: rule 1 each time, and the height falls behind.
    logs.internal(0, { clock: 2 });
    logs.internal(0, { clock: 4 });
    logs.internal(1);
    const heights = logs.violations.filter(({ rule }) => rule === 'clockCondition');
    expect(heights).toEqual([
      {
        rule: 'clockCondition',
        where: 'machine-0.csv:2',
        message:
          'L(e) equals the length of the longest causal chain ending at e (later mismatches on this machine are counted, not listed)',
        expected: '1',
        found: '2',
      },
    ]);
    expect(logs.counts()).toMatchObject({ clockCondition: 2, machineOrder: 2 });
  });
});

describe('RunChecker, rule 6 (total order)', () => {
  it('names a receive that does not come after its send in (L, id) order', () => {
    const logs = new Logs(2);
    logs.internal(0);
    const sent = logs.send(0, [1]); // L = 2, machine 0
    logs.receive(1, sent, { clock: 2 }); // (2, 1) is after (2, 0): rule 2, not rule 6
    expect(logs.violations.map(({ rule }) => rule)).toEqual(['receiveRule', 'clockCondition']);
    const back = new Logs(2);
    back.internal(1);
    back.internal(1);
    const answer = back.send(1, [0]); // L = 3, machine 1
    back.receive(0, answer, { clock: 3 }); // (3, 0) is before (3, 1)
    expect(back.violations.find(({ rule }) => rule === 'totalOrder')).toEqual({
      rule: 'totalOrder',
      where: 'machine-0.csv:2',
      message: 'a receive comes after its send in the (L, machine id) order',
      expected: '(L, id) after (3, 1)',
      found: '(3, 0)',
    });
  });
});

describe('RunChecker, rule 0 (ticks of a virtual run)', () => {
  it('lists the first row off its tick, naming the rate, and counts the rest', () => {
    const logs = new Logs(2, { ratesMilliHz: [rateMilliHz, rateMilliHz] });
    logs.internal(0);
    logs.internal(0, { timeUs: 2500 });
    logs.internal(0, { timeUs: 3500 });
    logs.internal(1, { timeUs: 1000 });
    expect(logs.violations).toEqual([
      {
        rule: 'manifest',
        where: 'machine-0.csv:3',
        message:
          "row 2 is at tick 2 of the machine's rate (scenario.rates[0] 1000 Hz): one row per tick, none skipped or extra (later rows off their tick are counted, not listed)",
        expected: 'time_ms 2',
        found: '2.5',
      },
    ]);
    expect(logs.counts()).toEqual({ manifest: 2 });
  });

  it('names a completed run whose log stops before its last tick', () => {
    const run = (durationUs: number | null) => {
      const logs = new Logs(2, { ratesMilliHz: [rateMilliHz, rateMilliHz] });
      logs.internal(0);
      logs.internal(0);
      logs.checker.finishMachine(0, durationUs, 'machine-0.csv (end)');
      return logs.violations;
    };
    expect(run(2999)).toEqual([]);
    expect(run(null)).toEqual([]);
    expect(run(3000)).toEqual([
      {
        rule: 'manifest',
        where: 'machine-0.csv (end)',
        message: 'a tick the run should have made is missing',
        expected: 'the next tick at 3 ms after the last row',
        found: 'the run lasted 3 ms',
      },
    ]);
    // A TCP run has no schedule to check.
    const tcp = new Logs(2);
    tcp.internal(0);
    tcp.checker.finishMachine(0, 1_000_000, 'machine-0.csv (end)');
    expect(tcp.violations).toEqual([]);
  });
});

describe('RunChecker reports', () => {
  it('keeps at most maxErrors violations and counts them all', () => {
    const logs = new Logs(2, { maxErrors: 2 });
    for (let i = 0; i < 4; i += 1) logs.internal(0, { clock: 0 });
    // Each row: no +1 and no rise (rule 1), a repeated key (rule 6), clock 0 at height >= 1.
    expect(logs.violations).toHaveLength(2);
    expect(logs.counts()).toEqual({ machineOrder: 8, totalOrder: 4, clockCondition: 4 });
  });

  it('records a violation found outside the rows with expected before found', () => {
    const logs = new Logs(2);
    logs.checker.report('manifest', 'manifest.json', 'the events add up', '7', '6');
    logs.checker.report('conservation', { file: 'machine-1.csv', line: 9 }, 'lost', 'a', 'b');
    expect(logs.violations).toEqual([
      {
        rule: 'manifest',
        where: 'manifest.json',
        message: 'the events add up',
        expected: '7',
        found: '6',
      },
      {
        rule: 'conservation',
        where: 'machine-1.csv:9',
        message: 'lost',
        expected: 'a',
        found: 'b',
      },
    ]);
    expect(logs.counts()).toEqual({ manifest: 1, conservation: 1 });
  });
});

describe('RunChecker, edges the rules meet', () => {
  it('counts one check per rule a row is held to (the figure check --stats prints)', () => {
    const checksOf = (options: Partial<CheckerOptions>, write: (logs: Logs) => void) => {
      const logs = new Logs(2, options);
      const before = logs.checker.checks;
      write(logs);
      return logs.checker.checks - before;
    };
    // Machine order (5) and the clock condition (1) for every row, plus each kind's own.
    expect(checksOf({}, (logs) => logs.internal(0))).toBe(5 + 1 + 1);
    expect(checksOf({ ratesMilliHz: [rateMilliHz, rateMilliHz] }, (logs) => logs.internal(0))).toBe(
      5 + 1 + 1 + 1,
    );
    expect(checksOf({}, (logs) => logs.send(0, [1]))).toBe(5 + 1 + 4);
    const sent = new Logs(2);
    const message = sent.send(0, [1]);
    const before = sent.checker.checks;
    sent.receive(1, message);
    // Clock, peer, msg_clock, time, FIFO, (L, id) order.
    expect(sent.checker.checks - before).toBe(5 + 1 + 6);
    // finishMachine checks nothing without a schedule or a duration.
    const tcp = new Logs(2);
    tcp.internal(0);
    const ticked = new Logs(2, { ratesMilliHz: [rateMilliHz, rateMilliHz] });
    ticked.internal(0);
    const [tcpBefore, tickedBefore] = [tcp.checker.checks, ticked.checker.checks];
    tcp.checker.finishMachine(0, 5000, 'end');
    ticked.checker.finishMachine(0, null, 'end');
    expect([tcp.checker.checks, ticked.checker.checks]).toEqual([tcpBefore, tickedBefore]);
  });

  it('never holds back a send or an internal event', () => {
    const logs = new Logs(2);
    const unsent: Row<'send'> = {
      kind: 'send',
      machine: 0,
      seq: 1,
      timeUs: 1000,
      clock: 1,
      queueLength: 0,
      file: fileOf(0),
      line: 2,
      receiverIds: [1],
      msgSender: 0,
      msgSeq: 1,
      msgClock: 1,
    };
    expect(logs.checker.mustWait(unsent)).toBe(false);
  });

  it('lists unreceived messages by seq, whoever sent them', () => {
    const logs = new Logs(3);
    logs.internal(0);
    logs.send(0, [2]); // 0-2
    logs.send(1, [2]); // 1-1
    logs.send(1, [2]); // 1-2
    expect(logs.checker.unreceivedIds(2, 5)).toEqual(['1-1', '0-2', '1-2']);
  });

  it("tracks a send by its row's seq when its msg_id names another machine", () => {
    const logs = new Logs(3);
    logs.send(0, [1], { msgSender: 2, msgSeq: 9 });
    expect(logs.checker.unreceivedIds(1, 5)).toEqual(['0-1']);
  });

  it('does not track a second send with the same msg_id, nor a send to nobody', () => {
    const logs = new Logs(3);
    logs.send(0, [1], { msgSeq: 4 });
    logs.send(0, [2], { msgSeq: 4 });
    logs.send(0, [0]);
    expect(logs.checker.unreceivedIds(1, 5)).toEqual(['0-4']);
    expect(logs.checker.unreceivedIds(2, 5)).toEqual([]);
    expect(logs.counts()).toMatchObject({ conservation: 1 });
  });

  it('names addressees one past the last machine, on the fast path and the slow one', () => {
    const logs = new Logs(3);
    logs.send(0, [1, 3]);
    const many = new Logs(20);
    const others = Array.from({ length: 19 }, (_, i) => i + 1);
    many.send(0, [...others, 20]);
    expect([logs.violations[0]?.found, many.violations[0]?.found.endsWith(';20')]).toEqual([
      '1;3',
      true,
    ]);
    expect(logs.checker.unreceivedByMachine()).toEqual([0, 1, 0]);
    expect(many.checker.copiesSent).toBe(19);
  });

  it('takes a receive from the machine one past the last as never sent', () => {
    const logs = new Logs(2);
    const sent = logs.send(0, [1]);
    logs.receive(1, { ...sent, msgSender: 2 }, { peer: 2 });
    expect(logs.violations[0]?.message).toBe('message 2-1 was never sent');
  });

  it('names a receive logged below the clock its message carries, from a lower id', () => {
    const logs = new Logs(2);
    for (let i = 0; i < 4; i += 1) logs.internal(0);
    const sent = logs.send(0, [1]); // (5, 0)
    logs.receive(1, sent, { clock: 2 }); // (2, 1) comes before (5, 0)
    expect(logs.violations.find(({ rule }) => rule === 'totalOrder')).toMatchObject({
      expected: '(L, id) after (5, 0)',
      found: '(2, 1)',
    });
  });

  it('keeps the highest seq received per channel, so a late one is named each time', () => {
    const logs = new Logs(2);
    const first = logs.send(0, [1]);
    const second = logs.send(0, [1]);
    const third = logs.send(0, [1]);
    logs.receive(1, third);
    logs.receive(1, first);
    logs.receive(1, second);
    expect(logs.violations.filter(({ rule }) => rule === 'fifo').map(({ found }) => found)).toEqual(
      ['0-1', '0-2'],
    );
  });

  it('counts the lost tail per channel, for any sender', () => {
    const logs = new Logs(3);
    const first = logs.send(1, [2]);
    logs.send(1, [2]);
    logs.send(0, [2]);
    logs.receive(2, first);
    expect(logs.checker.lostTailFromFailed(2, (id) => id === 1)).toBe(1);
    expect(logs.checker.lostTailFromFailed(2, (id) => id === 0)).toBe(1);
  });

  it('refuses a run without machines as a programmer error', () => {
    expect(() => new Logs(0)).toThrow(InvariantError);
  });
});
