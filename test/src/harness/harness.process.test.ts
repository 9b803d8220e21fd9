/**
 * `lamport-lab harness -- <command>`: the shipped implementations reproduce `run` byte for byte,
 * the buggy ones are caught naming the rule, and a child that hangs, crashes, answers garbage
 * or an oversized line is a finding with no process left behind. Spawns real children (Python
 * and Node), hence *.process.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, packageRoot, runCliInProcess } from '../../helpers/cli-process.js';
import { writeNodeMachine } from '../../helpers/node-machine.js';
import { expectSameRun } from '../../helpers/same-run.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-harness-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const examples = join(packageRoot, 'scenarios', 'implementations');
const hasPython = spawnSync('python3', ['--version']).error === undefined;
const cli = (...args: string[]) => runCliInProcess(workDir, args);

const scenarios: readonly (readonly string[])[] = [
  ['--scenario', 'default'],
  ['--scenario', 'A2', '--seed', '7', '--duration', '20'],
  ['--rates', '1,2,6,3', '--seed', '11', '--duration', '15', '--latency', 'uniform:1-400'],
];

describe.skipIf(!hasPython)('harness with the Python examples (skipped: no python3 here)', () => {
  it.each(scenarios)('correct.py reproduces run byte for byte: %s %s', async (...flags) => {
    const name = flags.join('_').replace(/[^\w]/g, '');
    const runDir = join(workDir, `run-${name}`);
    const harnessDir = join(workDir, `py-${name}`);
    const run = await cli('run', ...flags.filter((flag) => flag !== '--scenario'), '--out', runDir);
    expect(run.status, run.stderr).toBe(0);
    const harnessed = await cli(
      'harness',
      ...flags,
      '--out',
      harnessDir,
      '--',
      'python3',
      join(examples, 'correct.py'),
    );
    expect(harnessed.status, harnessed.stdout + harnessed.stderr).toBe(0);
    expect(harnessed.stdout).toMatch(/^OK /m);
    expectSameRun(runDir, harnessDir);
  });

  it.each([
    ['bug_stamp_before_increment.py', /rule 1 \(machineOrder\): a send's msg_clock equals/],
    ['bug_receive_ignores_own_clock.py', /rule 2 \(receiveRule\)/],
  ])('%s fails with a finding naming the rule', async (file, rule) => {
    const result = await cli(
      'harness',
      '--out',
      join(workDir, file),
      '--',
      'python3',
      join(examples, file),
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAILED /m);
    expect(result.stdout).toMatch(rule);
  });
});

describe('harness with the JavaScript example', () => {
  it('correct.mjs reproduces run byte for byte', async () => {
    const runDir = join(workDir, 'run-js');
    const harnessDir = join(workDir, 'js');
    const flags = ['--seed', '5', '--rates', '3,1,4', '--duration', '30'];
    expect((await cli('run', ...flags, '--out', runDir)).status).toBe(0);
    const result = await cli(
      'harness',
      ...flags,
      '--out',
      harnessDir,
      '--',
      process.execPath,
      join(examples, 'correct.mjs'),
    );
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expectSameRun(runDir, harnessDir);
  });
});

/**
 * A child in Node that says its PID on stderr (so the test can tell it is gone), greets, and
 * answers the first `tick` as `onTick` says (undefined: never answers).
 */
function brokenChild(name: string, onTick: string): string {
  const path = join(workDir, `${name}.mjs`);
  writeFileSync(
    path,
    `process.stderr.write('pid ' + process.pid + '\\n');
import { createInterface } from 'node:readline';
createInterface({ input: process.stdin }).on('line', (line) => {
  const message = JSON.parse(line);
  if (message.type === 'init') process.stdout.write('{"type":"ready","v":1}\\n');
  if (message.type === 'tick') { ${onTick} }
});
`,
  );
  return path;
}

