/** explore.json's text: the format's key order whatever the caller's, interrupted only when so. */
import { describe, expect, it } from 'vitest';
import { type ExploreResult, exploreJsonText } from '../../../src/explore/explore-json.js';

const result: ExploreResult = {
  settings: {
    expect: null,
    machinesMax: 4,
    faultKinds: ['loss'],
    seed: 3,
  } as unknown as ExploreResult['settings'],
  runs: 10,
  shard: null,
  coverage: {
    situations: { 'receive-jump-10': 1 },
    runsWithFault: { loss: 2 },
    faultsFired: { loss: 5 },
    events: 100,
    runs: 10,
  } as unknown as ExploreResult['coverage'],
  counterexample: {
    scenario: 'counterexample.json',
    minimal: { faults: 1, events: 9, machines: 2 },
    original: { faults: 6, events: 812, machines: 4 },
    where: 'machine-1.csv:12',
    found: 'receiveRule',
    index: 9,
  } as unknown as ExploreResult['counterexample'],
  interrupted: false,
};

describe('exploreJsonText', () => {
  it('writes the keys in the format order, 2-space, with a trailing newline', () => {
    const text = exploreJsonText(result);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual([
      'kind',
      'version',
      'settings',
      'runs',
      'shard',
      'coverage',
      'counterexample',
    ]);
    expect(Object.keys(parsed.settings)).toEqual(['seed', 'faultKinds', 'machinesMax', 'expect']);
    expect(Object.keys(parsed.coverage)).toEqual([
      'runs',
      'events',
      'faultsFired',
      'runsWithFault',
      'situations',
    ]);
    expect(Object.keys(parsed.counterexample)).toEqual([
      'index',
      'found',
      'where',
      'original',
      'minimal',
      'scenario',
    ]);
    expect(Object.keys(parsed.counterexample.minimal)).toEqual(['machines', 'events', 'faults']);
    expect(text).toContain('\n  "kind": "explore",\n');
  });

  it('says "interrupted": true only for an exploration stopped by Ctrl-C', () => {
    expect(exploreJsonText(result)).not.toContain('interrupted');
    const parsed = JSON.parse(exploreJsonText({ ...result, interrupted: true }));
    expect(parsed.interrupted).toBe(true);
  });
});
