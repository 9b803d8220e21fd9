/** The shipped presets, in the order `--format auto` tries them. */
import { InputError } from '../../common/errors.js';
import { type FormatSpec, parseFormatSpec } from '../format-spec.js';
import { eventCsvPreset } from './event-csv.js';
import { globalTimePreset } from './global-time.js';
import { jsonEventsPreset } from './json-events.js';
import { lamportLabPreset } from './lamport-lab.js';
import { pythonLoggingPreset } from './python-logging.js';

const presetValues = [
  lamportLabPreset,
  eventCsvPreset,
  pythonLoggingPreset,
  globalTimePreset,
  jsonEventsPreset,
] as const;

export const presetNames: readonly string[] = presetValues.map((preset) => preset.name);

export interface Preset {
  readonly name: string;
  readonly spec: FormatSpec;
}

/** Every preset, validated as a user's spec would be. */
export function presets(): Preset[] {
  return presetValues.map((value) => ({
    name: value.name,
    spec: parseFormatSpec(value, `preset ${value.name}`),
  }));
}

export function presetNamed(name: string): Preset {
  const found = presets().find((preset) => preset.name === name);
  if (found === undefined) {
    throw new InputError(
      `--format: expected auto, a preset (${presetNames.join(', ')}) or a spec file ending in .json, got "${name}"`,
    );
  }
  return found;
}
