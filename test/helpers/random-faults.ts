/**
 * Random runs with random fault lists that pass the scenario's validation (issue 18): every
 * kind, on times of a 0.25 s grid so that faults often fall on tick instants and on each
 * other (the cases the order within an instant decides). Per machine one plan of down and
 * paused intervals that never overlap; partitions that never overlap; lie windows of one
 * machine that never overlap; rate steps at distinct times.
 */
import fc from 'fast-check';
import { type Fraction, probabilityToFraction } from '../../core/index.js';
import { openEndUs } from '../../transports/fault-config.js';
import type { LatencyModel } from '../../transports/latency.js';
import type { RunConfig } from '../../transports/run-config.js';
import { type FaultSpec, faultList } from './faulted-run.js';

const quarterUs = 250_000;

const probability: fc.Arbitrary<Fraction> = fc
  .oneof(
    fc.constantFrom(0, 1, 0.5),
    fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000),
  )
  .map(probabilityToFraction);

/** A subset of the machines, never empty. */
const machinesOf = (machineCount: number): fc.Arbitrary<number[]> =>
  fc.subarray(
    Array.from({ length: machineCount }, (_, id) => id),
    { minLength: 1 },
  );

/** [at, until) on the quarter grid inside the run, or open. */
const windowOf = (quarters: number): fc.Arbitrary<{ atUs: number; untilUs: number }> =>
  fc
    .tuple(
      fc.integer({ min: 0, max: quarters - 1 }),
      fc.integer({ min: 1, max: quarters + 4 }),
      fc.boolean(),
    )
    .map(([at, length, open]) => ({
      atUs: at * quarterUs,
      untilUs: open ? openEndUs : (at + length) * quarterUs,
    }));

function linkFault(machineCount: number, quarters: number): fc.Arbitrary<FaultSpec> {
  return fc
    .record({
      kind: fc.constantFrom('loss' as const, 'duplicate' as const, 'delay' as const),
      p: probability,
      extraUs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000_000 })),
      from: machinesOf(machineCount),
      to: machinesOf(machineCount),
      window: windowOf(quarters),
    })
    .map(
      ({ kind, p, extraUs, from, to, window }): FaultSpec =>
        kind === 'delay'
          ? { kind, extraUs, from, to, ...window }
          : { kind, p, from, to, ...window },
    );
}

/** Sorted distinct quarter instants in (0, quarters). */
const instants = (quarters: number, count: number): fc.Arbitrary<number[]> =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: quarters - 1 }), { minLength: count, maxLength: count })
    .map((list) => list.sort((a, b) => a - b).map((quarter) => quarter * quarterUs));

const restartClock = fc.oneof(
  fc.constant({ kind: 'persisted' as const }),
  fc.constant({ kind: 'reset' as const }),
  fc.integer({ min: 1, max: 20 }).map((every) => ({ kind: 'lease' as const, every })),
);

/** One machine's crashes, restarts and pauses: intervals in time order that never overlap. */
function machinePlan(machine: number, quarters: number): fc.Arbitrary<FaultSpec[]> {
  return fc
    .tuple(
      fc.constantFrom(
        'none',
        'crash',
        'crash-restart',
        'pause',
        'pause-crash-restart',
        'crash-restart-pause',
        'crash-restart-crash',
        'crash-as-pause-ends',
      ),
      quarters >= 6 ? instants(quarters, 5) : fc.constant([]),
      fc.constantFrom('drop' as const, 'keep' as const),
      restartClock,
    )
    .map(([plan, times, inbox, clock]): FaultSpec[] => {
      const [t1, t2, t3, t4, t5] = times as [number, number, number, number, number];
      if (times.length < 5) return [];
      const crash = (atUs: number): FaultSpec => ({ kind: 'crash', machine, atUs, inbox });
      const restart = (atUs: number): FaultSpec => ({ kind: 'restart', machine, atUs, clock });
      const pause = (atUs: number, untilUs: number): FaultSpec => ({
        kind: 'pause',
        machine,
        atUs,
        untilUs,
      });
      switch (plan) {
        case 'crash':
          return [crash(t1)];
        case 'crash-restart':
          return [crash(t1), restart(t2)];
        case 'pause':
          return [pause(t1, t3)];
        case 'pause-crash-restart':
          return [pause(t1, t2), crash(t3), restart(t4)];
        case 'crash-as-pause-ends':
          return [crash(t2), pause(t1, t2), restart(t3)];
        case 'crash-restart-pause':
          return [crash(t1), restart(t2), pause(t3, t4)];
        case 'crash-restart-crash':
          return [crash(t1), restart(t2), crash(t3), restart(t4), crash(t5)];
        default:
          return [];
      }
    });
}

