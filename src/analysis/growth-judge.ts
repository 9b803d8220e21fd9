/**
 * How long a run must be before a queue's predicted growth can be told from its noise. Over the
 * fitted half of a run, W seconds, a queue growing at g messages/s gains g·W on average; its
 * arrivals (λ a second) and takes (at most r a second, the rate) are close to Poisson, so the
 * net change wanders by about sqrt((λ + r)·W). The growth stands out when it is at least twice
 * that, g·W >= 2·sqrt((λ + r)·W), i.e. W >= 4(λ + r)/g², and when it reaches the analysis's own
 * "growing" threshold (growingMessagesMin over the half). A shorter run can show a growing queue
 * as stable, or even shrinking (the default 60 s run: -0.15/s against a predicted +0.5/s).
 */
import { fixedText, numberText, secondsText } from '../common/number-text.js';
import type { MachinePrediction } from './predict.js';

/** Standard deviations of noise the growth must exceed. */
const noiseSigmas = 2;

/**
 * Seconds of run (both halves) needed to judge the predicted growth, rounded up to 10 s; null
 * when the model predicts no growth (nothing to judge).
 */
export function secondsToJudgeGrowth(
  prediction: MachinePrediction,
  growingMessagesMin: number,
): number | null {
  const growth = prediction.queueGrowthPerSec;
  if (prediction.verdict !== 'growing' || !(growth > 0)) return null;
  const churnPerSec = prediction.arrivalsPerSec + prediction.rateHz;
  const halfSec = Math.max(
    (noiseSigmas ** 2 * churnPerSec) / growth ** 2,
    growingMessagesMin / growth,
  );
  return Math.ceil((2 * halfSec) / 10) * 10;
}

/**
 * The caveat for a machine whose predicted growth this run is too short to judge, in words, or
 * null when the run is long enough (or nothing is predicted to grow).
 */
export function tooShortToJudgeText(
  durationSec: number,
  machine: {
    readonly id: number;
    readonly predicted: MachinePrediction | null;
    readonly secondsToJudgeGrowth: number | null;
  },
): string | null {
  const needed = machine.secondsToJudgeGrowth;
  if (needed === null || machine.predicted === null || durationSec >= needed) return null;
  // A comparison with a number that has no value (NaN) judges nothing.
  if (!Number.isFinite(needed) || !Number.isFinite(durationSec)) return null;
  return (
    `machine ${machine.id}: ${secondsText(durationSec)} s is too short to judge a predicted growth of ` +
    `${fixedText(machine.predicted.queueGrowthPerSec, 2)}/s: the queue's random ups and downs hide it; ` +
    `about ${numberText(needed)} s would show it (--duration ${numberText(needed)})`
  );
}
