/**
 * The fluid model (predict.ts) for a run in which machines died. A dead machine neither ticks
 * nor sends, but the others' dice still address it (those copies are lost), so the model keeps
 * N machines and gives the dead ones no actions (rate 0). Each machine's prediction is for the
 * window its growth is fitted over (the second half of the time it was alive): the machines dead
 * when that window opens count as gone, the others as alive. With no failure this is exactly
 * predictQueues.
 */
import { type MachinePrediction, predictQueues } from './predict.js';

export function predictQueuesWhileAlive(
  ratesHz: readonly number[],
  internalProbability: number,
  aliveUntilUs: readonly number[],
): MachinePrediction[] {
  const byDeadSet = new Map<string, MachinePrediction[]>();
  return ratesHz.map((rateHz, id) => {
    const windowStartUs = (aliveUntilUs[id] ?? 0) / 2;
    const dead = ratesHz.map(
      (_, other) => other !== id && (aliveUntilUs[other] ?? 0) <= windowStartUs,
    );
    const key = dead.map((isDead) => (isDead ? '1' : '0')).join('');
    let predictions = byDeadSet.get(key);
    if (predictions === undefined) {
      predictions = predictQueues(
        ratesHz.map((rate, other) => (dead[other] ? 0 : rate)),
        internalProbability,
      );
      byDeadSet.set(key, predictions);
    }
    const own = predictions[id] as MachinePrediction;
    return { ...own, rateHz };
  });
}
