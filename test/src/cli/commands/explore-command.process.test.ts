/**
 * `lamport-lab explore` as a user runs it (the built CLI, worker threads): the same bytes with
 * one thread or two, a counterexample that `run` replays, and Ctrl-C stopping cleanly with the
 * coverage so far.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, runBuiltCli } from '../../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-explore-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const explore = (args: readonly string[]) =>
  runBuiltCli(workDir, ['explore', '--quiet', ...args], { timeoutMs: 240_000 });

describe('lamport-lab explore, built', () => {
  it('writes the same explore.json with --jobs 1 and --jobs 2', () => {
    const one = explore(['--runs', '60', '--seed', '3', '--jobs', '1', '--out', 'one']);
    const two = explore(['--runs', '60', '--seed', '3', '--jobs', '2', '--out', 'two']);
    // 0, or 1 if the model has a bug these runs reach: the same either way.
    expect([0, 1], one.stderr).toContain(one.status);
    expect(two.status, two.stderr).toBe(one.status);
    const bytes = readFileSync(join(workDir, 'two', 'explore.json'), 'utf8');
    expect(readFileSync(join(workDir, 'one', 'explore.json'), 'utf8')).toBe(bytes);
    const file = JSON.parse(bytes);
    expect(file.coverage.runs).toBe(
      file.counterexample === null ? 60 : file.counterexample.index + 1,
    );
  }, 300_000);

  it('finds a clock going down with --expect, the same with 1 and 2 jobs, and run replays it', () => {
    const args = ['--runs', '200', '--expect', 'clockReset', '--faults', 'crash,restart'];
    const one = explore([...args, '--jobs', '1', '--out', 'reset1']);
    const two = explore([...args, '--jobs', '2', '--out', 'reset2']);
    expect(one.status, one.stderr).toBe(1);
    expect(two.status, two.stderr).toBe(1);
    for (const name of [
      'explore.json',
      'counterexample.json',
      'run/manifest.json',
      'run/shiviz.log',
    ]) {
      expect(readFileSync(join(workDir, 'reset2', name), 'utf8')).toBe(
        readFileSync(join(workDir, 'reset1', name), 'utf8'),
      );
    }
    const found = JSON.parse(
      readFileSync(join(workDir, 'reset1', 'explore.json'), 'utf8'),
    ).counterexample;
    expect(found.found).toBe('clockReset');
    expect(one.stdout).toContain(
      'replay: npx lamport-lab run reset1/counterexample.json --out reset1/replay --check --strict',
    );
    const replay = runBuiltCli(workDir, [
      'run',
      'reset1/counterexample.json',
      '--out',
      'reset1/replay',
      '--check',
      '--strict',
    ]);
    // The replay shows the finding: --strict fails on the clockReset consequence.
    expect(replay.status, replay.stderr).toBe(1);
    expect(replay.stdout).toMatch(/^FAILED .*--strict fails on consequences of injected faults/m);
    expect(replay.stdout).toContain('clockReset');
    expect(readFileSync(join(workDir, 'reset1', 'replay', 'machine-0.csv'), 'utf8')).toBe(
      readFileSync(join(workDir, 'reset1', 'run', 'machine-0.csv'), 'utf8'),
    );
  }, 300_000);

  it('with --time, runs until the time is up and writes the runs done', () => {
    const timed = explore(['--time', '2', '--jobs', '2', '--out', 'timed']);
    expect([0, 1], timed.stderr).toContain(timed.status);
    const file = JSON.parse(readFileSync(join(workDir, 'timed', 'explore.json'), 'utf8'));
    expect(file.coverage.runs).toBeGreaterThan(0);
    if (file.counterexample === null) expect(file.runs).toBe(file.coverage.runs);
  }, 120_000);

  it('stops on Ctrl-C: exit 130, explore.json with "interrupted": true and the runs so far', async () => {
    const out = join(workDir, 'stopped');
    const child = spawn(
      process.execPath,
      [cliPath, 'explore', '--time', '120', '--jobs', '2', '--out', out],
      {
        cwd: workDir,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    // Once it has announced itself, let it run a little, then Ctrl-C.
    while (!stderr.includes('explore: seed'))
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    const file = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8'));
    expect(file.interrupted).toBe(true);
    expect(file.coverage.runs).toBeGreaterThan(0);
    expect(file.runs).toBe(file.coverage.runs);
    expect(existsSync(join(out, 'counterexample.json'))).toBe(false);
  }, 120_000);

  it('Ctrl-C while shrinking stops the shrink: the counterexample so far, "interrupted", exit 130', async () => {
    const out = join(workDir, 'shrink-stopped');
    // Run 21 breaks fifoBroken and takes about a second to shrink (106 steps when left alone).
    const child = spawn(
      process.execPath,
      [cliPath, 'explore', '--expect', 'fifoBroken', '--runs', '300', '--out', out],
      { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      while (!stderr.includes('shrinking it ...') && child.exitCode === null)
        await new Promise((resolve) => setTimeout(resolve, 5));
      child.kill('SIGINT');
      const code = await exited;
      expect(code, stdout + stderr).toBe(130);
      expect(stdout).toMatch(/breaks fifoBroken; shrinking stopped by Ctrl-C after \d+ steps/);
      const file = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8'));
      expect(file.interrupted).toBe(true);
      expect(file.counterexample).toMatchObject({ index: 21, found: 'fifoBroken' });
      // Written and replayable, as far as it got.
      const scenario = JSON.parse(readFileSync(join(out, 'counterexample.json'), 'utf8'));
      expect(scenario.seed).toBeTypeOf('number');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
