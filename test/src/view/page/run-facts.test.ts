/** The run's facts line: rates listed for a few machines, summarised for many; seed; completion. */
import { describe, expect, it } from 'vitest';
import { RunView } from '../../../../src/view/model/run-view.js';
import {
  factsLine,
  faultMachinesText,
  ratesText,
  secondsText,
} from '../../../../src/view/page/run-facts.js';
import { makeConfig, runInMemory } from '../../../helpers/memory-run.js';
import { viewRunOf } from '../../../helpers/view-run.js';

describe('run facts', () => {
  it('lists a few rates, says "each" for one, and summarises many', () => {
    expect(ratesText([6, 1, 1])).toBe('rates 6, 1, 1 Hz');
    expect(ratesText([2, 2, 2, 2])).toBe('2 Hz each');
    const many = Array.from({ length: 1000 }, (_, machine) => 1 + (machine % 10));
    expect(ratesText(many)).toBe('rates 1 to 10 Hz, median 5');
  });

  it('says the mode, machines, length, seed, completion and events', () => {
    const run = runInMemory(makeConfig({ seed: 4, ratesHz: [1, 2], durationSec: 3 }));
    const { data } = viewRunOf(run.events, 2, run.config.durationUs);
    const view = RunView.fromData({ ...data, ratesHz: [1, 2], completed: false });
    expect(factsLine(view)).toBe(
      `virtual run, 2 machines (rates 1, 2 Hz), 3 s, seed 1, stopped early; ${view.eventCount} events`,
    );
    expect(secondsText(1_234_567)).toBe('1.23457 s');
  });

  it("names a copy's machines sender to receiver, as faults.csv's peer and machine say", () => {
    const mark = { kind: 'mark', what: 'delay', atUs: 5_500_000, label: 'delayed 0-22' } as const;
    expect(faultMachinesText({ ...mark, machine: 2, peer: 0 })).toBe('M0 to M2');
    expect(faultMachinesText({ ...mark, what: 'crash', machine: 1, peer: null })).toBe('M1');
    expect(
      faultMachinesText({
        kind: 'span',
        what: 'partition',
        machines: [0, 2],
        fromUs: 0,
        untilUs: 1,
        label: '',
      }),
    ).toBe('M0 M2');
  });
});
