/**
 * The per-receive figures of a machine (its clock jumps, the delay its messages waited) as text.
 * A machine that never received has no such figure: it reads "-", not 0, which a reader would
 * take for "received, and nothing jumped" (summary.json keeps its numbers, so baselines stay put).
 */
import { fixedText, noValueText, numberText } from '../common/number-text.js';
import type { MachineAnalysis } from './analyze-run.js';

/** Jump max, jump mean, and "p50/p90/p99" (joined by `separator`). */
export function jumpCells(machine: MachineAnalysis, separator = '/'): [string, string, string] {
  const { jumps } = machine;
  if (jumps.count === 0) return [noValueText, noValueText, noValueText];
  return [
    numberText(jumps.max),
    fixedText(jumps.mean, 2),
    [jumps.p50, jumps.p90, jumps.p99].map(numberText).join(separator),
  ];
}

/** The mean delay in ms, to 0.1 ms. */
export function delayMeanText(machine: MachineAnalysis): string {
  return machine.delayMs.count === 0 ? noValueText : fixedText(machine.delayMs.mean, 1);
}
