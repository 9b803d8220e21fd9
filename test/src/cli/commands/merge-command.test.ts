/**
 * `merge` refuses, in one line naming the directory (exit 2) and before --out is touched,
 * anything but one complete set of shards of one run: a directory without shard.json, mixed
 * kinds or settings, a shard missing or given twice, an out directory inside a shard. The
 * shards here are hand-made shard.json files: every refusal comes before a result is read.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn } from '../../../helpers/cli-process.js';

let workDir = '';
beforeEach(() => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-merge-'));
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));
const cli = cliIn(() => workDir);

const settings = {
  seeds: 1,
  durationSec: 5,
  sweep: false,
  reportFile: 'REPORT.md',
  keepRuns: false,
};

function shardDir(
  name: string,
  index: number,
  count: number,
  change: Record<string, unknown> = {},
): string {
  mkdirSync(join(workDir, name));
  const file = { kind: 'experiments', version: 1, shard: { index, count }, settings, ...change };
  writeFileSync(join(workDir, name, 'shard.json'), `${JSON.stringify(file, null, 2)}\n`);
  return name;
}

/** Runs merge, expecting a refusal: exit 2, one line on stderr, nothing on stdout, no --out. */
async function refusal(...args: string[]): Promise<string> {
  const result = await cli('merge', ...args, '--out', 'merged');
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')).toHaveLength(2);
  expect(existsSync(join(workDir, 'merged'))).toBe(false);
  return result.stderr.trimEnd();
}

