/**
 * `explore --impl -- <command>`: explore's runs with an external implementation as the machines
 * (the harness), the first failure shrunk to a small scenario written as a file that `harness`
 * replays. Spawns Python children, hence *.process.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot, runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-explore-impl-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const examples = join(packageRoot, 'scenarios', 'implementations');
const hasPython = spawnSync('python3', ['--version']).error === undefined;
const cli = (...args: string[]) => runCliInProcess(workDir, args);

describe.skipIf(!hasPython)('explore --impl (skipped: no python3 here)', () => {
  it('shrinks the stamp-before-increment bug to a small scenario that harness replays', async () => {
    const out = join(workDir, 'stamp');
    const bug = join(examples, 'bug_stamp_before_increment.py');
    const result = await cli(
      'explore',
      '--impl',
      '--runs',
      '20',
      '--out',
      out,
      '--',
      'python3',
      bug,
    );
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^run \d+ fails: machineOrder: /m);
    const minimal = JSON.parse(readFileSync(join(out, 'counterexample.json'), 'utf8'));
    expect(minimal.machines).toBe(2);
    expect(minimal.durationSec).toBe(1);
    expect(minimal.faults).toBeUndefined();
    const events = Number(/^minimal: 2 machines, (\d+) events/m.exec(result.stdout)?.[1]);
    expect(events).toBeLessThanOrEqual(4);
    const replay = /^replay: npx lamport-lab (.*)$/m.exec(result.stdout)?.[1];
    expect(replay).toBe(
      `harness --scenario ${join(out, 'counterexample.json')} --out ${join(out, 'run')} --force -- python3 ${bug}`,
    );
    const replayed = await cli(...(replay as string).split(' '));
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/rule 1 \(machineOrder\): a send's msg_clock equals/);
  });

  it('with --faults: shrinks a restart that forgets its clock to a crash and a restart', async () => {
    const out = join(workDir, 'restart');
    const bug = join(examples, 'bug_restart_forgets_clock.py');
    // docs/HARNESS.md's command: its first failure (run 1) used to shrink to a second,
    // irrelevant crash and restart of machine 0 besides the one that matters.
    const result = await cli(
      'explore',
      '--impl',
      '--faults',
      'crash,restart',
      '--runs',
      '30',
      '--out',
      out,
      '--',
      'python3',
      bug,
    );
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^run \d+ fails: restartClock: /m);
    expect(result.stdout).toMatch(/^minimal: 2 machines, \d+ events, .*: restartClock: /m);
    const minimal = JSON.parse(readFileSync(join(out, 'counterexample.json'), 'utf8'));
    // Just the crash and the restart that forgets: no other pair shrunk to nothing and kept.
    const kinds = minimal.faults.map((fault: { kind: string }) => fault.kind);
    expect(kinds).toEqual(['crash', 'restart']);
    expect(minimal.faults[0].machine).toBe(minimal.faults[1].machine);
    const replay = /^replay: npx lamport-lab (.*)$/m.exec(result.stdout)?.[1];
    const replayed = await cli(...(replay as string).split(' '));
    expect(replayed.status).toBe(1);
    expect(replayed.stdout).toMatch(/rule 7 \(restartClock\)/);
  }, 240_000);

  it('finds nothing in the correct implementation', async () => {
    const result = await cli(
      'explore',
      '--impl',
      '--runs',
      '3',
      '--out',
      join(workDir, 'correct'),
      '--',
      'python3',
      join(examples, 'correct.py'),
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^nothing found in 3 runs/m);
  });

  it('refuses a command without --impl, and --impl without a command', async () => {
    const without = await cli('explore', '--runs', '1', '--', 'python3', 'x.py');
    expect(without.status).toBe(2);
    expect(without.stderr).toMatch(/expected no command without --impl/);
    const empty = await cli('explore', '--impl', '--runs', '1');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/--impl: expected the implementation to run after --/);
  });

  it('a command that does not work is exit 2 with its stderr, not a counterexample', async () => {
    const out = join(workDir, 'no-such-file');
    const result = await cli(
      'explore',
      '--impl',
      '--runs',
      '2',
      '--out',
      out,
      '--',
      'python3',
      join(workDir, 'does_not_exist.py'),
    );
    expect(result.status, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).not.toMatch(/fails|shrink/);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^lamport-lab: <command\.\.\.>: expected a program that answers init, got python3 \S*does_not_exist\.py exiting before it .*exit code 2.*; its stderr ends: .*can't open file/,
    );
    expect(existsSync(join(out, 'counterexample.json'))).toBe(false);
    const missing = await cli(
      'explore',
      '--impl',
      '--runs',
      '2',
      '--out',
      out,
      '--',
      join(workDir, 'nope'),
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /^lamport-lab: <command\.\.\.>: expected a program that can be started, got cannot start .*ENOENT\n$/,
    );
  });
});
