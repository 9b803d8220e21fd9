/**
 * A scenario as the library takes it: the scenario FILE's object (scenarios/*.json), so what a
 * user builds in code can be saved and run by the CLI as it is, and the error a bad one throws.
 */
import { readFileSync } from 'node:fs';
import { listBundledScenarioNames, locateScenario } from '../scenario/load.js';
import type { Fault } from './fault.js';
import { rememberBundled } from './scenario-origin.js';

export type {
  CorruptClockFault,
  CrashFault,
  DelayFault,
  DuplicateFault,
  Fault,
  FaultKind,
  LinkWindow,
  LossFault,
  PartitionFault,
  PauseFault,
  RateFault,
  RestartClock,
  RestartFault,
} from './fault.js';

/** How long a message takes from sender to receiver, in model ms (at most 3 decimals, µs). */
export type Latency =
  | {
      kind: 'constant';
      /** Every message takes this long, in ms (>= 0). */
      ms: number;
    }
  | {
      kind: 'uniform';
      /** Shortest latency, in ms (>= 0). */
      minMs: number;
      /** Longest latency, in ms (>= minMs). */
      maxMs: number;
    }
  | {
      kind: 'exponential';
      /** Mean latency, in ms (>= 0). */
      meanMs: number;
    };

/**
 * Where each machine's rate is drawn from (from the seed), every value a rate in Hz like
 * `rates` (> 0, <= 1 000 000, at most 3 decimals); draws are rounded to mHz and clamped to
 * [minHz, maxHz].
 */
export type RateDistribution =
  | {
      kind: 'uniform';
      /** Lowest rate, in Hz. */
      minHz: number;
      /** Highest rate, in Hz (>= minHz). */
      maxHz: number;
    }
  | {
      kind: 'choice';
      /** The rates to choose from, in Hz (1 to 10 000 of them). */
      valuesHz: number[];
      /** Whole-number weights, one per value, 1..1 000 000 (default: equal). */
      weights?: number[] | undefined;
    }
  | {
      kind: 'normal';
      /** Mean rate, in Hz. */
      meanHz: number;
      /** Standard deviation, in Hz (>= 0, at most 3 decimals). */
      sdHz: number;
      /** Lowest rate a draw is clamped to, in Hz. */
      minHz: number;
      /** Highest rate a draw is clamped to, in Hz (>= minHz). */
      maxHz: number;
    }
  | {
      kind: 'lognormal';
      /** Median rate, in Hz. */
      medianHz: number;
      /** Standard deviation of ln(rate), 0..10. */
      sigma: number;
      /** Lowest rate a draw is clamped to, in Hz. */
      minHz: number;
      /** Highest rate a draw is clamped to, in Hz (>= minHz). */
      maxHz: number;
    };

/**
 * A lamport-lab scenario: the fields of a scenario file (docs/RUN.md, docs/FAULTS.md), each
 * optional, with the CLI's defaults. Rates come from at most one of `rates`, `rateRange` and
 * `rateDistribution` (default: `rateRange` 1..6). There is no `mode`: the library runs in
 * virtual time only, and a `mode` field is refused as the CLI refuses it in a file.
 *
 * @example
 * ```ts
 * const scenario: Scenario = { rates: [4, 2, 1], durationSec: 10, faults: [{ kind: 'loss', p: 0.1 }] };
 * ```
 */
export interface Scenario {
  /** The JSON Schema's path, for editors; ignored by the run. */
  $schema?: string | undefined;
  /**
   * The scenario's name (letters, digits, `-`, `_`, `.`; 1..64), as the manifest records it.
   * Default: `scenario` (a bundled scenario's is its file name).
   */
  name?: string | undefined;
  /** Free text, recorded in the manifest (default empty). */
  description?: string | undefined;
  /** The seed of every random draw, a whole number 0..2^32-1 (default: a random one). */
  seed?: number | undefined;
  /**
   * How many machines, 2..10 000 (default: the length of `rates`, else 3). With `rates` it must
   * equal their count.
   */
  machines?: number | undefined;
  /** Each machine's tick rate in Hz (> 0, <= 1 000 000, at most 3 decimals), one per machine. */
  rates?: number[] | undefined;
  /** Rates drawn uniformly as whole Hz, min..max, each 1..1 000 000 (default {min: 1, max: 6}). */
  rateRange?: { min: number; max: number } | undefined;
  /** Rates drawn from a distribution (instead of `rates` or `rateRange`). */
  rateDistribution?: RateDistribution | undefined;
  /** Probability that a tick is an internal event, 0..1 with at most 6 decimals (default 0.7). */
  internalProbability?: number | undefined;
  /** The run's length in model seconds, > 0 and <= 10 000 000, µs resolution (default 60). */
  durationSec?: number | undefined;
  /** Message latency (default: constant 0 ms). */
  latency?: Latency | undefined;
  /** Whether each channel delivers in send order (default false: copies may overtake). */
  fifo?: boolean | undefined;
  /** Faults to inject (default none); see docs/FAULTS.md. */
  faults?: Fault[] | undefined;
}

/**
 * A scenario the validator refused: the field, what was expected and what came. Its message is
 * the CLI's one line for the same scenario, without the `lamport-lab: ` prefix, naming the
 * scenario `scenario` where the CLI names its file (`scenario: faults[0].p: expected a
 * probability in [0, 1] with at most 6 decimals, got 1.5 (number)`); a bad `seed` option is
 * named `options.seed`.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  /**
   * The field as the CLI names it: `latency.maxMs`, `faults[2].atSec`; for an unknown field,
   * its path (`mode`, `faults[0].extra`); empty when no field is to blame.
   */
  readonly field: string;
  /** What the field must be, without "expected": `a probability in [0, 1] ...`. */
  readonly expected: string;
  /**
   * What it was, as the CLI words it: `1.5 (number)`, `unknown field "mode"`; empty for a rule
   * between two fields (`either "rates" or "rateRange", not both`).
   */
  readonly received: string;

  constructor(message: string, field: string, expected: string, received: string) {
    super(message);
    this.field = field;
    this.expected = expected;
    this.received = received;
  }
}

/** The names of the scenarios lamport-lab ships, as `lamport-lab scenarios` lists them. */
export function bundledScenarioNames(): string[] {
  return listBundledScenarioNames();
}

/**
 * A scenario lamport-lab ships, as its file holds it (a fresh copy each call). Run as it is,
 * it is named as `lamport-lab run <name>` names it (its manifest's `source` is
 * `scenarios/<name>.json`), so its run files are the CLI's byte for byte.
 *
 * @throws {@link ScenarioError} when no bundled scenario has that name; the message lists them.
 */
export function bundledScenario(name: string): Scenario {
  const names = listBundledScenarioNames();
  if (!names.includes(name)) {
    // In the words `lamport-lab run <name>` refuses it with.
    const known = names.join(', ');
    const message = `scenario "${name}": no such bundled scenario; expected one of: ${known}`;
    throw new ScenarioError(message, 'name', `one of: ${known}`, JSON.stringify(name));
  }
  const { path, source } = locateScenario(name);
  const scenario = JSON.parse(readFileSync(path, 'utf8')) as Scenario;
  return rememberBundled(scenario, { source, defaultName: name });
}