describe('lamport-lab merge refuses', () => {
  it('a directory without shard.json (a shard cut short), or no directory', async () => {
    shardDir('s1', 1, 2);
    mkdirSync(join(workDir, 's2'));
    expect(await refusal('s1', 's2')).toBe(
      "lamport-lab: s2: expected a finished shard's output directory (its shard.json is written last), got no shard.json",
    );
    expect(await refusal('s1', 'gone')).toBe(
      "lamport-lab: gone: expected a shard's output directory, got no such directory",
    );
  });

  it('shards of different kinds', async () => {
    shardDir('s1', 1, 2);
    shardDir('s2', 2, 2, { kind: 'explore' });
    expect(await refusal('s1', 's2')).toBe(
      `lamport-lab: ${join('s2', 'shard.json')}: kind: expected "experiments" (string) as in ${join('s1', 'shard.json')}, got "explore" (string)`,
    );
  });

  it('shards of different settings, naming the setting', async () => {
    shardDir('s1', 1, 2);
    shardDir('s2', 2, 2, { settings: { ...settings, seeds: 3 } });
    expect(await refusal('s1', 's2')).toBe(
      `lamport-lab: ${join('s2', 'shard.json')}: settings.seeds: expected 1 (number) as in ${join('s1', 'shard.json')}, got 3 (number)`,
    );
  });

  it('shards of different counts', async () => {
    shardDir('s1', 1, 2);
    shardDir('s2', 2, 3);
    expect(await refusal('s1', 's2')).toMatch(
      /^lamport-lab: s2.shard\.json: shard\.count: expected 2 /,
    );
  });

  it('a shard given twice, naming both directories', async () => {
    shardDir('s1', 1, 2);
    shardDir('again', 1, 2);
    shardDir('s2', 2, 2);
    expect(await refusal('s1', 's2', 'again')).toBe(
      'lamport-lab: again: expected each shard once, got shard 1/2 again (also s1)',
    );
    expect(await refusal('s1', 's1', 's2')).toBe(
      'lamport-lab: s1: expected each shard once, got shard 1/2 again (also s1)',
    );
  });

  it('a missing shard', async () => {
    shardDir('s1', 1, 3);
    shardDir('s3', 3, 3);
    expect(await refusal('s3', 's1')).toBe(
      'lamport-lab: <dirs>: expected shards 1 to 3 each once, got no shard 2/3 (1 of 3 missing)',
    );
  });

  it('a shard.json that is not one', async () => {
    shardDir('s1', 4, 3);
    expect(await refusal('s1')).toBe(
      `lamport-lab: ${join('s1', 'shard.json')}: shard.index: expected a whole number from 1 to 3, got 4 (number)`,
    );
    shardDir('s2', 1, 1, { version: 2 });
    expect(await refusal('s2')).toMatch(/shard\.json: version: expected 1, got 2 \(number\)$/);
    mkdirSync(join(workDir, 's3'));
    writeFileSync(join(workDir, 's3', 'shard.json'), '{ not json');
    expect(await refusal('s3')).toMatch(/^lamport-lab: s3.shard\.json: invalid JSON: /);
  });

  it('settings that would write outside --out', async () => {
    shardDir('s1', 1, 1, { settings: { ...settings, reportFile: '../escape.md' } });
    expect(await refusal('s1')).toBe(
      `lamport-lab: ${join('s1', 'shard.json')}: settings.reportFile: expected a file name ending in .md, without a directory, got "../escape.md"`,
    );
  });

  it('an --out inside a shard (--force would empty the shard)', async () => {
    shardDir('s1', 1, 1);
    const result = await cli('merge', 's1', '--out', join('s1', 'merged'), '--force');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `lamport-lab: --out ${join('s1', 'merged')}: expected a directory apart from the shards', got one that holds or is inside s1\n`,
    );
    expect(await (async () => (await cli('merge', 's1', '--out', '.')).stderr)()).toMatch(
      /^lamport-lab: --out \.: expected a directory apart from the shards'/,
    );
  });

  it('a shard without its results', async () => {
    shardDir('s1', 1, 1);
    expect(await refusal('s1')).toBe(
      `lamport-lab: ${join('s1', 'shard-results.jsonl')}: expected the shard's results, got no readable file`,
    );
    // A link to a shard's directory (a mounted volume, say) is followed: refused only for its results.
    symlinkSync(join(workDir, 's1'), join(workDir, 'link'));
    expect(await refusal('link')).toBe(
      `lamport-lab: ${join('link', 'shard-results.jsonl')}: expected the shard's results, got no readable file`,
    );
  });

  it("results that are not the shard's own jobs, each once", async () => {
    shardDir('s1', 1, 2);
    shardDir('s2', 2, 2);
    const results = (lines: readonly string[]) =>
      writeFileSync(join(workDir, 's1', 'shard-results.jsonl'), lines.join('\n'));
    const job = { experiment: 'trial1', scenario: 'trial1', seed: 1001, durationSec: 5 };
    results([JSON.stringify({ index: 1, result: { job } })]);
    expect(await refusal('s1', 's2')).toBe(
      `lamport-lab: ${join('s1', 'shard-results.jsonl')}:1: expected a result of one of this shard's jobs, each once, got job 1 (trial1 seed 1001)`,
    );
    results([
      JSON.stringify({ index: 0, result: { job } }),
      JSON.stringify({ index: 0, result: { job } }),
    ]);
    expect(await refusal('s1', 's2')).toMatch(
      /shard-results\.jsonl:2: expected a result of one of this shard's jobs, each once, got job 0 /,
    );
    results([JSON.stringify({ index: 0, result: { job: { ...job, seed: 7 } } })]);
    expect(await refusal('s1', 's2')).toMatch(
      /shard-results\.jsonl:1: .* got job 0 \(trial1 seed 7\)$/,
    );
    results(['{ cut sho']);
    expect(await refusal('s1', 's2')).toMatch(
      /shard-results\.jsonl:1: expected a job's result as JSON, got something else$/,
    );
    results([JSON.stringify({ index: 0, result: { job } })]);
    expect(await refusal('s1', 's2')).toBe(
      `lamport-lab: ${join('s1', 'shard-results.jsonl')}: expected the results of 9 jobs, got 1`,
    );
  });

  it('an explore shard without its explore.json (merge hands explore shards to explore)', async () => {
    shardDir('e1', 1, 1, { kind: 'explore' });
    expect(await refusal('e1')).toBe(`lamport-lab: ${join('e1', 'explore.json')}: no such file`);
  });

  it('no --out', async () => {
    shardDir('s1', 1, 1);
    const result = await cli('merge', 's1');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'lamport-lab: --out: expected directory for the merged output (new or empty), got nothing\n',
    );
  });
});