function pidsIn(runDir: string): number[] {
  return readdirSync(runDir)
    .filter((name) => name.endsWith('.stderr.txt'))
    .flatMap((name) => {
      const match = /^pid (\d+)$/m.exec(readFileSync(join(runDir, name), 'utf8'));
      return match === null ? [] : [Number(match[1])];
    });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a broken child is a finding, and no child is left running', () => {
  it.each([
    ['hangs', 'process.stderr.write("thinking\\n");', /hung: no reply within 300 ms/],
    ['garbage', 'process.stdout.write("hello there\\n");', /garbage: expected one JSON object/],
    [
      'crashes',
      'process.stderr.write("boom: out of ideas\\n"); process.exit(3);',
      /exited: the process ended \(exit code 3\)/,
    ],
    ['oversized', 'process.stdout.write("x".repeat(70000));', /oversized: over 65536 characters/],
    [
      'wrong-action',
      'process.stdout.write(JSON.stringify({event:"receive",msg_id:"9-9",msg_clock:1,clock:2,queue:0})+"\\n");',
      /model: nothing queued and roll \d+: expected/,
    ],
  ])('a child that %s', async (name, onTick, finding) => {
    const runDir = join(workDir, `broken-${name}`);
    const result = await cli(
      'harness',
      '--timeout-ms',
      '300',
      '--out',
      runDir,
      '--',
      process.execPath,
      brokenChild(name, onTick),
    );
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(finding);
    expect(result.stdout).toMatch(/last lines of .*machine-\d\.stderr\.txt:\n {4}pid \d+/);
    expect(result.stdout).not.toMatch(/^OK /m);
    expect(result.stdout).toMatch(
      /^the logged part of \S+ \(\d+ events, .*\) keeps the rules; the run stopped at the finding above$/m,
    );
    const pids = pidsIn(runDir);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(isRunning(pid), `pid ${pid}`).toBe(false);
    // What was logged before the finding is a run directory `check` reads.
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.completed).toBe(false);
  });
});

describe('a child that exits before answering init', () => {
  it('is a finding that shows its stderr', async () => {
    const path = join(workDir, 'exits-at-once.mjs');
    writeFileSync(path, 'process.stderr.write("cannot load my config\\n"); process.exit(2);\n');
    const runDir = join(workDir, 'exits-at-once');
    const result = await cli('harness', '--out', runDir, '--', process.execPath, path);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /FINDING machine \d at 0\.000000 s: exited: the process ended \(exit code 2\)\n {2}last lines of .*machine-\d\.stderr\.txt:\n {4}cannot load my config\n/,
    );
  });
});

