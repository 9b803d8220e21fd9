/**
 * `compare` of unlike runs: different machine counts are refused (exit 2, both counts named)
 * instead of pairing machines with nothing; runs of different scenarios say which scenario fields
 * differ before any metric. Virtual runs are enough: the refusal comes before either comparison.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-compare-unlike-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

beforeAll(async () => {
  for (const args of [
    ['run', 'trial4', '--duration', '5', '--out', 'three', '--quiet'],
    ['run', 'trial4', '--duration', '5', '--seed', '7', '--out', 'three-seed7', '--quiet'],
    ['run', 'heavy-tail', '--duration', '5', '--out', 'twelve', '--quiet'],
  ]) {
    const result = await runCliInProcess(workDir, args);
    expect(result.status, result.stderr).toBe(0);
  }
});

describe('compare of unlike runs', () => {
  it('refuses runs with different machine counts, naming both counts', async () => {
    for (const [before, after] of [
      ['three', 'twelve'],
      ['twelve', 'three'],
    ] as const) {
      const result = await runCliInProcess(workDir, ['compare', before, after]);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^lamport-lab: /);
      expect(lines[0]).toMatch(/\b3 machines\b|\bgot 3\b/);
      expect(lines[0]).toMatch(/\b12 machines\b|\bgot 12\b/);
      expect(result.stderr).not.toMatch(/NaN|Infinity/);
    }
  });

  it('refuses a baseline of another machine count too', async () => {
    const baseline = join(process.cwd(), 'scenarios', 'baselines', 'heavy-tail.json');
    const result = await runCliInProcess(workDir, ['compare', baseline, 'three']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('12');
  });

  it('lists the differing scenario fields before any metric', async () => {
    const result = await runCliInProcess(workDir, ['compare', 'three', 'three-seed7']);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    const seedLine = lines.findIndex((line) => /^seed\s+1004\s+7$/.test(line));
    const firstMetric = lines.findIndex((line) => /^(sha256 |machine \d)/.test(line));
    expect(seedLine).toBeGreaterThan(0);
    expect(seedLine).toBeLessThan(firstMetric);
    // Fields both runs share are not listed.
    expect(lines.some((line) => /^rates\s/.test(line))).toBe(false);
    expect(result.stdout).not.toMatch(/NaN|Infinity/);
    const json = JSON.parse(
      (await runCliInProcess(workDir, ['compare', 'three', 'three-seed7', '--json'])).stdout,
    );
    expect(json.scenarioDifferences).toEqual([{ field: 'seed', before: '1004', after: '7' }]);
  });

  it('lists the same fields against a baseline file as against its run', async () => {
    const baselines = join(process.cwd(), 'scenarios', 'baselines');
    // The baseline side goes first: a changed run's ShiViz file is written into the second.
    const differences = async (baseline: string) =>
      JSON.parse((await runCliInProcess(workDir, ['compare', baseline, 'three', '--json'])).stdout)
        .scenarioDifferences as { field: string; before: string; after: string }[];
    const againstFile = await differences(join(baselines, 'B2.json'));
    expect(againstFile).toEqual(await differences(join(baselines, 'runs', 'B2')));
    expect(againstFile.map((difference) => difference.field)).toEqual(
      expect.arrayContaining(['name', 'seed', 'rates', 'internalProbability']),
    );
  });

  it('says which fields are unknown when the baseline has no run copy beside it', async () => {
    const alone = join(workDir, 'B2-alone.json');
    copyFileSync(join(process.cwd(), 'scenarios', 'baselines', 'B2.json'), alone);
    const result = await runCliInProcess(workDir, ['compare', 'three', alone]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^seed\s+1004\s+3102$/m);
    expect(result.stdout).toMatch(/^rates\s+\S+\s+\(unknown\)$/m);
  });
});
