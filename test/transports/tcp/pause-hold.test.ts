/**
 * Goal: a machine holds exactly the ticks that come after a pause began and before its SIGCONT,
 * and gives them back once, in order. Method: a property over random pause starts and random
 * streams of tick times and SIGCONTs, against a plain model of "last SIGCONT seen".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PauseHold } from '../../../transports/tcp/pause-hold.js';

type Step = { kind: 'tick'; atUs: number } | { kind: 'continue'; atUs: number };

describe('PauseHold', () => {
  it('holds the ticks between a pause start and the next SIGCONT, and returns them once, in order', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 5 }),
        fc.array(fc.record({ kind: fc.constantFrom('tick', 'continue'), gapUs: fc.nat(200) }), {
          maxLength: 30,
        }),
        (starts, raw) => {
          const startsUs = [...starts].sort((a, b) => a - b);
          let nowUs = 0;
          const steps: Step[] = raw.map(({ kind, gapUs }) => {
            nowUs += gapUs;
            return { kind, atUs: nowUs } as Step;
          });
          const hold = new PauseHold(startsUs);
          let continuedAtUs = -1;
          let modelHeld: number[] = [];
          for (const step of steps) {
            if (step.kind === 'continue') {
              expect(hold.continued(step.atUs)).toEqual(modelHeld);
              modelHeld = [];
              continuedAtUs = step.atUs;
              expect(hold.holding).toBe(false);
              continue;
            }
            // Held: some pause began by now, after the last SIGCONT (or at it, and none came yet).
            const begun = startsUs.some(
              (startUs) => startUs <= step.atUs && startUs > continuedAtUs,
            );
            expect(hold.holds(step.atUs)).toBe(begun);
            if (begun) {
              hold.hold(step.atUs);
              modelHeld.push(step.atUs);
            }
            expect(hold.holding).toBe(modelHeld.length > 0);
          }
        },
      ),
    );
  });
});
