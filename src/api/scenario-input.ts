/**
 * A caller's scenario object made into the run's resolved scenario, by the CLI's own steps:
 * validated by scenario-object.ts (a refusal becomes a ScenarioError with the CLI's line), the
 * seed settled as `run` settles it (the option, else the scenario's, else a random one), and
 * resolved (defaults filled, rates drawn).
 */
import { randomInt } from 'node:crypto';
import { describeValue, InputError } from '../common/errors.js';
import { type ResolvedScenario, resolveScenario } from '../scenario/resolve.js';
import { ScenarioIssueError, scenarioFromObject } from '../scenario/scenario-object.js';
import { type Scenario, ScenarioError } from './scenario.js';
import { originOf } from './scenario-origin.js';

/**
 * The library's InputError for a scenario as a ScenarioError, with its parts when it has them.
 * A bad seed given as an option is named as the message names it (`options.seed`), not as the
 * scenario's `seed`, which the option replaced.
 */
function scenarioErrorOf(error: InputError, seedOption: number | undefined): ScenarioError {
  if (error instanceof ScenarioIssueError) {
    const field = seedOption !== undefined && error.field === 'seed' ? 'options.seed' : error.field;
    return new ScenarioError(error.message, field, error.expected, error.received);
  }
  return new ScenarioError(error.message, '', '', '');
}

/** The scenario validated and resolved, with the seed `run` would use (option, scenario, random). */
export function resolvedScenarioOf(scenario: Scenario, seed: number | undefined): ResolvedScenario {
  const origin = originOf(scenario);
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) {
    const received = describeValue(scenario);
    const message = `${origin.source}: expected a JSON object, got ${received}`;
    throw new ScenarioError(message, '', 'a JSON object', received);
  }
  try {
    const loaded = scenarioFromObject(scenario as Record<string, unknown>, origin, {
      values: { seed },
      flags: { seed: 'options.seed' },
    });
    return resolveScenario(loaded, loaded.file.seed ?? randomInt(0, 2 ** 32));
  } catch (error) {
    if (error instanceof InputError) throw scenarioErrorOf(error, seed);
    throw error;
  }
}
