/**
 * Where a scenario object came from, as the CLI would name it. A scenario built in code is
 * named `scenario` (in error lines and the manifest's `source`; its name defaults to it too).
 * The object `bundledScenario(name)` returns is remembered as that file's, so that running it
 * makes what `lamport-lab run <name>` makes, byte for byte (the manifest records the source).
 * Remembered by identity, not by a field: the object stays exactly the file's JSON.
 */
import type { ScenarioOrigin } from '../scenario/scenario-object.js';

/** How the library names a scenario object that is not a bundled file's. */
export const objectOrigin: ScenarioOrigin = { source: 'scenario', defaultName: 'scenario' };

const bundledOrigins = new WeakMap<object, ScenarioOrigin>();

export function rememberBundled<T extends object>(scenario: T, origin: ScenarioOrigin): T {
  bundledOrigins.set(scenario, origin);
  return scenario;
}

export function originOf(scenario: object): ScenarioOrigin {
  return bundledOrigins.get(scenario) ?? objectOrigin;
}
