/**
 * Each machine's tick rate: as declared (`--rate-hz`, one for all or one per machine), or
 * estimated from its log as one over the median gap between its rows (one event a tick, so
 * a lost or doubled tick moves the median little). A machine with fewer than two rows at
 * distinct times has no estimate: its rate rule is not applied.
 */
import { InputError } from '../common/errors.js';
import { literalIn } from '../common/number-as-typed.js';
import { rateHzMax } from '../scenario/schema.js';
import type { ImportedRow } from './imported-row.js';

export interface MachineRate {
  readonly rateHz: number;
  readonly source: 'declared' | 'estimated' | 'unknown';
}

export function machineRates(
  rows: readonly (readonly ImportedRow[])[],
  declaredHz: readonly number[] | null,
): MachineRate[] {
  if (declaredHz !== null && declaredHz.length !== 1 && declaredHz.length !== rows.length) {
    throw new InputError(
      `--rate-hz: expected one rate, or one per machine (${rows.length}), got ${declaredHz.length}`,
    );
  }
  return rows.map((machineRows, id) => {
    const declared = declaredHz?.[declaredHz.length === 1 ? 0 : id];
    if (declared !== undefined) return { rateHz: declared, source: 'declared' };
    const estimate = estimatedRateHz(machineRows);
    return estimate === null
      ? { rateHz: 1, source: 'unknown' }
      : { rateHz: estimate, source: 'estimated' };
  });
}

/** One over the median positive gap, to 3 decimals (as a scenario's rates are written). */
export function estimatedRateHz(rows: readonly ImportedRow[]): number | null {
  const gaps: number[] = [];
  for (let index = 1; index < rows.length; index += 1) {
    const gap = (rows[index] as ImportedRow).timeUs - (rows[index - 1] as ImportedRow).timeUs;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return null;
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor((gaps.length - 1) / 2)] as number;
  const rateHz = Math.round((1_000_000 / median) * 1000) / 1000;
  return Math.min(rateHzMax, Math.max(0.001, rateHz));
}

/** `--rate-hz` values: each > 0 and <= the scenario limit, 3 decimals at most. */
export function checkDeclaredRates(ratesHz: readonly number[], typed?: string): void {
  for (const rateHz of ratesHz) {
    if (!(rateHz > 0 && rateHz <= rateHzMax) || Math.round(rateHz * 1000) !== rateHz * 1000) {
      // As typed: 99999999999999999999 is read as 1e20, which prints as another number.
      const got = typed === undefined ? null : literalIn(typed, rateHz);
      throw new InputError(
        `--rate-hz: expected rates in Hz, > 0 and <= ${rateHzMax}, with at most 3 decimals, got ${got ?? rateHz}`,
      );
    }
  }
}
