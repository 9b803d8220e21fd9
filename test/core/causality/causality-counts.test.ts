/**
 * Goal: the tracker's counts that brute force on short runs cannot reach: equal Lamport clocks
 * counted past the first 1024 values (the count ring drops dead values and grows when a machine
 * lags), the copies still open, and which messages are open.
 * Method: events fed by hand, so every expected figure is worked out in the test.
 */
import { describe, expect, it } from 'vitest';
import { CausalityTracker, InvariantError } from '../../../core/index.js';

/** Feeds `count` local events to `machine`, from clock `from` + 1 on. */
function locals(tracker: CausalityTracker, machine: number, from: number, count: number): void {
  for (let clock = from + 1; clock <= from + count; clock += 1) tracker.local(machine, clock);
}

describe('CausalityTracker equal-clock pairs', () => {
  it('counts one pair per shared value, far past 1024, when machines keep pace', () => {
    const tracker = new CausalityTracker(2);
    for (let clock = 1; clock <= 5000; clock += 1) {
      tracker.local(0, clock);
      tracker.local(1, clock);
    }
    expect(tracker.stats().equalClockPairs).toBe(5000);
    expect(tracker.stats().events).toBe(10_000);
  });

  it('keeps the counts a lagging machine can still repeat, growing the ring past its 1024', () => {
    const tracker = new CausalityTracker(3);
    // Machine 2 stays at clock 1 while machine 0 runs to 6000: no value above 1 may be dropped.
    tracker.local(2, 1);
    locals(tracker, 0, 0, 6000);
    // Machine 0 meets machine 2 at 1; machine 1 then repeats every value machine 0 had (6000
    // pairs) and meets machine 2 at 1 too.
    locals(tracker, 1, 0, 6000);
    expect(tracker.stats().equalClockPairs).toBe(1 + 6000 + 1);
  });

  it('counts triples at a value as three pairs, after the ring has moved on', () => {
    const tracker = new CausalityTracker(3);
    locals(tracker, 0, 0, 3000);
    locals(tracker, 1, 0, 3000);
    locals(tracker, 2, 0, 3000);
    // Every value 1..3000 is held by three machines: 3 pairs each.
    expect(tracker.stats().equalClockPairs).toBe(3 * 3000);
  });

  it('drops only values no machine can reach again: jumps of a receive are counted too', () => {
    const tracker = new CausalityTracker(2);
    locals(tracker, 0, 0, 2000);
    tracker.send(0, 2001, 2001, 1);
    // Machine 1 jumps from 0 to 2002 on the receive, then counts on with machine 0.
    tracker.receive(1, 2002, 0, 2001);
    locals(tracker, 0, 2001, 1500);
    locals(tracker, 1, 2002, 1499);
    // Shared values: 2002..3501, one pair each.
    expect(tracker.stats().equalClockPairs).toBe(1500);
  });

  it("counts no pair within one machine: a restart that keeps the clock repeats it there (issue 19's explore found it)", () => {
    const tracker = new CausalityTracker(2);
    locals(tracker, 0, 0, 3);
    // Machine 0 crashes and restarts with its clock persisted: its restart row has clock 3 again.
    tracker.local(0, 3);
    // Machine 1's only event, at 3, is concurrent with both of machine 0's events at 3.
    tracker.local(1, 3);
    const stats = tracker.stats();
    expect(stats.equalClockPairs).toBe(2);
    // 5 events, 10 pairs; ordered: machine 0's 4 events in a row (6 pairs); concurrent: 4.
    expect(stats.concurrentPairs).toBe(4);
    expect(stats.lamportOrderedConcurrentPairs).toBe(2);
  });

  it('counts no pair within one machine whose reset clock climbs through its old values again', () => {
    // Found by explore (seed 1, run 1613, shrunk): machine 1 at 1, reset to 0, then 1 and 2.
    const reset = (tracker: CausalityTracker): CausalityTracker => {
      for (const clock of [1, 0, 1, 2]) tracker.local(1, clock);
      tracker.local(0, 2);
      return tracker;
    };
    const stats = reset(new CausalityTracker(2, { restarts: true })).stats();
    // Machine 0's one event, at 2, is concurrent with all four of machine 1's, equal to the last.
    expect(stats.equalClockPairs).toBe(1);
    expect(stats.concurrentPairs).toBe(4);
    expect(stats.lamportOrderedConcurrentPairs).toBe(3);
    // Told nothing of restarts, the tracker cannot know machine 1 had a 1 before.
    expect(reset(new CausalityTracker(2)).stats().equalClockPairs).toBe(2);
  });

  it('ignores clocks a broken log gives that no ring could hold (negative, fractional)', () => {
    const tracker = new CausalityTracker(2);
    tracker.local(0, -1);
    tracker.local(1, -1);
    tracker.local(0, 1.5);
    tracker.local(1, 1.5);
    expect(tracker.stats().equalClockPairs).toBe(0);
    expect(tracker.stats().events).toBe(4);
  });
});

