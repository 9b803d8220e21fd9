/**
 * Tick marks for the diagram's axis and the charts: round values (1, 2 or 5 times a power of
 * ten) about `targetCount` of them across the window, and their labels (time in ms or s,
 * clocks as whole numbers). Pure.
 */
import type { Axis } from '../model/viewport.js';

export function niceStep(span: number, targetCount: number): number {
  const raw = span / Math.max(1, targetCount);
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  const mantissa = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10;
  return mantissa * power;
}

export function ticks(from: number, to: number, targetCount: number, wholeOnly: boolean): number[] {
  if (!(to > from)) return [];
  let step = niceStep(to - from, targetCount);
  if (wholeOnly) step = Math.max(1, Math.round(step));
  const found: number[] = [];
  for (let value = Math.ceil(from / step) * step; value <= to; value += step) {
    // Rounded to the step's own precision: 0.1 + 0.2 is not a label.
    found.push(Number(value.toPrecision(12)));
    if (found.length > 1000) break;
  }
  return found;
}

/** A time in µs as ms (under 10 s) or s, with just the digits the step needs. */
export function timeLabel(timeUs: number, stepUs: number): string {
  if (stepUs >= 1_000_000 || Math.abs(timeUs) >= 10_000_000) {
    const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(stepUs / 1_000_000))));
    return `${(timeUs / 1_000_000).toFixed(digits)} s`;
  }
  const digits = Math.max(0, Math.min(3, -Math.floor(Math.log10(stepUs / 1000))));
  return `${(timeUs / 1000).toFixed(digits)} ms`;
}

export function axisLabel(axis: Axis, value: number, step: number): string {
  return axis === 'time' ? timeLabel(value, step) : String(Math.round(value));
}
