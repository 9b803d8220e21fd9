/**
 * The playground's controls: the bundled scenario, then sliders and fields for what `run`'s flags
 * change (machines, rates, internal probability, latency, faults, duration) and the seed. Each
 * holds text as typed: the CLI's validation judges it when the run starts.
 */
import { el } from '../../view/page/dom.js';
import type { PlaygroundForm } from '../playground-state.js';

export interface FormControls {
  readonly element: HTMLElement;
  readonly base: HTMLSelectElement;
  readonly seed: HTMLInputElement;
  readonly fields: { readonly [K in keyof PlaygroundForm]: HTMLInputElement | HTMLTextAreaElement };
  /** The internal probability's slider, beside its field. */
  readonly probabilitySlider: HTMLInputElement;
  readonly runButton: HTMLButtonElement;
}

function labelled(label: string, title: string, control: HTMLElement): HTMLElement {
  return el('label', { class: 'pg-field', title }, [el('span', {}, [label]), control]);
}

function textInput(name: string, size: number): HTMLInputElement {
  return el('input', { type: 'text', name, size: String(size), spellcheck: 'false' });
}

export function makeForm(scenarioNames: readonly string[]): FormControls {
  const base = el(
    'select',
    { name: 'scenario' },
    scenarioNames.map((name) => el('option', { value: name }, [name])),
  );
  const seed = el('input', { type: 'number', name: 'seed', min: '0', step: '1' });
  const machines = el('input', { type: 'number', name: 'machines', min: '1', step: '1' });
  const probabilitySlider = el('input', {
    type: 'range',
    name: 'internalProbabilitySlider',
    min: '0',
    max: '1',
    step: '0.05',
  });
  const internalProbability = textInput('internalProbability', 5);
  const durationSec = el('input', { type: 'number', name: 'durationSec', min: '0', step: 'any' });
  const rates = textInput('rates', 14);
  rates.placeholder = '1-6';
  const latency = textInput('latency', 36);
  latency.placeholder = '{"kind":"constant","ms":0}';
  const faults = el('textarea', { name: 'faults', rows: '4', cols: '60', spellcheck: 'false' });
  faults.placeholder = '[{"kind":"loss","p":0.1}, {"kind":"crash","machine":1,"atSec":5}]';
  const runButton = el('button', { type: 'button', name: 'run' }, ['Run']);
  const element = el('form', { class: 'pg-form' }, [
    el('div', { class: 'pg-row' }, [
      labelled('scenario', 'a bundled scenario, the starting point', base),
      labelled('seed', 'the seed: the same seed gives the same run', seed),
      labelled('machines', 'number of machines (replaces fixed rates)', machines),
      labelled('rates (Hz)', 'fixed rates like 4,2,1, a range like 1-6 drawn with the seed', rates),
      labelled('internal probability', 'probability that an action is internal', probabilitySlider),
      internalProbability,
      labelled('duration (s)', 'model time to run, in seconds', durationSec),
      runButton,
    ]),
    el('div', { class: 'pg-row' }, [
      labelled('latency (JSON)', 'link latency: constant, uniform or exponential', latency),
    ]),
    el('div', { class: 'pg-row' }, [
      labelled('faults (JSON list, docs/FAULTS.md)', 'the faults to inject', faults),
    ]),
  ]);
  element.addEventListener('submit', (event) => event.preventDefault());
  const fields = { machines, rates, internalProbability, latency, faults, durationSec };
  return { element, base, seed, fields, probabilitySlider, runButton };
}

/** The form's fields as text. */
export function readForm(controls: FormControls): PlaygroundForm {
  const { fields } = controls;
  return {
    machines: fields.machines.value,
    rates: fields.rates.value,
    internalProbability: fields.internalProbability.value,
    latency: fields.latency.value,
    faults: fields.faults.value,
    durationSec: fields.durationSec.value,
  };
}

export function writeForm(controls: FormControls, form: PlaygroundForm): void {
  for (const [name, value] of Object.entries(form) as [keyof PlaygroundForm, string][]) {
    controls.fields[name].value = value;
  }
  controls.probabilitySlider.value = form.internalProbability;
}
