/**
 * Goal: the playground's form edits a bundled scenario as `run`'s flags would (only the fields
 * changed, a machine count replacing fixed rates, a range or a list of rates, JSON fields), an
 * unchanged form is the bundled scenario itself (run as `run <name>`), and the URL hash carries
 * the state whole (a link reproduces the run). Method: bundled scenarios through formOf and back.
 */
import { describe, expect, it } from 'vitest';
import { playgroundConfig } from '../../../src/playground/playground-assets.js';
import {
  commandOf,
  FormError,
  formOf,
  hashOf,
  originOf,
  parseHash,
  scenarioOfForm,
  stateOf,
} from '../../../src/playground/playground-state.js';

const scenarios = playgroundConfig().scenarios;
const scenario = (name: string) => scenarios[name] as Record<string, unknown>;

describe('the playground form', () => {
  it('gives back every bundled scenario unchanged when nothing was edited', () => {
    for (const [name, base] of Object.entries(scenarios)) {
      const again = scenarioOfForm(base, formOf(base));
      expect(again, name).toEqual(base);
      expect(stateOf(name, base, '1', again).edited, name).toBeNull();
    }
  });

  it('replaces fixed rates when only the machine count changed, as run --machines does', () => {
    const base = scenario('every-fault');
    expect(base.rates).toEqual([4, 2, 1]);
    const edited = scenarioOfForm(base, { ...formOf(base), machines: '5' });
    expect(edited.machines).toBe(5);
    expect(edited.rates).toBeUndefined();
  });

  it('reads a rate list, a range and a distribution', () => {
    const base = scenario('default');
    const form = formOf(base);
    expect(form.rates).toBe('1-6');
    const list = scenarioOfForm(base, { ...form, rates: '3,1,2' });
    expect([list.rates, list.rateRange, list.machines]).toEqual([[3, 1, 2], undefined, undefined]);
    const range = scenarioOfForm(base, { ...form, rates: '2-9' });
    expect(range.rateRange).toEqual({ min: 2, max: 9 });
    const distribution = scenarioOfForm(base, { ...form, rates: '{"kind":"uniform"}' });
    expect(distribution.rateDistribution).toEqual({ kind: 'uniform' });
  });

  it('passes a word where a number belongs on to the validation, as typed', () => {
    const base = scenario('default');
    const edited = scenarioOfForm(base, { ...formOf(base), durationSec: 'ten' });
    expect(edited.durationSec).toBe('ten');
  });

  it('refuses a JSON field that is not JSON in one line naming it', () => {
    const base = scenario('default');
    expect(() => scenarioOfForm(base, { ...formOf(base), faults: '[{kind:' })).toThrow(
      new FormError('faults: expected JSON, got "[{kind:"'),
    );
    const cleared = scenarioOfForm(scenario('lossy'), { ...formOf(scenario('lossy')), faults: '' });
    expect(cleared.faults).toBeUndefined();
  });
});

describe('the playground state', () => {
  it('round-trips through the URL hash, bundled or edited', () => {
    const base = scenario('default');
    const plain = stateOf('default', base, '7', base);
    expect(hashOf(plain)).toBe('#scenario=default&seed=7');
    expect(parseHash(hashOf(plain))).toEqual({ base: 'default', seed: '7' });
    const edited = stateOf('default', base, '7', { ...base, machines: 5 });
    const parsed = parseHash(hashOf(edited));
    expect(parsed.edited).toEqual({ ...base, machines: 5 });
    expect(parseHash('#scenario=A2&json=%7Bnot-json')).toEqual({ base: 'A2' });
  });

  it('names the bundled file, or playground.json once edited, and the CLI command', () => {
    const base = scenario('default');
    const plain = stateOf('default', base, '7', base);
    expect(originOf(plain)).toEqual({ source: 'scenarios/default.json', defaultName: 'default' });
    expect(commandOf(plain, 'D')).toBe('lamport-lab run default --seed 7 --out D');
    const edited = stateOf('default', base, '7', { ...base, machines: 5 });
    expect(originOf(edited)).toEqual({ source: 'playground.json', defaultName: 'playground' });
    expect(commandOf(edited, 'D')).toBe('lamport-lab run playground.json --seed 7 --out D');
  });
});
