/**
 * Sharding (issue 19): 3 shards run as separate processes of the built CLI, merged by
 * mergeExplore, give the very bytes of the unsharded explore.json, with and without a
 * counterexample (whose files are copied from the shard that found it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeExplore } from '../../../src/explore/explore-merge.js';
import { runBuiltCli } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-explore-shards-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const explore = (args: readonly string[]) =>
  runBuiltCli(workDir, ['explore', '--quiet', '--jobs', '1', ...args], { timeoutMs: 240_000 });

async function shardedMatchesUnsharded(
  name: string,
  args: readonly string[],
  expectedCode: number,
): Promise<void> {
  const whole = explore([...args, '--out', `${name}-whole`]);
  expect(whole.status, whole.stderr).toBe(expectedCode);
  const dirs = [1, 2, 3].map((index) => join(workDir, `${name}-shard${index}`));
  dirs.forEach((dir, index) => {
    const shard = explore([...args, '--shard', `${index + 1}/3`, '--out', dir]);
    expect([0, 1], shard.stderr).toContain(shard.status);
  });
  const merged = join(workDir, `${name}-merged`);
  // In another order than 1, 2, 3: the merge sorts by index.
  expect(await mergeExplore([dirs[2], dirs[0], dirs[1]] as string[], merged)).toBe(expectedCode);
  const files =
    expectedCode === 1
      ? ['explore.json', 'counterexample.json', 'run/manifest.json', 'run/shiviz.log']
      : ['explore.json'];
  for (const file of files) {
    expect(readFileSync(join(merged, file), 'utf8'), file).toBe(
      readFileSync(join(workDir, `${name}-whole`, file), 'utf8'),
    );
  }
}

describe('explore --shard i/3 merged', () => {
  it('gives the unsharded explore.json byte for byte when nothing is found', async () => {
    await shardedMatchesUnsharded('clean', ['--runs', '45', '--seed', '11'], 0);
  }, 300_000);

  it('gives the unsharded result, counterexample files too, when a run fails', async () => {
    await shardedMatchesUnsharded(
      'reset',
      ['--runs', '200', '--expect', 'clockReset', '--faults', 'crash,restart'],
      1,
    );
  }, 300_000);

  it('refuses to merge into one of the shards', async () => {
    const dirs = [1, 2, 3].map((index) => join(workDir, `clean-shard${index}`));
    await expect(mergeExplore(dirs, dirs[1] as string, { force: true })).rejects.toThrow(
      /--out .*clean-shard2: expected a directory apart from the shards', got one that holds or is inside .*clean-shard2/,
    );
  });

  it('refuses a set of shards with one missing, naming it (exit 2 at the CLI)', async () => {
    const dirs = [1, 2].map((index) => join(workDir, `clean-shard${index}`));
    await expect(mergeExplore(dirs, join(workDir, 'partial'))).rejects.toThrow(
      /expected shards 1\.\.3, got no shard 3\/3/,
    );
  });
});
