/**
 * The steady-state cost of an event with and without faults (issue 18's target, the `faults`
 * case of the bench): one run of the case (faults-case.ts) in this process, timed in slices of
 * `sliceEvents` events once it has made `warmEvents` (V8 is still compiling before: the first
 * 150 000 events run 3-5x slower); the figure is the median slice's ns per event. Prints one
 * JSON line. faults-bench.ts runs the two modes in turn, a process each.
 *
 * Why not only the marginal of a short and a long run (faults-case.ts): the short run ends
 * inside the JIT's warm-up, so their difference still holds part of it, and one slow spell of
 * the machine weighs on the whole difference; a median of slices sets both aside. Why not both
 * runs in one process, taking turns (tried): it looked steadier, but the fault-free run was
 * slower beside the faulted one than alone (median 150 against 130 ns an event, 10 processes
 * each: the two loops share the machine step and the queues, whose compiled code then serves
 * both), which flattered the ratio.
 *
 * Usage: node dist/bench/faults-steady-case.js <faults|fault-free> [durationSec] [sliceEvents]
 *        [warmEvents]
 */
import { performance } from 'node:perf_hooks';
import { RunStatsSink } from '../src/logs/run-stats.js';
import { seededRngFactory } from '../transports/seeded-rng.js';
import { VirtualSimulation } from '../transports/virtual/simulation.js';
import { faultsCaseConfig } from './faults-case.js';
import { median } from './marginal.js';

export interface SteadyFaultsResult {
  readonly mode: 'faults' | 'fault-free';
  /** Slices timed (after the warm-up; the last, partial one is not). */
  readonly slices: number;
  /** Events in the timed slices. */
  readonly events: number;
  /** The median slice's wall ns per event. */
  readonly nsPerEvent: number;
}

export function measureSteady(
  mode: 'faults' | 'fault-free',
  durationSec: number,
  sliceEvents: number,
  warmEvents: number,
): SteadyFaultsResult {
  const config = faultsCaseConfig(mode, durationSec);
  const sink = new RunStatsSink(config.ratesMilliHz.length);
  const simulation = new VirtualSimulation(config, { sink, rngFor: seededRngFactory(42) });
  const nsPerEvent: number[] = [];
  for (;;) {
    const eventsBefore = simulation.events;
    const startMs = performance.now();
    const ended = simulation.advance(sliceEvents);
    const elapsedMs = performance.now() - startMs;
    if (ended) break;
    if (eventsBefore >= warmEvents) nsPerEvent.push((elapsedMs * 1e6) / sliceEvents);
  }
  if (nsPerEvent.length === 0) throw new Error('faults-steady: no slice after the warm-up');
  return {
    mode,
    slices: nsPerEvent.length,
    events: nsPerEvent.length * sliceEvents,
    nsPerEvent: median(nsPerEvent),
  };
}

const isMain = process.argv[1]?.endsWith('faults-steady-case.js') === true;
if (isMain) {
  const [mode = 'faults', duration = '600000', slice = '50000', warm = '500000'] =
    process.argv.slice(2);
  if (mode !== 'faults' && mode !== 'fault-free')
    throw new Error(`faults-steady: mode must be faults or fault-free, got "${mode}"`);
  const result = measureSteady(mode, Number(duration), Number(slice), Number(warm));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
