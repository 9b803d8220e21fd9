/**
 * A run's rates for a header: listed when few, summarized when many (a 10 000-machine report
 * header listed all 10 000 rates).
 */
import { numberText } from '../common/number-text.js';

/** Up to this many rates are listed one by one. */
export const ratesListedMax = 12;

export function ratesText(ratesHz: readonly number[]): string {
  if (ratesHz.length <= ratesListedMax) return `rates ${ratesHz.map(numberText).join(', ')} Hz`;
  const sorted = [...ratesHz].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median =
    sorted.length % 2 === 1
      ? (sorted[Math.floor(middle)] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return (
    `${sorted.length} rates: min ${numberText(sorted[0] as number)} Hz, ` +
    `median ${numberText(Number(median.toFixed(3)))} Hz, max ${numberText(sorted[sorted.length - 1] as number)} Hz`
  );
}
