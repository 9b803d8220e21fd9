/**
 * `lamport-lab explore` in this process (--jobs 1: every run in this thread): its refusals of
 * bad flags and of an --out holding the user's files, what it writes and prints when nothing is
 * found and when a broken model is, and its exit codes. Worker threads, Ctrl-C and shards are in
 * explore-command.process.test.ts (they need the built CLI).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exploreCommand } from '../../../../src/cli/commands/explore-action.js';
import {
  defaultExploreOut,
  type ExploreOptions,
  machinesMaxDefault,
  parseExpect,
  parseFaultKinds,
} from '../../../../src/cli/commands/explore-options.js';
import type { CliIo } from '../../../../src/cli/io.js';
import { brokenStep } from '../../../helpers/broken-step.js';
import { cliIn } from '../../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-explore-cmd-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const cli = cliIn(() => workDir);

describe('explore: bad flags', () => {
  it.each([
    [['--runs', '0'], '--runs: expected a whole number from 1 to'],
    [['--runs', 'many'], '--runs: expected a whole number'],
    [['--time', '-1'], '--time: expected a number of seconds > 0'],
    [['--time', '0'], '--time: expected a number of seconds > 0'],
    [['--runs', '5', '--time', '1'], '--time: expected either --runs or --time, got both'],
    [['--time', '5', '--shard', '1/2'], '--time: expected --runs with --shard'],
    [['--shard', '0/3'], '--shard: expected i/n with 1 <= i <= n'],
    [['--shard', '4/3'], '--shard: expected i/n'],
    [['--shard', 'half'], '--shard: expected i/n'],
    [['--faults', 'loss,bogus'], '--faults: expected all, none or fault kinds separated by commas'],
    [
      ['--expect', 'nothing'],
      '--expect: expected a rule or consequence name from check --help (machineOrder',
    ],
    // Targets no run of these fault kinds can hit: every run was run, and exit 0 said nothing.
    [
      ['--expect', 'clockReset', '--faults', 'loss'],
      '--expect clockReset: expected --faults to include restart (what can break it), got --faults loss',
    ],
    [
      ['--expect', 'fifoBroken', '--faults', 'none'],
      '--expect fifoBroken: expected --faults to include delay or duplicate (what can break it), got --faults none',
    ],
    [
      ['--expect', 'tickRate'],
      "--expect tickRate: expected a rule or effect explore's runs can break, got a rule only imported runs are checked by",
    ],
    [
      // A restart needs a crash: drawn alone, the run stopped on an internal error (exit 3).
      ['--faults', 'loss,restart', '--expect', 'clockReset'],
      '--faults: expected crash beside restart (a restart resumes a crashed machine), got "loss,restart"',
    ],
    [['--machines-max', '9'], '--machines-max: expected a whole number from 2 to 8'],
    [['--machines-max', '1'], '--machines-max: expected a whole number from 2 to 8'],
    [['--seed', '-1'], '--seed: expected a whole number from 0 to 4294967295'],
    [['--seed', '4294967296'], '--seed: expected a whole number from 0 to 4294967295'],
    [['--jobs', '0'], '--jobs: expected a whole number from 1 to'],
  ])('explore %j: one line, exit 2, nothing written', async (args, message) => {
    const out = join(workDir, `bad-${args.join('_').replace(/[^\w-]/g, '')}`);
    const result = await cli(
      'explore',
      ...args,
      '--out',
      out,
      '--jobs',
      args.includes('--jobs') ? (args[args.indexOf('--jobs') + 1] as string) : '1',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`lamport-lab: ${message}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('lists the fault kinds in their canonical order, each once', () => {
    expect(parseFaultKinds('crash,loss,crash')).toEqual(['loss', 'crash']);
    expect(parseFaultKinds('none')).toEqual([]);
    expect(parseFaultKinds('all')).toHaveLength(9);
  });

  it('gives an exploration of other flags a default directory of its own, its shards one tag', () => {
    const base: ExploreOptions = {
      seed: 1,
      faults: parseFaultKinds('all'),
      machinesMax: machinesMaxDefault,
      jobs: 1,
      force: false,
      quiet: true,
    };
    expect(defaultExploreOut(base)).toBe('logs/explore-1');
    const runs = defaultExploreOut({ ...base, runs: 300 });
    const expectReset = defaultExploreOut({
      ...base,
      faults: parseFaultKinds('crash,restart'),
      expect: parseExpect('clockReset'),
    });
    expect(runs).toMatch(/^logs\/explore-1-[0-9a-f]{8}$/);
    expect(expectReset).toMatch(/^logs\/explore-1-[0-9a-f]{8}$/);
    expect(expectReset).not.toBe(runs);
    // The kinds in any order are the same exploration.
    expect(defaultExploreOut({ ...base, faults: parseFaultKinds('restart,crash') })).toBe(
      defaultExploreOut({ ...base, faults: parseFaultKinds('crash,restart') }),
    );
    const shard = (index: number) =>
      defaultExploreOut({ ...base, runs: 300, shard: { index, count: 3 } });
    expect(shard(1)).toBe(`${runs}-shard-1-of-3`);
    expect(shard(3)).toBe(`${runs}-shard-3-of-3`);
  });

  it('shows examples and the exit codes in --help', async () => {
    const result = await cli('explore', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--shard <i/n>');
    expect(result.stdout).toContain('130 stopped by Ctrl-C');
  });
});

describe('explore: --out', () => {
  it("refuses an --out that is not empty, and with --force one holding the user's explore.json", async () => {
    const out = join(workDir, 'users');
    mkdirSync(out);
    writeFileSync(join(out, 'explore.json'), 'mine\n');
    const plain = await cli('explore', '--runs', '2', '--jobs', '1', '--out', out);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('the directory is not empty');
    const forced = await cli('explore', '--runs', '2', '--jobs', '1', '--out', out, '--force');
    expect(forced.status).toBe(2);
    expect(forced.stderr).toContain(
      'explore.json: expected nothing there or a file lamport-lab wrote',
    );
    expect(readFileSync(join(out, 'explore.json'), 'utf8')).toBe('mine\n');
  });

  it('replaces its own result with --force', async () => {
    const out = join(workDir, 'again');
    expect((await cli('explore', '--runs', '3', '--jobs', '1', '--out', out)).status).toBe(0);
    const first = readFileSync(join(out, 'explore.json'), 'utf8');
    expect((await cli('explore', '--runs', '3', '--jobs', '1', '--out', out)).status).toBe(2);
    expect(
      (await cli('explore', '--runs', '3', '--jobs', '1', '--out', out, '--force')).status,
    ).toBe(0);
    expect(readFileSync(join(out, 'explore.json'), 'utf8')).toBe(first);
  });
});

function capturedIo(): { io: CliIo; output: { stdout: string; stderr: string } } {
  const output = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (output.stdout += text) },
    stderr: { write: (text: string) => (output.stderr += text) },
    nowMs: () => 0,
    randomSeed: () => 0,
    onInterrupt: () => () => {},
  };
  return { io, output };
}

describe('explore: outcomes', () => {
  it('finds nothing on the correct model: exit 0, explore.json with coverage, the table printed', async () => {
    const out = join(workDir, 'correct');
    const result = await cli('explore', '--runs', '20', '--seed', '5', '--jobs', '1', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8'));
    expect(file.kind).toBe('explore');
    expect(file.runs).toBe(20);
    expect(file.coverage.runs).toBe(20);
    expect(file.counterexample).toBeNull();
    expect(Object.keys(file.coverage.faultsFired)).toHaveLength(9);
    expect(result.stdout).toContain('fault kind');
    expect(result.stdout).toContain('no counterexample in 20 runs');
    // Speed is printed on stderr only, never written.
    expect(result.stderr).toContain('runs/s');
    expect(readFileSync(join(out, 'explore.json'), 'utf8')).not.toMatch(/per ?s|wall/i);
    expect(existsSync(join(out, 'counterexample.json'))).toBe(false);
  });

  it('with --expect, tells of a run that broke a must-hold rule without meeting the target', async () => {
    const { io, output } = capturedIo();
    const code = await exploreCommand(
      {
        runs: 3,
        seed: 1,
        // A target these runs can hit (fifoBroken without delay or duplicate is refused), and
        // that the broken step does not: it breaks the clock rules, never a partition.
        faults: ['partition'],
        machinesMax: 3,
        expect: { kind: 'rule', rule: 'partition' },
        jobs: 1,
        out: join(workDir, 'stray'),
        force: false,
        quiet: true,
      },
      io,
      { step: brokenStep('internal-does-not-tick') },
    );
    expect(code, output.stderr).toBe(0);
    expect(output.stdout).toMatch(
      /note: run 0 broke the must-hold rule \w+ while looking for --expect partition/,
    );
  });

  it('finds a broken receive: exit 1, the minimal scenario, its run, its ShiViz file, the replay command', async () => {
    const out = join(workDir, 'broken');
    const { io, output } = capturedIo();
    const code = await exploreCommand(
      { runs: 50, seed: 1, faults: [], machinesMax: 4, jobs: 2, out, force: false, quiet: false },
      io,
      { step: brokenStep('receive-without-max') },
    );
    expect(code, output.stderr).toBe(1);
    const file = JSON.parse(readFileSync(join(out, 'explore.json'), 'utf8'));
    // Without the max, a receive can set the clock back: rule 1 or rule 2, whichever shows first.
    expect(['machineOrder', 'receiveRule']).toContain(file.counterexample.found);
    expect(file.coverage.runs).toBe(file.counterexample.index + 1);
    expect(file.counterexample.minimal.machines).toBeLessThanOrEqual(
      file.counterexample.original.machines,
    );
    expect(existsSync(join(out, 'counterexample.json'))).toBe(true);
    expect(existsSync(join(out, 'run', 'manifest.json'))).toBe(true);
    expect(existsSync(join(out, 'run', 'shiviz.log'))).toBe(true);
    expect(output.stdout).toContain(
      `counterexample: run ${file.counterexample.index} breaks ${file.counterexample.found}`,
    );
    // The written run is the normal run of the minimal scenario (the correct model): run/ is
    // there to read and replay; the broken step is only in this test's exploration.
    expect(output.stdout).toContain('original: ');
    expect(output.stdout).toContain('minimal: ');
    expect(output.stdout).toContain(
      `replay: npx lamport-lab run ${join(out, 'counterexample.json')}`,
    );
  });
});
