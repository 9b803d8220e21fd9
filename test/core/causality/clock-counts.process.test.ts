/**
 * Goal: counts per clock value past the ring cost about what the ring did, 4 bytes a value,
 * however long `low` cannot move: after a 2^52 lie (the span is then so large that every value
 * fits, so nothing is ever dropped) and behind a machine that crashed for good (its clock stays
 * the lowest latest one). Kept as a Map entry per value they cost ~150 bytes a value, and `check`
 * of a 2M-event run with one such lie or crash took 100 to 300 MB more than without.
 * Method: the BUILT ClockCounts in a fresh `node --expose-gc` process, so the heap is measured
 * after a full collection with nothing of the test runner in it; 2^18 values counted in each case.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const countsUrl = pathToFileURL(
  join(packageRoot, 'dist', 'core', 'causality', 'clock-counts.js'),
).href;

const script = `
import { ClockCounts } from ${JSON.stringify(countsUrl)};
const heapBytes = () => {
  globalThis.gc();
  globalThis.gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
const values = 1 << 18;
// As CausalityTracker calls it: makeRoom (with the lowest latest clock) when a value does not fit.
const count = (counts, lowest, value) => {
  if (!counts.fits(value)) counts.makeRoom(lowest, value);
  return counts.countThenAdd(value);
};
const measure = (lowest, first) => {
  const counts = new ClockCounts(1024);
  for (let value = 1; value <= 100; value += 1) count(counts, lowest, value);
  const before = heapBytes();
  for (let index = 0; index < values; index += 1) count(counts, lowest, first + index);
  const bytes = heapBytes() - before;
  globalThis.keep = counts;
  return bytes / values;
};
process.stdout.write(JSON.stringify({
  afterLie: measure(0, 2 ** 52),
  behindCrash: measure(0, 101),
}));
`;

describe('ClockCounts memory', () => {
  it('keeps about 4 bytes a value past the ring, after a 2^52 lie and behind a crashed machine', () => {
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    const perValue = JSON.parse(result.stdout) as { afterLie: number; behindCrash: number };
    // 4 bytes of count and a page's share of its Map entry; a Map entry per value took ~50-150.
    expect(perValue.afterLie).toBeLessThan(8);
    expect(perValue.behindCrash).toBeLessThan(8);
  });
});
