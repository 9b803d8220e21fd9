/**
 * The critical chain explains L(e): on a fault-free run it has exactly L(e) steps, each adding 1
 * (a message or a local step), and ends at the machine's first event; every event on it is in
 * e's causal past. Under faults it ends where Lamport's rule stops explaining the clock: at a
 * restart row or a corrupted message, never with an 'unexplained' step (the driver follows the
 * rules). With a window kept it ends where it leaves the data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { causalCone } from '../../../../src/view/model/cone.js';
import { criticalChain, criticalChainIndices } from '../../../../src/view/model/critical-chain.js';
import { RunView } from '../../../../src/view/model/run-view.js';
import { runWithFaults } from '../../../helpers/faulted-run.js';
import { faultedRunArbitrary } from '../../../helpers/random-faults.js';
import {
  faultedViewArbitrary,
  faultFreeViewArbitrary,
  viewRunOf,
} from '../../../helpers/view-run.js';

const ending = new Set(['start', 'restart', 'corrupt', 'outside', 'unexplained']);

describe('criticalChain', () => {
  it('has L(e) steps of +1 each on a fault-free run, ending at a first event', () => {
    fc.assert(
      fc.property(faultFreeViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        for (let e = 0; e < view.eventCount; e += Math.max(1, Math.floor(view.eventCount / 40))) {
          const chain = criticalChain(view, e);
          expect(chain.length).toBe(view.clock[e]);
          expect(chain[0]?.index).toBe(e);
          const last = chain[chain.length - 1];
          expect(last?.via).toBe('start');
          expect(view.seq[last?.index as number]).toBe(1);
          for (const step of chain) {
            expect(step.clockAfter - step.clockBefore).toBe(1);
            expect(step.clockAfter).toBe(view.clock[step.index]);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('lies in the causal past, and ends only where the rule stops explaining (faults)', () => {
    fc.assert(
      fc.property(faultedViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        for (let e = 0; e < view.eventCount; e += Math.max(1, Math.floor(view.eventCount / 25))) {
          const chain = criticalChain(view, e);
          const past = new Set(causalCone(view, e, 'past', 'cone'));
          chain.slice(1).forEach((step) => {
            expect(past.has(step.index)).toBe(true);
          });
          chain.slice(0, -1).forEach((step) => {
            expect(step.via === 'message' || step.via === 'local').toBe(true);
          });
          const last = chain[chain.length - 1];
          expect(ending.has(last?.via as string)).toBe(true);
          expect(last?.via).not.toBe('unexplained');
          expect(last?.via).not.toBe('outside');
          if (last?.via === 'restart') expect(view.kind(last.index)).toBe('restart');
          if (last?.via === 'corrupt') expect(view.kind(last.index)).toBe('receive');
          // Each link is the step's send or the machine's previous event.
          for (let k = 0; k + 1 < chain.length; k += 1) {
            const step = chain[k] as (typeof chain)[number];
            const next = (chain[k + 1] as (typeof chain)[number]).index;
            expect(next).toBe(step.via === 'message' ? view.sendOf[step.index] : step.index - 1);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('ends at the restart row after a crash and restart', () => {
    fc.assert(
      fc.property(faultedViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        for (let e = 0; e < view.eventCount; e += 1) {
          if (
            view.kind(e) !== 'restart' ||
            e + 1 >= view.machineRange(view.machine[e] as number).end
          )
            continue;
          const chain = criticalChain(view, e + 1);
          // The event right after a restart row: from the row (local) or a message that beat it.
          if (chain[0]?.via === 'local')
            expect(chain[1]).toEqual({
              index: e,
              via: 'restart',
              clockBefore: view.clock[e],
              clockAfter: view.clock[e],
            });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('ends where it leaves a kept window, saying so', () => {
    let outside = 0;
    fc.assert(
      fc.property(faultedRunArbitrary, (config) => {
        const run = runWithFaults(config);
        const fromUs = Math.floor(config.durationUs / 3);
        const kept = viewRunOf(
          run.events,
          config.ratesMilliHz.length,
          config.durationUs,
          (e) => e.timeUs >= fromUs,
        );
        const view = RunView.fromData(kept.data);
        for (let e = 0; e < view.eventCount; e += 1) {
          const chain = criticalChain(view, e);
          const last = chain[chain.length - 1];
          expect(last?.via).not.toBe('unexplained');
          if (last?.via === 'start') expect(view.seq[last.index]).toBe(1);
          if (last?.via === 'outside') outside += 1;
        }
      }),
      { numRuns: 25 },
    );
    expect(outside).toBeGreaterThan(0);
  });

  it('gives the indices, the event first', () => {
    fc.assert(
      fc.property(faultFreeViewArbitrary, (run) => {
        const view = RunView.fromData(run.data);
        const e = view.eventCount - 1;
        expect(criticalChainIndices(view, e)).toEqual(criticalChain(view, e).map((s) => s.index));
      }),
      { numRuns: 5 },
    );
  });
});
