/**
 * Goal (issue 18, "Randomness"): a fault's decisions depend on its own stream only, so removing
 * one fault from the list, or reordering the list, never changes what any other fault decides
 * for a copy — the property a shrinker relies on when it drops faults one by one. Method: the
 * same sends go through two FaultRouters, one with the full list and one with a fault removed or
 * the list reversed; for every copy the removed fault did not drop (the first drop wins, so a
 * later fault records nothing for a copy an earlier one dropped), every other fault's rows are
 * the same in both.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { probabilityToFraction, StepEvent, toEveryPeer } from '../../../core/index.js';
import type { FaultConfig, FaultEvidence } from '../../../transports/fault-config.js';
import type { RunConfig } from '../../../transports/run-config.js';
import { seededRngFactory } from '../../../transports/seeded-rng.js';
import { FaultRouter } from '../../../transports/virtual/fault-router.js';
import { VirtualNetwork } from '../../../transports/virtual/virtual-network.js';
import { type FaultSpec, faultList, secUs } from '../../helpers/faulted-run.js';
import { makeConfig } from '../../helpers/memory-run.js';

const machineCount = 4;
const ids = [0, 1, 2, 3];

interface Send {
  readonly senderId: number;
  /** A peer's id, or toEveryPeer. */
  readonly to: number;
  readonly timeUs: number;
}

/** One per-copy fault on random links and window (partition and corrupt-clock draw nothing). */
const copyFault: fc.Arbitrary<FaultSpec> = fc
  .record({
    kind: fc.constantFrom('loss' as const, 'duplicate' as const, 'delay' as const),
    p: fc.integer({ min: 1, max: 9 }).map((tenths) => probabilityToFraction(tenths / 10)),
    extraUs: fc.integer({ min: 1, max: 500_000 }),
    from: fc.subarray(ids, { minLength: 1 }),
    to: fc.subarray(ids, { minLength: 1 }),
    atSec: fc.integer({ min: 0, max: 20 }),
    lengthSec: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ kind, p, extraUs, from, to, atSec, lengthSec }): FaultSpec => {
    const window = { from, to, atUs: secUs(atSec), untilUs: secUs(atSec + lengthSec) };
    return kind === 'delay' ? { kind, extraUs, ...window } : { kind, p, ...window };
  });

const sends: fc.Arbitrary<Send[]> = fc
  .array(
    fc.record({
      senderId: fc.nat({ max: machineCount - 1 }),
      peer: fc.nat({ max: machineCount - 2 }),
      broadcast: fc.boolean(),
      gapUs: fc.integer({ min: 0, max: 2_000_000 }),
    }),
    { minLength: 20, maxLength: 80 },
  )
  .map((drawn) => {
    let timeUs = 0;
    return drawn.map(({ senderId, peer, broadcast, gapUs }) => {
      timeUs += gapUs;
      const to = broadcast ? toEveryPeer : peer < senderId ? peer : peer + 1;
      return { senderId, to, timeUs };
    });
  });

/** Every row the faults wrote for these sends, each fault named by its stream, not its index. */
function route(
  faults: readonly FaultConfig[],
  config: RunConfig,
  all: readonly Send[],
): { stream: string; copy: string; row: string }[] {
  const nowUs = Float64Array.of(0);
  const rngFor = seededRngFactory(config.seed);
  const network = new VirtualNetwork(config, rngFor, nowUs);
  const rows: { stream: string; copy: string; row: string }[] = [];
  const streamOf = (evidence: FaultEvidence) => (faults[evidence.faultIndex] as FaultConfig).stream;
  const router = new FaultRouter({
    faults,
    machineCount,
    network,
    rngFor,
    recorder: {
      record: (evidence) => {
        if (!('receiverId' in evidence)) return;
        const copy = `${evidence.senderId}-${evidence.sendSeq}>${evidence.receiverId}`;
        const { faultIndex: _index, ...rest } = evidence;
        rows.push({ stream: streamOf(evidence), copy, row: JSON.stringify(rest) });
      },
    },
    nowUs,
  });
  const event = new StepEvent();
  all.forEach((send, at) => {
    nowUs[0] = send.timeUs;
    event.kind = 'send';
    event.seq = at + 1;
    event.clock = at + 1;
    event.senderId = send.senderId;
    event.sendSeq = at + 1;
    event.messageClock = at + 1;
    event.to = send.to;
    router.route(send.senderId, event);
  });
  return rows;
}

/** The rows of every fault but `removed`'s stream, on copies that fault did not drop. */
function othersOnCopiesKept(
  rows: readonly { stream: string; copy: string; row: string }[],
  removed: string | null,
  droppedByRemoved: ReadonlySet<string>,
): string[] {
  return rows
    .filter((entry) => entry.stream !== removed && !droppedByRemoved.has(entry.copy))
    .map((entry) => `${entry.stream} ${entry.copy} ${entry.row}`)
    .sort();
}

const config = {
  ...makeConfig({
    ratesHz: [1, 1, 1, 1],
    latency: { kind: 'uniform', minUs: 0, maxUs: secUs(1) },
    fifo: false,
    seed: 18,
  }),
  faults: [],
};

describe("a fault's decisions depend on its own stream only", () => {
  it('are the same for every other fault when one fault is removed from the list', () => {
    fc.assert(
      fc.property(
        fc.array(copyFault, { minLength: 2, maxLength: 6 }),
        sends,
        fc.nat(),
        (specs, all, pick) => {
          const removedAt = pick % specs.length;
          const full = faultList(specs);
          const removed = (full[removedAt] as FaultConfig).stream;
          // The fewer list keeps each fault's own stream (named from its content).
          const fewer = full
            .filter((_, at) => at !== removedAt)
            .map((fault, index) => ({ ...fault, index }));
          const withAll = route(full, config, all);
          const dropped = new Set(
            withAll
              .filter((entry) => entry.stream === removed && entry.row.includes('"drop"'))
              .map((entry) => entry.copy),
          );
          expect(othersOnCopiesKept(route(fewer, config, all), null, dropped)).toEqual(
            othersOnCopiesKept(withAll, removed, dropped),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('are the same for every fault when the list is reversed, where no other fault dropped the copy', () => {
    fc.assert(
      fc.property(fc.array(copyFault, { minLength: 2, maxLength: 6 }), sends, (specs, all) => {
        const forward = faultList(specs);
        const reversed = [...forward].reverse().map((fault, index) => ({ ...fault, index }));
        const rowsForward = route(forward, config, all);
        const rowsReversed = route(reversed, config, all);
        // Which fault drops a copy first depends on the order: compare the copies no fault dropped.
        const dropped = new Set(
          [...rowsForward, ...rowsReversed]
            .filter((entry) => entry.row.includes('"drop"'))
            .map((entry) => entry.copy),
        );
        expect(othersOnCopiesKept(rowsReversed, null, dropped)).toEqual(
          othersOnCopiesKept(rowsForward, null, dropped),
        );
      }),
      { numRuns: 200 },
    );
  });
});