describe('CausalityTracker open copies', () => {
  it('counts every copy sent until it is received, and knows which messages are open', () => {
    const tracker = new CausalityTracker(4);
    tracker.send(0, 1, 1, 3);
    tracker.send(1, 1, 1, 1);
    expect(tracker.copiesOpen()).toBe(4);
    expect(tracker.isOpen(0, 1)).toBe(true);
    expect(tracker.isOpen(0, 2)).toBe(false);
    expect(tracker.isOpen(9, 1)).toBe(false);
    tracker.receive(1, 2, 0, 1);
    tracker.receive(2, 2, 0, 1);
    expect(tracker.copiesOpen()).toBe(2);
    expect(tracker.isOpen(0, 1)).toBe(true);
    tracker.receive(3, 2, 0, 1);
    expect(tracker.isOpen(0, 1)).toBe(false);
    tracker.receive(0, 3, 1, 1);
    expect(tracker.copiesOpen()).toBe(0);
    expect(() => tracker.receive(2, 4, 0, 1)).toThrow(InvariantError);
  });

  it('closes a message whose last copy a fault dropped, and counts as if that copy was never sent', () => {
    const dropped = new CausalityTracker(3);
    const fewer = new CausalityTracker(3);
    dropped.send(0, 1, 1, 2);
    fewer.send(0, 1, 1, 1);
    dropped.dropCopy(0, 1);
    expect(dropped.isOpen(0, 1)).toBe(true);
    for (const tracker of [dropped, fewer]) {
      tracker.receive(1, 2, 0, 1);
      tracker.send(0, 2, 2, 1);
      tracker.receive(2, 3, 0, 2);
    }
    expect(dropped.isOpen(0, 1)).toBe(false);
    expect(dropped.copiesOpen()).toBe(0);
    expect(dropped.stats()).toEqual(fewer.stats());
    expect(() => dropped.dropCopy(0, 1)).toThrow(InvariantError);
  });

  it('gives a receive the height of the longer chain: its own or the message’s, plus one', () => {
    const tracker = new CausalityTracker(2);
    expect(tracker.local(0, 1)).toBe(1);
    expect(tracker.send(0, 2, 2, 1)).toBe(2);
    expect(tracker.local(1, 1)).toBe(1);
    expect(tracker.receive(1, 3, 0, 2)).toBe(3);
    locals(tracker, 1, 3, 5);
    expect(tracker.send(1, 9, 9, 1)).toBe(9);
    expect(tracker.receive(0, 10, 1, 9)).toBe(10);
    expect(tracker.stats()).toMatchObject({ events: 11, longestChain: 10, method: 'exact' });
    // Ordered pairs: each event with its causal past (Σ V - 1 per event).
    expect(tracker.stats().orderedPairs + tracker.stats().concurrentPairs).toBe((11 * 10) / 2);
  });

  it('refuses a tracker without machines', () => {
    expect(() => new CausalityTracker(0)).toThrow(InvariantError);
  });
});
