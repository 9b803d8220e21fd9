/**
 * A scenario as the library takes it: the scenario FILE's object (scenarios/*.json), so what a
 * user builds in code can be saved and run by the CLI as it is, and the error a bad one throws.
 */
import type { ScenarioFile } from '../scenario/schema.js';
import { notBuiltYet } from './not-built.js';

/**
 * A lamport-lab scenario: the fields of a scenario file (see docs/RUN.md and docs/FAULTS.md),
 * each optional with the file's defaults.
 */
export type Scenario = ScenarioFile;

/**
 * A scenario the validator refused: the field, what was expected and what came. Its message is
 * the CLI's one line for the same scenario, without the `lamport-lab: ` prefix.
 */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  /** The field as the CLI names it: `latency.maxMs`, `faults[2].atSec`. */
  readonly field: string;
  /** What the field must be: `a number 0..1`. */
  readonly expected: string;
  /** What it was, as text: `1.5`. */
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
  return notBuiltYet('bundledScenarioNames');
}

/** A scenario lamport-lab ships, as its file holds it; a ScenarioError if there is none by that name. */
export function bundledScenario(_name: string): Scenario {
  return notBuiltYet('bundledScenario');
}