describe('bad input is one line and exit 2', () => {
  it.each([
    [
      ['harness', '--', join(workDir, 'no-such-program')],
      /<command\.\.\.>: expected a program that can be started, got .*ENOENT/,
    ],
    [['harness', '--timeout-ms', 'soon', '--', 'x'], /--timeout-ms: expected a whole number of ms/],
    [['harness', '--machines', '65', '--', 'x'], /--machines: expected at most 64/],
    [['harness', '--crash', '1', '--', 'x'], /--crash: expected M@T\[:keep\|:drop\]/],
    [
      ['harness', '--restart', '1@8:reset', '--', 'x'],
      /--restart 1@8:reset \(faults\[0\]\.atSec\): expected a restart of a machine that is down/,
    ],
  ])('%s', async (args, message) => {
    const split = args.indexOf('--');
    const out = ['--out', join(workDir, `bad-${args.length}-${args[1]}`)];
    const result = await cli(...args.slice(0, split), ...out, ...args.slice(split));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('a command that cannot be started', () => {
  it('leaves nothing behind: the corrected command runs where the refused one would have', async () => {
    const here = mkdtempSync(join(workDir, 'unstartable-'));
    const mine = join(here, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), "the user's\n");
    const harness = (...args: string[]) =>
      runCliInProcess(here, ['harness', '--seed', '4', '--duration', '2', ...args]);
    const missing = join(workDir, 'no-such-program');
    const refused = await harness('--', missing);
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/expected a program that can be started, got .*ENOENT/);
    // logs/harness-default-seed4-<tag> and logs/ were this invocation's: both are gone.
    expect(readdirSync(here)).toEqual(['mine']);
    // --force into the user's directory: their file stays, nothing of the run does.
    const forced = await harness('--out', mine, '--force', '--', missing);
    expect(forced.status, forced.stderr).toBe(2);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
    const machine = writeNodeMachine(join(workDir, 'starts-fine.mjs'), {
      atTick: Number.MAX_SAFE_INTEGER,
      onTick: '',
    });
    const corrected = await harness('--', process.execPath, machine);
    expect(corrected.status, corrected.stdout + corrected.stderr).toBe(0);
    expect(corrected.stdout).toMatch(/^logs: logs\/harness-default-seed4-[0-9a-f]{8}$/m);
  });
});

describe("harness's default directory", () => {
  it('is tagged by the flags that change the scenario, as run tags its own', async () => {
    const here = mkdtempSync(join(workDir, 'tagged-'));
    const correct = ['--', process.execPath, join(examples, 'correct.mjs')];
    const harness = (...args: string[]) =>
      runCliInProcess(here, ['harness', '--seed', '4', ...args, ...correct]);
    // The help's examples pasted one after the other: a fault flag, then none. Each took
    // logs/harness-default-seed4, and the second was refused.
    const faulted = await harness('--duration', '10', '--crash', '1@5', '--restart', '1@8');
    expect(faulted.status, faulted.stdout + faulted.stderr).toBe(0);
    expect(faulted.stdout).toMatch(/^logs: logs\/harness-default-seed4-[0-9a-f]{8}$/m);
    const plain = await harness();
    expect(plain.status, plain.stdout + plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^logs: logs\/harness-default-seed4$/m);
    expect(readdirSync(join(here, 'logs')).sort()).toHaveLength(2);
  });
});

/** A correct machine in Node whose machine 1 does `onTick` at its tick `atTick` instead. */
function failingLater(name: string, atTick: number, onTick: string): string {
  return writeNodeMachine(join(workDir, `${name}.mjs`), { atTick, onTick });
}

describe('a child that fails mid-run', () => {
  it.each([
    [
      'crash-later',
      'process.exit(4)',
      /FINDING machine 1 at \d+\.\d+ s: exited: the process ended \(exit code 4\)/,
    ],
    [
      'internal-later',
      "say({ event: 'internal', clock: 999 })",
      /FINDING machine 1 at .*: model: /,
    ],
  ])('%s: the run stops there, and what was logged checks OK', async (name, onTick, finding) => {
    const runDir = join(workDir, name);
    const result = await cli(
      'harness',
      '--seed',
      '3',
      '--out',
      runDir,
      '--',
      process.execPath,
      failingLater(name, 40, onTick),
    );
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(finding);
    // The prefix logged before the finding is consistent: check finds nothing wrong in it, and
    // says so without an "OK" that would read as the implementation passing.
    expect(result.stdout).not.toMatch(/^OK /m);
    expect(result.stdout).toMatch(
      /^the logged part of \S+ \(\d+ events, .*\) keeps the rules; the run stopped at the finding above$/m,
    );
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.completed).toBe(false);
    expect(manifest.machines[1].events.total).toBe(39);
  });
});

describe('Ctrl-C', () => {
  it.each([
    ['the whole process group (at a terminal)', 'group'],
    ['the children only, before the harness hears of it', 'children'],
  ])('reaching %s stops the run: 130, no child left', async (_, whom) => {
    const runDir = join(workDir, `interrupted-${whom}`);
    const child = failingLater('never-fails', 1e9, '');
    const args = ['harness', '--duration', '100000', '--no-check', '--out', runDir, '--'];
    const cli = spawn(process.execPath, [cliPath, ...args, process.execPath, child], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a shell makes for a command: Ctrl-C signals the whole group.
      detached: true,
    });
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    // Interrupted once every machine has logged for a while (their PIDs are on their stderr).
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(runDir) && pidsIn(runDir).length === 3) {
          clearInterval(poll);
          setTimeout(resolve, 500);
        }
      }, 100);
    });
    if (whom === 'group') process.kill(-(cli.pid as number), 'SIGINT');
    else for (const pid of pidsIn(runDir)) process.kill(pid, 'SIGINT');
    const status = await new Promise<number | null>((resolve) => cli.once('close', resolve));
    expect(status, stdout).toBe(130);
    expect(stdout).toMatch(/^ran \d+ events/m);
    for (const pid of pidsIn(runDir)) expect(isRunning(pid), `pid ${pid}`).toBe(false);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.completed).toBe(false);
  });
});
