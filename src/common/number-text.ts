/**
 * Numbers as text for the terminal and the HTML report. A statistic that has no value (a mean of
 * nothing, a ratio to 0, a machine the other run does not have) must read as missing, never as
 * "NaN" or "Infinity", which a reader takes for a result: every number printed goes through here.
 */

/** What a number without a finite value prints as. */
export const noValueText = '-';

/** `value.toFixed(digits)`, or "-" when it is not a finite number. */
export function fixedText(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : noValueText;
}

/** `String(value)` for a number, or "-" when it is not finite. */
export function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : noValueText;
}

/** "1 copy", "2 copies": a count with its noun in the right number. */
export function countText(count: number, singular: string, plural = `${singular}s`): string {
  return `${numberText(count)} ${count === 1 ? singular : plural}`;
}

/** A relative change (0.25) as a signed percentage ("+25.0 %"), or "-" when it has no value. */
export function percentText(fraction: number, digits: number): string {
  const percent = fraction * 100;
  if (!Number.isFinite(percent)) return noValueText;
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(digits)} %`;
}

/** Seconds to the millisecond at most, without trailing zeros: 60, 0.5, 4.4 (not 4.400435). */
export function secondsText(seconds: number): string {
  if (!Number.isFinite(seconds)) return noValueText;
  return String(Number(seconds.toFixed(3)));
}
