/**
 * Sharding end to end, as a user runs it: three `experiments --shard i/3` processes running at
 * the same time (as three machines would), then `merge`, give every file one unsharded process
 * writes (REPORT.md, report.html, figures/, runs/ with every log, manifest and summary, and
 * lamport-lab's records of what it wrote), byte for byte. Both run with the same --out name, in
 * different parent directories, since the report quotes its command line.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, fileHashes, runBuiltCli } from '../../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-shards-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** `lamport-lab <args>` as its own process in `cwd`; resolves with its exit code and stderr. */
function started(
  cwd: string,
  args: readonly string[],
): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** A fresh directory under the work directory. */
function place(name: string): string {
  const path = join(workDir, name);
  mkdirSync(path, { recursive: true });
  return path;
}

async function shardsThenMerge(
  label: string,
  flags: readonly string[],
): Promise<{ unsharded: string; merged: string; shards: string[] }> {
  const base = [
    'experiments',
    '--seeds',
    '2',
    '--duration',
    '5',
    '--sweep',
    '--workers',
    '1',
    ...flags,
  ];
  const alone = place(`${label}/alone`);
  const shardsDir = place(`${label}/shards`);
  const together = place(`${label}/merged`);
  const runs = await Promise.all([
    started(alone, [...base, '--out', 'report']),
    ...[1, 2, 3].map((index) =>
      started(shardsDir, [...base, '--shard', `${index}/3`, '--out', `part${index}`]),
    ),
  ]);
  for (const run of runs) expect(run.status, run.stderr).toBe(0);
  // In another order than 1..3: merge orders them by shard.json.
  const shards = [3, 1, 2].map((index) => join(shardsDir, `part${index}`));
  const merge = runBuiltCli(together, ['merge', ...shards, '--out', 'report']);
  expect(merge.status, merge.stderr).toBe(0);
  expect(merge.stdout).toMatch(
    /^merged 3 shards: wrote report.\w+\.md and report\.html \(18 experiments, 96 runs\)\n$/,
  );
  return { unsharded: join(alone, 'report'), merged: join(together, 'report'), shards };
}

describe('3 shards merged', () => {
  let kept: Awaited<ReturnType<typeof shardsThenMerge>>;

  it('write every file of the unsharded run, its runs/ included, byte for byte', async () => {
    kept = await shardsThenMerge('kept', []);
    const expected = fileHashes(kept.unsharded);
    // Not an empty comparison: each of the 96 runs has its logs, manifest, summary and record.
    const runFiles = [...expected.keys()].filter((file) => file.startsWith('runs/'));
    expect(runFiles.filter((file) => file.endsWith('/manifest.json'))).toHaveLength(96);
    expect(runFiles.length).toBeGreaterThan(96 * 4);
    expect(fileHashes(kept.merged)).toEqual(expected);
  }, 120_000);

  it('with --no-keep-runs and another --report-file too', async () => {
    const dropped = await shardsThenMerge('dropped', [
      '--no-keep-runs',
      '--report-file',
      'NOTES.md',
    ]);
    const expected = fileHashes(dropped.unsharded);
    expect([...expected.keys()].sort()).toEqual(
      expect.arrayContaining([
        '.lamport-lab.json',
        'NOTES.md',
        'report.html',
        'figures/sweep-max-jump.svg',
      ]),
    );
    expect([...expected.keys()].some((file) => file.startsWith('runs/'))).toBe(false);
    expect(fileHashes(dropped.merged)).toEqual(expected);
  }, 120_000);

  it('refuse a shard whose run was changed after it was written', () => {
    const shard = kept.shards[1] as string; // part1: the first job's run
    appendFileSync(join(shard, 'runs', 'trial1-seed1001', 'machine-0.csv'), '0,0,internal\n');
    const merge = runBuiltCli(place('tampered'), ['merge', ...kept.shards, '--out', 'report']);
    expect(merge.status).toBe(2);
    expect(merge.stderr).toBe(
      `lamport-lab: ${join(shard, 'runs', 'trial1-seed1001', 'machine-0.csv')}: expected a file the shard wrote, got a file changed since lamport-lab wrote it\n`,
    );
  });
});
