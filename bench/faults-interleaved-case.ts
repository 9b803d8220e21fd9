/**
 * The cost of faults measured in one process (issue 18's target, the `faults` case of the
 * bench): the run with every fault kind at once and the same run without faults (faults-case.ts)
 * advance side by side, slice by slice, so that both meet the same machine. Prints one JSON line.
 *
 * Why not only fresh processes (faults-bench.ts, the marginal of a short and a long run): on
 * this VM one process can run the same loop ~2x slower than the next, for seconds at a time,
 * even with ASLR off, V8's seeds fixed and its threads on one core (measured 199-320 ns an event
 * for the identical faulted run; a register-only loop stayed within 3 %): the core's neighbours,
 * not the code. A ratio of two processes minutes apart swung 0.45-1.25. Here a slow spell slows
 * both runs of the pair: the same run against itself gave 0.98-1.01.
 *
 * How: slices of `sliceEvents` events, the two runs taking turns and the first of each pair
 * alternating (ABBA: neither always runs on caches the other left). Slices before both runs
 * have made `warmEvents` events are not counted (V8 is still compiling: the first 150 000
 * events run 3-5x slower). A slice's figure is ns per event; the result is the medians, and the
 * median of the slices' ratios (fault-free ns / faulted ns: the faulted rate over the
 * fault-free one). It stops when either run ends.
 *
 * Usage: node dist/bench/faults-interleaved-case.js [durationSec] [sliceEvents] [warmEvents]
 */
import { performance } from 'node:perf_hooks';
import { RunStatsSink } from '../src/logs/run-stats.js';
import { seededRngFactory } from '../transports/seeded-rng.js';
import { VirtualSimulation } from '../transports/virtual/simulation.js';
import { faultsCaseConfig } from './faults-case.js';
import { median } from './marginal.js';

export interface InterleavedFaultsResult {
  /** Slices counted (after the warm-up), each one of both runs. */
  readonly slices: number;
  /** Events the faulted run made in the counted slices. */
  readonly faultsEvents: number;
  readonly faultFreeNsPerEvent: number;
  readonly faultsNsPerEvent: number;
  /** Median over the slices of fault-free ns / faulted ns. */
  readonly ratio: number;
}

type Mode = 'faults' | 'fault-free';

export function measureInterleaved(
  durationSec: number,
  sliceEvents: number,
  warmEvents: number,
): InterleavedFaultsResult {
  const simulations = new Map<Mode, VirtualSimulation>();
  for (const mode of ['fault-free', 'faults'] as const) {
    const config = faultsCaseConfig(mode, durationSec);
    const sink = new RunStatsSink(config.ratesMilliHz.length);
    simulations.set(mode, new VirtualSimulation(config, { sink, rngFor: seededRngFactory(42) }));
  }
  const nsPerEvent = { faults: [] as number[], 'fault-free': [] as number[] };
  const ratios: number[] = [];
  let faultsEvents = 0;
  let ended = false;
  const slice = (mode: Mode): { ns: number; events: number } => {
    const simulation = simulations.get(mode) as VirtualSimulation;
    const eventsBefore = simulation.events;
    const startMs = performance.now();
    ended = simulation.advance(sliceEvents) || ended;
    const events = simulation.events - eventsBefore;
    return { ns: ((performance.now() - startMs) * 1e6) / events, events };
  };
  for (let turn = 0; !ended; turn += 1) {
    const order: Mode[] = turn % 2 === 0 ? ['fault-free', 'faults'] : ['faults', 'fault-free'];
    const first = slice(order[0] as Mode);
    const second = slice(order[1] as Mode);
    const warm = Math.min(...[...simulations.values()].map((s) => s.events)) > warmEvents;
    if (!warm || ended) continue;
    const byMode = new Map([
      [order[0] as Mode, first],
      [order[1] as Mode, second],
    ]);
    const free = byMode.get('fault-free') as { ns: number };
    const faulted = byMode.get('faults') as { ns: number; events: number };
    nsPerEvent['fault-free'].push(free.ns);
    nsPerEvent.faults.push(faulted.ns);
    ratios.push(free.ns / faulted.ns);
    faultsEvents += faulted.events;
  }
  if (ratios.length === 0) throw new Error('faults-interleaved: no slice after the warm-up');
  return {
    slices: ratios.length,
    faultsEvents,
    faultFreeNsPerEvent: median(nsPerEvent['fault-free']),
    faultsNsPerEvent: median(nsPerEvent.faults),
    ratio: median(ratios),
  };
}

const isMain = process.argv[1]?.endsWith('faults-interleaved-case.js') === true;
if (isMain) {
  const [duration = '600000', slice = '50000', warm = '500000'] = process.argv.slice(2);
  const result = measureInterleaved(Number(duration), Number(slice), Number(warm));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
