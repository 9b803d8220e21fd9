/**
 * Loading a scenario: find the file (a bundled name or a path), parse JSON, and hand it to
 * scenario-object.ts, which lays the command line's overrides over it and validates the result.
 * Every failure is one InputError line that names the file or flag, the field, what was expected
 * and what came. Nothing is written here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeValue, InputError } from '../common/errors.js';
import { parseJsonText } from '../common/json-file.js';
import { jsonNumberLiterals } from '../common/json-number-literals.js';
import { bundledScenariosDir, defaultScenarioName } from '../common/paths.js';
import {
  type LoadedScenario,
  type ScenarioOverrides,
  scenarioFromObject,
} from './scenario-object.js';

export {
  type AppendedFault,
  checkFlagValue,
  type LoadedScenario,
  type ScenarioOverrides,
} from './scenario-object.js';

/** A scenario file, and how to name it to the user and in manifests. */
export interface ScenarioLocation {
  readonly path: string;
  /**
   * `scenarios/<name>.json` for a bundled scenario, else the path as the user typed it: never
   * an absolute path of this machine, so manifests stay the same wherever the run happens.
   */
  readonly source: string;
}

/** `default` or `A2` names a bundled scenario; anything with a slash or `.json` is a path. */
export function locateScenario(nameOrPath: string): ScenarioLocation {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  if (looksLikePath) return { path: nameOrPath, source: nameOrPath };
  const bundled = join(bundledScenariosDir, `${nameOrPath}.json`);
  if (existsSync(bundled)) return { path: bundled, source: `scenarios/${nameOrPath}.json` };
  const known = listBundledScenarioNames().join(', ');
  throw new InputError(
    `scenario "${nameOrPath}": no such bundled scenario; expected one of: ${known}`,
  );
}

export function listBundledScenarioNames(): string[] {
  return readdirSync(bundledScenariosDir)
    .filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort(compareScenarioNames);
}

/** Natural order, so that `default` leads and A1..A5 stay in numeric order. */
function compareScenarioNames(a: string, b: string): number {
  if (a === defaultScenarioName) return -1;
  if (b === defaultScenarioName) return 1;
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * `mode` "tcp" also holds the machine count to what one host runs as processes, and takes faults
 * only with the router topology (tcpScenarioSchema); the default is the simulator's limits.
 */
export function loadScenario(
  nameOrPath: string,
  overrides: ScenarioOverrides,
  mode: 'virtual' | 'tcp' = 'virtual',
  topology: 'mesh' | 'router' = 'mesh',
): LoadedScenario {
  const { path, source } = locateScenario(nameOrPath);
  const { raw, text } = readJsonObject(path, source);
  const defaultName = basename(path).replace(/\.json$/, '');
  const numberLiteralAt = jsonNumberLiterals(text);
  return scenarioFromObject(
    raw,
    { source, defaultName, numberLiteralAt },
    overrides,
    mode,
    topology,
  );
}

function readJsonObject(
  path: string,
  source: string,
): { raw: Record<string, unknown>; text: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    const reason = code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`;
    throw new InputError(`${source}: ${reason}; expected a scenario JSON file`);
  }
  const value = parseJsonText(text, source);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${source}: expected a JSON object, got ${describeValue(value)}`);
  }
  return { raw: value as Record<string, unknown>, text };
}
