/**
 * Sim-vs-real conformance and the two-run ShiViz log: the KS test accepts identical distributions
 * and rejects clearly different ones; a failed comparison of two runs writes one ShiViz file with
 * both runs under ShiViz's execution delimiter, each parseable with the event regex.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ksTwoSample } from '../../../src/regress/conformance.js';
import { cliIn } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-conformance-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const cli = cliIn(() => workDir);

describe('ksTwoSample', () => {
  it('finds no difference between a distribution and itself', () => {
    const counts = new Map([
      [0, 50],
      [1, 30],
      [2, 20],
    ]);
    expect(ksTwoSample(counts, counts)).toMatchObject({ statistic: 0, pValue: 1 });
  });

  it('rejects two clearly different distributions', () => {
    const small = new Map([[0, 200]]);
    const large = new Map([[5, 200]]);
    const test = ksTwoSample(small, large);
    expect(test.statistic).toBe(1);
    expect(test.pValue).toBeLessThan(1e-6);
  });
});

describe('compare of two differing runs', () => {
  it('writes both runs into one ShiViz file, under the execution delimiter', async () => {
    const first = join(workDir, 'a');
    const second = join(workDir, 'b');
    expect((await cli('run', 'trial4', '--out', first, '--quiet')).status).toBe(0);
    expect((await cli('run', 'trial4', '--seed', '7', '--out', second, '--quiet')).status).toBe(0);
    const result = await cli('compare', first, second);
    expect(result.status).toBe(1);
    const lines = readFileSync(join(second, 'compare.shiviz.log'), 'utf8').trimEnd().split('\n');
    const delimiter = new RegExp(`^${lines[1]}$`);
    const starts = lines
      .map((line, index) => (delimiter.test(line) ? index : -1))
      .filter((index) => index > 1);
    expect(starts).toHaveLength(2);
    // Every event is a host line with a vector clock followed by its description.
    const events = lines.slice(2).filter((line) => !delimiter.test(line));
    expect(events.length % 2).toBe(0);
    for (let index = 0; index < events.length; index += 2) {
      expect(events[index]).toMatch(/^machine\d+ \{.*\}$/);
    }
    expect((await cli('compare', first, first)).status).toBe(0);
  });
});
