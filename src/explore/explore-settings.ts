/**
 * What an exploration is asked to do (issue 19): the seed every run's scenario is drawn from,
 * the fault kinds a run's swarm profile may switch on, how many machines a run may have, and
 * what counts as a counterexample. The command parses flags into this; the engine (the trial
 * arbitrary, evaluation and shrinking) reads nothing else.
 */

import { type FaultKind, faultKinds } from '../../transports/fault-config.js';
import { type ConsequenceEffect, consequenceEffects } from '../check/consequences.js';
import { checkRules, type RuleId } from '../check/rules.js';
import { InputError } from '../common/errors.js';

/** Every fault kind, in the order the scenario format lists them (docs/FAULTS.md). */
export const faultKindsAll: readonly FaultKind[] = faultKinds;

export const machinesMaxLeast = 2;
export const machinesMaxMost = 8;
export const machinesMaxDefault = 4;

export interface ExploreSettings {
  /** 0..2^32-1: run i's scenario depends only on it and i. */
  readonly seed: number;
  /** The kinds a swarm profile may switch on (default: all 9); empty: fault-free runs only. */
  readonly faultKinds: readonly FaultKind[];
  /** 2..8, default 4: each run draws 2..machinesMax machines. */
  readonly machinesMax: number;
  /** null: any must-hold violation is a counterexample. */
  readonly expect: ExpectTarget | null;
}

/** --expect: a rule id (RuleId of src/check/rules.ts) or a consequence effect (ConsequenceEffect). */
export type ExpectTarget =
  | { readonly kind: 'rule'; readonly rule: RuleId }
  | { readonly kind: 'consequence'; readonly effect: ConsequenceEffect };

/** The settings with every default: seed 1, all fault kinds, 4 machines at most, no --expect. */
export function defaultExploreSettings(overrides: Partial<ExploreSettings> = {}): ExploreSettings {
  return {
    seed: 1,
    faultKinds: faultKindsAll,
    machinesMax: machinesMaxDefault,
    expect: null,
    ...overrides,
  };
}

/** Every name --expect takes: the rule ids, then the consequence effects. */
export function expectNames(): string[] {
  return [...Object.keys(checkRules), ...Object.keys(consequenceEffects)];
}

/**
 * An --expect value: a rule id (`receiveRule`) or a consequence effect (`clockReset`), as
 * `check --help` names them. Anything else is one InputError line naming the valid names.
 */
export function parseExpectTarget(text: string, flag = '--expect'): ExpectTarget {
  if (Object.hasOwn(checkRules, text)) return { kind: 'rule', rule: text as RuleId };
  if (Object.hasOwn(consequenceEffects, text)) {
    return { kind: 'consequence', effect: text as ConsequenceEffect };
  }
  throw new InputError(
    `${flag}: expected a rule or consequence name from check --help (${expectNames().join(', ')}), got ${JSON.stringify(text)}`,
  );
}

/** The name an ExpectTarget was given by: what a verdict's `found` holds when it is met. */
export function expectTargetName(target: ExpectTarget): string {
  return target.kind === 'rule' ? target.rule : target.effect;
}

/**
 * The fault kinds that can make a target breakable at all (any one of them will do), or
 * 'imported' for a rule only imported runs are checked by; absent: any run may break it.
 */
const targetNeeds: Partial<Record<RuleId | ConsequenceEffect, readonly FaultKind[] | 'imported'>> =
  {
    tickRate: 'imported',
    offByOne: 'imported',
    queueBound: 'imported',
    restartClock: ['restart'],
    crashSilence: ['crash', 'restart'],
    partition: ['partition'],
    faultEvidence: faultKinds,
    clockReset: ['restart'],
    clockCorrupted: ['corrupt-clock'],
    clockInflated: ['corrupt-clock', 'restart'],
    clockDeflated: ['restart', 'corrupt-clock'],
    fifoBroken: ['delay', 'duplicate'],
  };

/**
 * Refuses an --expect target no run of these fault kinds can hit: explore ran every run and
 * exited 0 with no word (`--expect clockReset --faults loss`, `--expect tickRate`).
 */
export function refuseUnreachableTarget(
  target: ExpectTarget,
  kinds: readonly FaultKind[],
  flag = '--expect',
): void {
  const name = target.kind === 'rule' ? target.rule : target.effect;
  const needs = targetNeeds[name];
  if (needs === undefined) return;
  if (needs === 'imported') {
    throw new InputError(
      `${flag} ${name}: expected a rule or effect explore's runs can break, got a rule only imported runs are checked by (lamport-lab import, then check)`,
    );
  }
  if (needs.some((kind: FaultKind) => kinds.includes(kind))) return;
  const given = kinds.length === 0 ? 'none' : kinds.join(',');
  throw new InputError(
    `${flag} ${name}: expected --faults to include ${needs.join(' or ')} (what can break it), got --faults ${given}`,
  );
}
