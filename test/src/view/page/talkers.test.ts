/**
 * "Only the machines that talk with M": the machine itself and every machine that sent it a
 * message or received one from it, read off the run's message edges (compared here with the
 * run's own rows: a receive's msg_id names its sender).
 */
import { describe, expect, it } from 'vitest';
import { RunView } from '../../../../src/view/model/run-view.js';
import { talkersOf } from '../../../../src/view/page/talkers.js';
import { makeConfig, runInMemory } from '../../../helpers/memory-run.js';
import { viewRunOf } from '../../../helpers/view-run.js';

describe('talkersOf', () => {
  it('is the machine and those it exchanged a message with, from the rows', () => {
    const run = runInMemory(makeConfig({ seed: 11, ratesHz: [3, 1, 2, 1, 2], durationSec: 2 }));
    const { data, rows } = viewRunOf(run.events, 5, run.config.durationUs);
    const view = RunView.fromData(data);
    for (let machine = 0; machine < 5; machine += 1) {
      const expected = new Set<number>([machine]);
      for (const row of rows) {
        if (row[2] !== 'receive') continue;
        const receiver = Number(row[0]);
        const sender = Number((row[7] as string).split('-')[0]);
        if (receiver === machine) expected.add(sender);
        if (sender === machine) expected.add(receiver);
      }
      expect(talkersOf(view, machine)).toEqual([...expected].sort((a, b) => a - b));
    }
  });

  it('finds a machine that talked with nobody alone', () => {
    // Machine 1 at a rate too slow to tick in the run: it neither sends nor receives.
    const run = runInMemory(makeConfig({ seed: 2, ratesHz: [2, 0.01], durationSec: 3 }));
    const view = RunView.fromData(viewRunOf(run.events, 2, run.config.durationUs).data);
    expect(talkersOf(view, 1)).toEqual([1]);
    expect(talkersOf(view, 0)).toEqual([0]);
  });
});