describe('lamport-lab experiments --shard', () => {
  it.each(['0/3', '4/3', '1/0', 'two/3', '2'])('refuses %j in one line (exit 2)', async (value) => {
    const result = await cli('experiments', '--shard', value, '--out', 'never');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `lamport-lab: --shard: expected i/n with 1 <= i <= n <= 100000 (like 2/3: the second of three shares), got "${value}"\n`,
    );
    expect(existsSync(join(workDir, 'never'))).toBe(false);
  });
});

describe('lamport-lab merge of explore shards', () => {
  const explore = (shard: string, out: string, expect: string[]) =>
    cli(
      'explore',
      '--runs',
      '8',
      '--seed',
      '1',
      '--faults',
      'crash,restart',
      ...expect,
      '--jobs',
      '1',
      '--quiet',
      '--shard',
      shard,
      '--out',
      out,
    );

  it('exits 1 and says so when a shard holds a counterexample, as explore would', async () => {
    for (const shard of ['1/2', '2/2'])
      await explore(shard, `e${shard[0]}`, ['--expect', 'clockReset']);
    const merged = await cli('merge', 'e2', 'e1', '--out', 'merged');
    expect(merged.status, merged.stderr).toBe(1);
    expect(merged.stdout).toBe(
      `merged 2 shards: wrote ${join('merged', 'explore.json')}, and the counterexample with the lowest run index (${join('merged', 'counterexample.json')}, run/)\n`,
    );
    expect(existsSync(join(workDir, 'merged', 'counterexample.json'))).toBe(true);
  });

  it('refuses an --out inside a shard or holding one, leaving the shards as they were', async () => {
    for (const shard of ['1/2', '2/2']) await explore(shard, `e${shard[0]}`, []);
    for (const out of [join('e1', 'merged'), '.']) {
      const merged = await cli('merge', 'e1', 'e2', '--out', out, '--force');
      expect(merged.status, merged.stderr).toBe(2);
      expect(merged.stderr).toMatch(/expected a directory apart from the shards'/);
    }
    expect(existsSync(join(workDir, 'e1', 'merged'))).toBe(false);
  });

  it('refuses a counterexample whose run/ holds what the shard did not write, before --out', async () => {
    for (const shard of ['1/2', '2/2'])
      await explore(shard, `e${shard[0]}`, ['--expect', 'clockReset']);
    const found =
      JSON.parse(readFileSync(join(workDir, 'e1', 'explore.json'), 'utf8')).counterexample === null
        ? 'e2'
        : 'e1';
    mkdirSync(join(workDir, found, 'run', 'x'));
    const merged = await cli('merge', 'e1', 'e2', '--out', 'merged');
    expect(merged.status, merged.stderr).toBe(2);
    expect(merged.stderr).toBe(
      `lamport-lab: ${join(found, 'run', 'x')}: expected a file the shard wrote, got a directory\n`,
    );
    expect(existsSync(join(workDir, 'merged'))).toBe(false);
  });

  it('refuses a shard whose runs.jsonl changed since the shard wrote it', async () => {
    for (const shard of ['1/2', '2/2']) await explore(shard, `e${shard[0]}`, []);
    const runs = join(workDir, 'e2', 'runs.jsonl');
    writeFileSync(runs, readFileSync(runs, 'utf8').replace(/"events":(\d)/, '"events":9$1'));
    const merged = await cli('merge', 'e1', 'e2', '--out', 'merged');
    expect(merged.status, merged.stderr).toBe(2);
    expect(merged.stderr).toBe(
      `lamport-lab: ${join('e2', 'runs.jsonl')}: expected the file the shard wrote, got a file changed since lamport-lab wrote it\n`,
    );
  });

  it('exits 0 when none does', async () => {
    for (const shard of ['1/2', '2/2']) await explore(shard, `e${shard[0]}`, []);
    const merged = await cli('merge', 'e1', 'e2', '--out', 'merged');
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(
      `merged 2 shards: wrote ${join('merged', 'explore.json')}: no counterexample\n`,
    );
  });
});
