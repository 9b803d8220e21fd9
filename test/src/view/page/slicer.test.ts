/**
 * Long work runs in slices that yield between them (the page stays responsive), ends with one
 * onDone, and a new start or a cancel stops the old work for good.
 */
import { describe, expect, it } from 'vitest';
import { Slicer } from '../../../../src/view/page/slicer.js';

const untilIdle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('Slicer', () => {
  it('runs a step until done, yielding between slices, and calls onDone once', async () => {
    const errors: unknown[] = [];
    const slicer = new Slicer((error) => errors.push(error));
    let units = 0;
    let slices = 0;
    let done = 0;
    // Each step takes ~2 ms: a slice of 8 ms holds a few, so the work needs several slices.
    const step = () => {
      const end = performance.now() + 2;
      while (performance.now() < end) {
        // busy: a unit of work
      }
      units += 1;
      return units >= 20;
    };
    slicer.start(
      step,
      () => (slices += 1),
      () => (done += 1),
    );
    expect(done).toBe(0);
    for (let k = 0; k < 50 && done === 0; k += 1) await untilIdle();
    expect(units).toBe(20);
    expect(done).toBe(1);
    expect(slices).toBeGreaterThan(1);
    expect(errors).toEqual([]);
  });

  it('stops the old work when cancelled or started again', async () => {
    const slicer = new Slicer(() => {});
    let oldUnits = 0;
    const slow = () => {
      const end = performance.now() + 3;
      while (performance.now() < end) {
        // busy
      }
      oldUnits += 1;
      return false;
    };
    slicer.start(
      slow,
      () => {},
      () => {},
    );
    const afterFirstSlice = oldUnits;
    slicer.start(
      () => true,
      () => {},
      () => {},
    );
    await untilIdle();
    expect(oldUnits).toBe(afterFirstSlice);
    slicer.start(
      slow,
      () => {},
      () => {},
    );
    slicer.cancel();
    const atCancel = oldUnits;
    await untilIdle();
    expect(oldUnits).toBe(atCancel);
  });

  it('hands an error to its handler instead of throwing it into the event loop', async () => {
    const errors: unknown[] = [];
    new Slicer((error) => errors.push(error)).start(
      () => {
        throw new Error('broken step');
      },
      () => {},
      () => {},
    );
    await untilIdle();
    expect(String(errors[0])).toContain('broken step');
  });
});
