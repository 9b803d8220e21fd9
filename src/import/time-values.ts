/**
 * Timestamps as integer µs, exactly: `1795311561.9455066` s is read from its digits (a double
 * would lose the µs of an epoch time), rounded to the nearest µs. Date-times are read as UTC
 * unless they carry an offset: only differences between timestamps matter to the import.
 */
import type { TimeUnit } from './format-spec.js';

export type TimeResult =
  | { readonly ok: true; readonly us: number }
  | { readonly ok: false; readonly why: string };

const decimalPattern = /^\+?(\d+)(?:\.(\d*))?$/;
const unitDigits: Readonly<Record<'s' | 'ms' | 'us', number>> = { s: 6, ms: 3, us: 0 };

export function parseTimeUs(value: unknown, unit: TimeUnit, date: string | undefined): TimeResult {
  const text =
    typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value.trim() : '';
  switch (unit) {
    case 's':
    case 'ms':
    case 'us':
      return decimalUs(text, unitDigits[unit], unit);
    case 'datetime':
      return dateTimeUs(text);
    case 'time-of-day':
      return timeOfDayUs(text, date);
  }
}

/** A JSON number as its shortest decimal text, never in exponent form for epoch times. */
function numberText(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(9) : text;
}

/** A decimal number of `unit`, whose µs are `shift` decimal places to the right. */
function decimalUs(text: string, shift: number, unit: string): TimeResult {
  const match = decimalPattern.exec(text);
  if (match === null)
    return { ok: false, why: `expected a time in ${unit} >= 0, got ${JSON.stringify(text)}` };
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, shift).padEnd(shift, '0');
  // The first dropped digit rounds (half up): 1.9455066 s is 1 945 507 µs.
  const roundUp = (fraction.charCodeAt(shift) || 48) >= 53 ? 1 : 0;
  const us = Number(whole) * 10 ** shift + Number(kept === '' ? '0' : kept) + roundUp;
  if (!Number.isSafeInteger(us))
    return { ok: false, why: `expected a time in ${unit} of at most 2^53 µs, got ${text}` };
  return { ok: true, us };
}

const dateTimePattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** ISO 8601 or `YYYY-MM-DD HH:MM:SS.ffffff` (a comma before the fraction too). */
function dateTimeUs(text: string): TimeResult {
  const match = dateTimePattern.exec(text);
  if (match === null) {
    return {
      ok: false,
      why: `expected a date-time like 2026-11-22 01:38:15.354, got ${JSON.stringify(text)}`,
    };
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const ms = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  if (Number.isNaN(ms))
    return { ok: false, why: `expected a valid date-time, got ${JSON.stringify(text)}` };
  const fraction = decimalUs(`0.${match[7] ?? ''}`, 6, 's');
  const offset = offsetUs(match[8]);
  return { ok: true, us: ms * 1000 + (fraction.ok ? fraction.us : 0) - offset };
}

function offsetUs(text: string | undefined): number {
  if (text === undefined || text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return sign * minutes * 60_000_000;
}

const timeOfDayPattern = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?$/;

/** `HH:MM:SS,mmm`, on the spec's date (or day 0: only differences matter within one day). */
function timeOfDayUs(text: string, date: string | undefined): TimeResult {
  const match = timeOfDayPattern.exec(text);
  if (match === null) {
    return {
      ok: false,
      why: `expected a time of day like 01:38:15,354, got ${JSON.stringify(text)}`,
    };
  }
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  const fraction = decimalUs(`0.${match[4] ?? ''}`, 6, 's');
  const dayUs = date === undefined ? 0 : Date.parse(`${date}T00:00:00Z`) * 1000;
  return { ok: true, us: dayUs + seconds * 1_000_000 + (fraction.ok ? fraction.us : 0) };
}