function partitions(machineCount: number, quarters: number): fc.Arbitrary<FaultSpec[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: 2 }),
      instants(quarters, 4),
      fc.array(fc.integer({ min: 0, max: 2 }), {
        minLength: machineCount,
        maxLength: machineCount,
      }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([count, times, groupOfMachine, oneWay, openLast]): FaultSpec[] => {
      const groups: number[][] = [[], [], []];
      groupOfMachine.forEach((group, id) => {
        groups[group]?.push(id);
      });
      const nonEmpty = groups.filter((group) => group.length > 0);
      const [t1, t2, t3, t4] = times as [number, number, number, number];
      const partition = (atUs: number, untilUs: number): FaultSpec => ({
        kind: 'partition',
        groups: nonEmpty,
        oneWay,
        atUs,
        untilUs,
      });
      if (count === 0) return [];
      if (count === 1) return [partition(t1, openLast ? openEndUs : t3)];
      return [partition(t1, t2), partition(t3, openLast ? openEndUs : t4)];
    });
}

function lies(machineCount: number, quarters: number): fc.Arbitrary<FaultSpec[]> {
  const change = fc.oneof(
    fc.integer({ min: 1, max: 1_000_000 }).map((by) => ({ kind: 'add' as const, by })),
    fc.integer({ min: 1, max: 2 ** 52 }).map((to) => ({ kind: 'set' as const, to })),
    fc.integer({ min: 1, max: 40 }).map((by) => ({ kind: 'sub' as const, by })),
  );
  return fc
    .array(
      fc.record({
        machine: fc.integer({ min: 0, max: machineCount - 1 }),
        times: instants(quarters, 2),
        countMax: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        change,
      }),
      { maxLength: 3 },
    )
    .map((list) => {
      // One lie window per machine at most: windows of one machine never overlap.
      const seen = new Set<number>();
      return list
        .filter(({ machine }) => !seen.has(machine) && seen.add(machine) !== undefined)
        .map(
          ({ machine, times, countMax, change: lie }): FaultSpec => ({
            kind: 'corrupt-clock',
            machine,
            atUs: times[0] as number,
            untilUs: times[1] as number,
            countMax,
            change: lie,
          }),
        );
    });
}

function rateSteps(machineCount: number, quarters: number): fc.Arbitrary<FaultSpec[]> {
  return fc
    .array(
      fc.record({
        machine: fc.integer({ min: 0, max: machineCount - 1 }),
        at: fc.integer({ min: 1, max: quarters - 1 }),
        rateMilliHz: fc.integer({ min: 250, max: 9000 }),
      }),
      { maxLength: 3 },
    )
    .map((list) => {
      const seen = new Set<string>();
      return list
        .filter(({ machine, at }) => {
          const key = `${machine}@${at}`;
          return !seen.has(key) && seen.add(key) !== undefined;
        })
        .map(
          ({ machine, at, rateMilliHz }): FaultSpec => ({
            kind: 'rate',
            machine,
            atUs: at * quarterUs,
            rateMilliHz,
          }),
        );
    });
}

export const latencyArbitrary: fc.Arbitrary<LatencyModel> = fc.oneof(
  fc.integer({ min: 0, max: 800_000 }).map((us) => ({ kind: 'constant' as const, us })),
  fc
    .tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: 2_000_000 }))
    .map(([minUs, span]) => ({ kind: 'uniform' as const, minUs, maxUs: minUs + span })),
  fc
    .integer({ min: 0, max: 1_000_000 })
    .map((meanUs) => ({ kind: 'exponential' as const, meanUs })),
);

/** A random run (2-5 machines, 3-20 s) with a random list of every kind of fault. */
export const faultedRunArbitrary: fc.Arbitrary<RunConfig> = fc
  .record({
    machineCount: fc.integer({ min: 2, max: 5 }),
    durationQuarters: fc.integer({ min: 12, max: 80 }),
  })
  .chain(({ machineCount, durationQuarters }) =>
    fc.record({
      seed: fc.nat({ max: 0xffff_ffff }),
      ratesMilliHz: fc.array(
        fc.oneof(
          fc.integer({ min: 1, max: 8 }).map((hz) => hz * 1000),
          fc.integer({ min: 300, max: 9000 }),
        ),
        { minLength: machineCount, maxLength: machineCount },
      ),
      internalProbability: fc
        .integer({ min: 0, max: 10 })
        .map((n) => probabilityToFraction(n / 10)),
      durationUs: fc.constant(durationQuarters * quarterUs),
      latency: latencyArbitrary,
      fifo: fc.boolean(),
      links: fc.array(linkFault(machineCount, durationQuarters), { minLength: 0, maxLength: 6 }),
      plans: fc.tuple(
        ...Array.from({ length: machineCount }, (_, machine) =>
          machinePlan(machine, durationQuarters),
        ),
      ),
      partitions: partitions(machineCount, durationQuarters),
      lies: lies(machineCount, durationQuarters),
      rates: rateSteps(machineCount, durationQuarters),
      order: fc.nat(),
    }),
  )
  .map(({ links, plans, partitions: cuts, lies: lying, rates, order, ...config }) => {
    // Interleave the kinds (list order matters within an instant and per copy), keeping each
    // machine's own plan in time order (a restart must follow its crash only in time, but the
    // list may hold them in any order; a rotation is enough to vary it).
    const all = [...links, ...plans.flat(), ...cuts, ...lying, ...rates];
    const shift = all.length === 0 ? 0 : order % all.length;
    const specs = [...all.slice(shift), ...all.slice(0, shift)];
    return { ...config, faults: faultList(specs) };
  });
