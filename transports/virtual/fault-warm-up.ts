/**
 * A short run with one fault of every kind, made once per process before the first large run
 * with faults (the virtual driver's constructor calls it).
 *
 * Why: a faulted run's loop is optimised by V8 from the type feedback of the paths it has run.
 * Each fault's first state change (the first crash, pause, partition, restart...) takes a path
 * with no feedback yet, so the optimised loop is thrown away ("insufficient type feedback",
 * --trace-deopt); meanwhile `DriveStep.drive` gets optimised on its own and is then too big to
 * be inlined back into the loop (V8's cumulative inlining budget, --trace-turbo-inlining). A
 * large run paid that all its length: about 250 ns an event against 180 once every path had
 * been taken (docs/PERFORMANCE.md). A few thousand events here take every fault path first.
 *
 * It changes no output: the warm-up is its own simulation, with its own streams, a sink and a
 * recorder that keep nothing, and the driver keeps no state between runs.
 */
import { probabilityToFraction } from '../../core/index.js';
import { type FaultConfig, openEndUs } from '../fault-config.js';
import type { RunConfig } from '../run-config.js';

/** Runs expected to make fewer events than this start at once: the warm-up would cost more. */
export const warmUpEventsMin = 25_000;

/** Model time of the warm-up run: about 2,700 events at 1, 2 and 6 Hz, a few ms. */
const warmUpDurationUs = 300_000_000;

let warmedUp = false;

/**
 * The warm-up run's config, the first time a run of `config` asks for it in this process and
 * when the run is large enough to be worth it; null otherwise.
 */
export function takeFaultWarmUp(config: RunConfig): RunConfig | null {
  if (warmedUp || config.faults.length === 0) return null;
  let ratesHz = 0;
  for (const rateMilliHz of config.ratesMilliHz) ratesHz += rateMilliHz / 1000;
  if ((config.durationUs / 1e6) * ratesHz < warmUpEventsMin) return null;
  warmedUp = true;
  return faultWarmUpConfig(config);
}

/**
 * The warm-up run: three machines at 1, 2 and 6 Hz, every fault kind at fixed shares of it, and
 * the run's own latency model, FIFO choice and internal-event probability, so that the paths
 * warmed up are the ones the run takes (a path it never takes, warmed, slowed it down).
 */
export function faultWarmUpConfig(run: RunConfig): RunConfig {
  return {
    seed: 1,
    ratesMilliHz: [1000, 2000, 6000],
    internalProbability: run.internalProbability,
    durationUs: warmUpDurationUs,
    latency: run.latency,
    fifo: run.fifo,
    faults: everyFaultKind(warmUpDurationUs),
  };
}

/** Every kind once (restart and rate twice), at shares of a run of `durationUs`. */
export function everyFaultKind(durationUs: number): FaultConfig[] {
  const at = (share: number): number => Math.floor(durationUs * share);
  const all = [0, 1, 2];
  type Spec = FaultConfig extends infer F
    ? F extends FaultConfig
      ? Omit<F, 'index' | 'stream'>
      : never
    : never;
  const faults: Spec[] = [
    {
      kind: 'loss',
      p: probabilityToFraction(0.05),
      from: all,
      to: all,
      atUs: 0,
      untilUs: openEndUs,
    },
    {
      kind: 'duplicate',
      p: probabilityToFraction(0.02),
      from: all,
      to: all,
      atUs: 0,
      untilUs: openEndUs,
    },
    { kind: 'delay', extraUs: 250_000, from: [0], to: [1, 2], atUs: 0, untilUs: openEndUs },
    { kind: 'partition', groups: [[0], [1, 2]], oneWay: false, atUs: at(0.2), untilUs: at(0.3) },
    { kind: 'crash', machine: 1, atUs: at(0.4), inbox: 'drop' },
    { kind: 'restart', machine: 1, atUs: at(0.45), clock: { kind: 'persisted' } },
    { kind: 'rate', machine: 2, atUs: at(0.5), rateMilliHz: 4000 },
    { kind: 'crash', machine: 2, atUs: at(0.55), inbox: 'keep' },
    { kind: 'restart', machine: 2, atUs: at(0.6), clock: { kind: 'reset' } },
    { kind: 'pause', machine: 1, atUs: at(0.7), untilUs: at(0.7) + 30_000_000 },
    {
      kind: 'corrupt-clock',
      machine: 2,
      atUs: at(0.8),
      untilUs: at(0.9),
      countMax: null,
      change: { kind: 'add', by: 1000 },
    },
    { kind: 'rate', machine: 2, atUs: at(0.9), rateMilliHz: 6000 },
  ];
  return faults.map(
    (fault, index) => ({ ...fault, index, stream: `fault/every-kind-${index}` }) as FaultConfig,
  );
}
