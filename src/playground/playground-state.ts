/**
 * The playground's state: a bundled scenario, the seed, and the scenario as the form edited it
 * (null while it is the bundled one unchanged). It lives in the URL's hash, so a link reproduces
 * the run; and it names the CLI command that writes the same files. No DOM here: Node tests read
 * and write it too.
 *
 * The form edits the scenario's JSON as `run`'s flags would: only the fields changed are laid
 * over the bundled scenario, a machine count alone replaces fixed rates (drawn from the range
 * then), and every value goes to the CLI's own validation as typed (a word where a number
 * belongs is refused there, in the CLI's words).
 */
import type { ScenarioOrigin } from '../scenario/scenario-object.js';

export interface PlaygroundState {
  /** A bundled scenario's name. */
  readonly base: string;
  /** As typed; validated when the run starts. */
  readonly seed: string;
  /** The edited scenario, or null for the bundled one as it is. */
  readonly edited: Readonly<Record<string, unknown>> | null;
}

/** The form's fields, as text (what the inputs hold). */
export interface PlaygroundForm {
  readonly machines: string;
  /** `4,2,1` fixed rates, `1-6` a range, `{...}` a distribution, or empty for the default range. */
  readonly rates: string;
  readonly internalProbability: string;
  /** JSON, like {"kind":"uniform","minMs":1,"maxMs":20}; empty for none. */
  readonly latency: string;
  /** JSON list of faults (docs/FAULTS.md); empty for none. */
  readonly faults: string;
  readonly durationSec: string;
}

export const playgroundFileName = 'playground.json';

type Scenario = Record<string, unknown>;

/** What the form shows for a scenario. */
export function formOf(scenario: Readonly<Scenario>): PlaygroundForm {
  const { rates, rateRange, rateDistribution } = scenario;
  const range = rateRange as { min?: unknown; max?: unknown } | undefined;
  let ratesText = '';
  if (Array.isArray(rates)) ratesText = rates.join(',');
  else if (range !== undefined) ratesText = `${range.min}-${range.max}`;
  else if (rateDistribution !== undefined) ratesText = JSON.stringify(rateDistribution);
  return {
    machines: String(scenario.machines ?? (Array.isArray(rates) ? rates.length : 3)),
    rates: ratesText,
    internalProbability: String(scenario.internalProbability ?? 0.7),
    latency: scenario.latency === undefined ? '' : JSON.stringify(scenario.latency),
    faults: scenario.faults === undefined ? '' : JSON.stringify(scenario.faults, null, 1),
    durationSec: String(scenario.durationSec ?? 60),
  };
}

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A number when the text is one; else the text itself, for the schema to refuse in words. */
function numberOrText(text: string): unknown {
  const trimmed = text.trim();
  return numberPattern.test(trimmed) ? Number(trimmed) : trimmed;
}

export class FormError extends Error {
  override readonly name = 'FormError';
}

/** JSON of a field, or a one-line refusal naming it. */
function jsonField(field: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FormError(`${field}: expected JSON, got ${JSON.stringify(text.slice(0, 40))}`);
  }
}

function applyRates(scenario: Scenario, text: string, machinesChanged: boolean): void {
  delete scenario.rates;
  delete scenario.rateRange;
  delete scenario.rateDistribution;
  const trimmed = text.trim();
  if (trimmed === '') return;
  if (trimmed.startsWith('{')) {
    scenario.rateDistribution = jsonField('rates', trimmed);
    return;
  }
  const range = /^([^,-]+)-([^,-]+)$/.exec(trimmed);
  if (range !== null) {
    scenario.rateRange = { min: numberOrText(range[1] ?? ''), max: numberOrText(range[2] ?? '') };
    return;
  }
  scenario.rates = trimmed.split(',').map(numberOrText);
  // Fixed rates say how many machines there are, unless the machine count was changed too.
  if (!machinesChanged) delete scenario.machines;
}

/**
 * The bundled scenario with the form's changes laid over it (only the fields that differ from
 * what the form showed for it). Throws FormError for a field that is not JSON where JSON belongs.
 */
export function scenarioOfForm(base: Readonly<Scenario>, form: PlaygroundForm): Scenario {
  const shown = formOf(base);
  const scenario: Scenario = { ...base };
  const changed = (field: keyof PlaygroundForm): boolean => form[field] !== shown[field];
  if (changed('machines')) {
    scenario.machines = numberOrText(form.machines);
    // As `run --machines`: a machine count alone replaces fixed rates (drawn from the range).
    if (Array.isArray(scenario.rates) && !changed('rates')) delete scenario.rates;
  }
  if (changed('rates')) applyRates(scenario, form.rates, changed('machines'));
  if (changed('internalProbability')) {
    scenario.internalProbability = numberOrText(form.internalProbability);
  }
  if (changed('durationSec')) scenario.durationSec = numberOrText(form.durationSec);
  if (changed('latency')) {
    if (form.latency.trim() === '') delete scenario.latency;
    else scenario.latency = jsonField('latency', form.latency);
  }
  if (changed('faults')) {
    const faults = form.faults.trim() === '' ? [] : jsonField('faults', form.faults);
    if (Array.isArray(faults) && faults.length === 0) delete scenario.faults;
    else scenario.faults = faults;
  }
  return scenario;
}

/** The state for a bundled scenario and the edited one (null when it is the bundled one). */
export function stateOf(
  base: string,
  baseScenario: Readonly<Scenario>,
  seed: string,
  scenario: Readonly<Scenario>,
): PlaygroundState {
  const same = JSON.stringify(scenario) === JSON.stringify(baseScenario);
  return { base, seed, edited: same ? null : scenario };
}

/** `#scenario=default&seed=42`, and `&json=...` with an edited scenario. */
export function hashOf(state: PlaygroundState): string {
  const params = new URLSearchParams({ scenario: state.base, seed: state.seed });
  if (state.edited !== null) params.set('json', JSON.stringify(state.edited));
  return `#${params.toString()}`;
}

/** What a hash asks for; fields it lacks or garbles are left out (the page keeps its own). */
export function parseHash(hash: string): {
  readonly base?: string;
  readonly seed?: string;
  readonly edited?: Scenario;
} {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const base = params.get('scenario');
  const seed = params.get('seed');
  const json = params.get('json');
  let edited: unknown;
  try {
    edited = json === null ? undefined : JSON.parse(json);
  } catch {
    edited = undefined;
  }
  const isObject = typeof edited === 'object' && edited !== null && !Array.isArray(edited);
  return {
    ...(base === null ? {} : { base }),
    ...(seed === null ? {} : { seed }),
    ...(isObject ? { edited: edited as Scenario } : {}),
  };
}

/** How the run names its scenario: the bundled file, or the file the page offers to save. */
export function originOf(state: PlaygroundState): ScenarioOrigin {
  return state.edited === null
    ? { source: `scenarios/${state.base}.json`, defaultName: state.base }
    : { source: playgroundFileName, defaultName: playgroundFileName.replace(/\.json$/, '') };
}

/** The CLI command that writes the same files (after saving playground.json, when edited). */
export function commandOf(state: PlaygroundState, outDir: string): string {
  const scenario = state.edited === null ? state.base : playgroundFileName;
  return `lamport-lab run ${scenario} --seed ${state.seed} --out ${outDir}`;
}
