/**
 * Goal: every command returns the codes of the one table (src/common/exit-codes.ts) where it
 * should: 0 success, 1 a finding, 2 bad input, 3 an internal error (never 1, which a script
 * would take for a broken rule), 130 interrupted; and `--help` shows that table.
 * Method: the CLI program in this process (runCli) with captured output, on small runs made once
 * in a temporary directory. An internal error is planted with vi.doMock: a dependency of the
 * command throws core's InvariantError, as a bug would; no flag or file of the product can do
 * that. Real processes only where the process is the point: a Ctrl-C reaching a run and its
 * children, and a worker thread's error crossing to the main thread.
 */
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
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
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exitCodeOf } from '../../../src/common/errors.js';
import { exitCodes } from '../../../src/common/exit-codes.js';
import { runJobs } from '../../../src/experiments/pool.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { brokenStep } from '../../helpers/broken-step.js';
import { cliPath, runBuiltCli } from '../../helpers/cli-process.js';
import { freePorts } from '../../helpers/free-ports.js';
import { waitFor, within } from '../../helpers/waiting.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-exit-codes-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** trial4 for 10 s, seed 1004: correct (`good`), with internal events that do not tick (`broken`). */
const good = join(workDir, 'good');
const broken = join(workDir, 'broken');
/** The same scenario with another seed: `compare` finds a difference. */
const otherSeed = join(workDir, 'other-seed');
const missing = join(workDir, 'no-such-run');

async function trial4Run(outDir: string, seed: number, broken = false): Promise<void> {
  const loaded = loadScenario('trial4', { values: { durationSec: 10 }, flags: {} });
  await executeRun(
    { scenario: resolveScenario(loaded, seed), outDir, force: false },
    {},
    broken ? { step: brokenStep('internal-does-not-tick') } : {},
  );
}

beforeAll(async () => {
  await trial4Run(good, 1004);
  await trial4Run(broken, 1004, true);
  await trial4Run(otherSeed, 7);
});

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `lamport-lab <args>` in this process; `interrupt` is called with the Ctrl-C handler. */
async function lab(
  args: readonly string[],
  interrupt?: (handler: () => void) => void,
): Promise<Outcome> {
  const { runCli } = await import('../../../src/cli/program.js');
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    nowMs: () => 0,
    randomSeed: () => 1,
    onInterrupt: (handler) => {
      interrupt?.(handler);
      return () => {};
    },
  });
  return { status, stdout, stderr };
}

/**
 * `lamport-lab <args>` with a bug planted in `modulePath` (from this file): its `exportName`
 * throws an InvariantError, as an assertion of the product would.
 */
async function withBug(modulePath: string, exportName: string, args: string[]): Promise<Outcome> {
  vi.resetModules();
  vi.doMock(modulePath, async (importOriginal) => {
    const original = await importOriginal<Record<string, unknown>>();
    expect(typeof original[exportName], `${modulePath} exports ${exportName}`).toBe('function');
    // The same module instance as the program's (loaded after resetModules, like it).
    const { InvariantError } = await import('../../../core/assert.js');
    return {
      ...original,
      [exportName]: () => {
        throw new InvariantError('planted by exit-codes.test.ts');
      },
    };
  });
  try {
    return await lab(args);
  } finally {
    vi.doUnmock(modulePath);
    vi.resetModules();
  }
}

function expectInternal(outcome: Outcome): void {
  expect(outcome.status, outcome.stderr).toBe(3);
  expect(outcome.stderr).toContain('internal error (a bug in lamport-lab)');
  expect(outcome.stderr).toContain('planted by exit-codes.test.ts');
}

function expectInput(outcome: Outcome, words: string): void {
  expect(outcome.status, outcome.stderr).toBe(2);
  expect(outcome.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
  expect(outcome.stderr).toContain(words);
}

let scratchCount = 0;
/** A fresh directory name under the work directory (not made). */
function scratch(label: string): string {
  scratchCount += 1;
  return join(workDir, `${label}-${scratchCount}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the table', () => {
  it('has one code per meaning, internal errors apart from findings', () => {
    expect(exitCodes).toEqual({ ok: 0, finding: 1, input: 2, internal: 3, interrupted: 130 });
  });

  it('is shown by the top-level --help, built from the table', async () => {
    const outcome = await lab(['--help']);
    expect(outcome.status).toBe(0);
    const table = outcome.stdout.slice(outcome.stdout.indexOf('Exit codes:'));
    expect(table.split('\n').slice(0, 6)).toEqual([
      'Exit codes:',
      '    0  success',
      '    1  a finding: a broken Lamport rule, a regression, a difference',
      '    2  bad input (a file, field or flag) or an unusable environment (a port taken, a full disk)',
      '    3  an internal error: a bug in lamport-lab',
      '  130  interrupted (Ctrl-C or SIGTERM)',
    ]);
  });
});

describe('run', () => {
  it('0 on success, 2 on a bad flag, 3 on a bug', async () => {
    expect((await lab(['run', 'trial4', '--duration', '1', '--no-logs'])).status).toBe(0);
    expectInput(await lab(['run', '--seed', 'abc']), '--seed');
    expectInput(await lab(['run', missing]), missing);
    expectInternal(
      await withBug('../../../src/run/virtual-run.js', 'executeRun', [
        'run',
        'trial4',
        '--duration',
        '1',
        '--no-logs',
      ]),
    );
  });

  it('1 when --check finds a broken rule in its own logs', async () => {
    vi.resetModules();
    // The core's step with internal events that do not tick: a Lamport rule broken in the model.
    vi.doMock('../../../core/machine.js', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../../core/machine.js')>();
      return {
        ...original,
        tick: ((machine, rng, event) => {
          const before = machine.clock;
          original.tick(machine, rng, event);
          if (event.kind === 'internal') {
            machine.clock = before;
            event.clock = before;
          }
        }) satisfies typeof original.tick,
      };
    });
    try {
      const outcome = await lab([
        'run',
        'trial4',
        '--duration',
        '10',
        '--out',
        scratch('run-check'),
        '--check',
        '--quiet',
      ]);
      expect(outcome.status, outcome.stderr).toBe(1);
      expect(outcome.stdout).toContain('FAILED ');
    } finally {
      vi.doUnmock('../../../core/machine.js');
      vi.resetModules();
    }
  });

  it('130 when stopped by Ctrl-C', async () => {
    const stopped = await lab(
      ['run', 'trial4', '--duration', '10000000', '--no-logs', '--quiet'],
      (handler) => {
        setTimeout(handler, 50);
      },
    );
    expect(stopped.status, stopped.stderr).toBe(130);
  });
});

describe('run --check-determinism, its children', () => {
  /** The two runs as `spawnSync` would return them: the first as given, the second fine. */
  async function withChild(first: { status: number | null; signal?: string; stderr: string }) {
    vi.resetModules();
    vi.doMock('node:child_process', async (importOriginal) => {
      const original = await importOriginal<typeof import('node:child_process')>();
      let calls = 0;
      return {
        ...original,
        spawnSync: () => {
          calls += 1;
          return calls === 1
            ? {
                status: first.status,
                signal: first.signal ?? null,
                stdout: '',
                stderr: first.stderr,
              }
            : { status: 0, signal: null, stdout: '', stderr: '' };
        },
      };
    });
    try {
      return await lab(['run', 'trial4', '--duration', '1', '--check-determinism']);
    } finally {
      vi.doUnmock('node:child_process');
      vi.resetModules();
    }
  }

  it("keep their meaning: a refusal is 2 in the child's words, a stop 130, a crash 3", async () => {
    const refused = await withChild({
      status: 2,
      stderr: 'lamport-lab: --out /tmp/x/run-1: no space left on the device (ENOSPC)\n',
    });
    expect(refused).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'lamport-lab: --check-determinism: run 1 refused: --out /tmp/x/run-1: no space left on the device (ENOSPC)\n',
    });
    const stopped = await withChild({ status: null, signal: 'SIGINT', stderr: '' });
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr).toBe(
      'lamport-lab: --check-determinism: run 1 was stopped (Ctrl-C); nothing compared\n',
    );
    const crashed = await withChild({
      status: 3,
      stderr: 'lamport-lab: internal error:\nError: x\n',
    });
    expect(crashed.status, crashed.stderr).toBe(3);
    expect(crashed.stderr).toContain('run 1 failed (exit code 3), an internal error:');
  });
});

describe('scenarios', () => {
  it('0 on success, 2 on a bad flag, 3 on a bug', async () => {
    expect((await lab(['scenarios'])).status).toBe(0);
    expectInput(await lab(['scenarios', '--bogus']), '--bogus');
    expectInternal(
      await withBug('../../../src/scenario/load.js', 'listBundledScenarioNames', ['scenarios']),
    );
  });
});

describe('check', () => {
  it('0 on a correct run, 1 on a broken rule, 2 on a missing run, 3 on a bug', async () => {
    expect((await lab(['check', good])).status).toBe(0);
    const finding = await lab(['check', broken, '--no-rerun']);
    expect(finding.status, finding.stderr).toBe(1);
    expect(finding.stdout).toContain('FAILED ');
    expectInput(await lab(['check', missing]), missing);
    expectInternal(await withBug('../../../src/check/check-run.js', 'checkRun', ['check', good]));
  });
});

describe('analyze', () => {
  it('0 on success, 2 on a missing run, 3 on a bug', async () => {
    expect((await lab(['analyze', good])).status).toBe(0);
    expectInput(await lab(['analyze', missing]), missing);
    expectInternal(
      await withBug('../../../src/analysis/analyze-run.js', 'analyzeRun', ['analyze', good]),
    );
  });
});

describe('plot and report', () => {
  it('0 on success, 2 on a missing run or a bad flag, 3 on a bug', async () => {
    expect((await lab(['plot', good, '--out', scratch('charts')])).status).toBe(0);
    expect((await lab(['report', good, '--out', `${scratch('report')}.html`])).status).toBe(0);
    expectInput(await lab(['plot', missing]), missing);
    expectInput(await lab(['report', good, '--from', 'soon']), '--from');
    for (const command of ['plot', 'report']) {
      expectInternal(
        await withBug('../../../src/analysis/run-charts.js', 'runCharts', [command, good]),
      );
    }
  });
});

describe('export', () => {
  it('0 on success, 2 on a bad format, 3 on a bug', async () => {
    const out = `${scratch('export')}.log`;
    expect((await lab(['export', good, '--format', 'shiviz', '--out', out])).status).toBe(0);
    expectInput(await lab(['export', good, '--format', 'pdf']), '--format');
    expectInternal(
      await withBug('../../../src/export/export-run.js', 'exportRun', [
        'export',
        good,
        '--format',
        'shiviz',
        '--out',
        `${scratch('export')}.log`,
      ]),
    );
  });
});

describe('experiments', () => {
  it('0 on success (worker threads: the built CLI), 2 on a bad flag, 3 on a bug', async () => {
    const out = scratch('experiments');
    const ran = runBuiltCli(workDir, [
      'experiments',
      '--seeds',
      '1',
      '--duration',
      '1',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(ran.status, ran.stderr).toBe(0);
    expectInput(await lab(['experiments', '--seeds', '0']), '--seeds');
    expectInternal(
      await withBug('../../../src/experiments/pool.js', 'runJobs', [
        'experiments',
        '--seeds',
        '1',
        '--duration',
        '1',
        '--out',
        scratch('experiments'),
      ]),
    );
  });

  it("keeps a worker's error's meaning: bad input and a full disk are 2, a bug is 3", async () => {
    // A worker of the built product's error carrier (the pool under test is this source's).
    const workerDir = scratch('worker');
    mkdirSync(workerDir);
    const errorsUrl = pathToFileURL(join(cliPath, '..', 'common', 'errors.js')).href;
    const workerPath = join(workerDir, 'failing-worker.mjs');
    writeFileSync(
      workerPath,
      `import { parentPort } from 'node:worker_threads';
import { carryError, InputError } from ${JSON.stringify(errorsUrl)};
parentPort.on('message', ({ index, job }) => {
  const error =
    job === 'input' ? new InputError('--seeds: expected a whole number, got "x"')
    : job === 'disk' ? Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
    : new Error('a bug in a worker');
  parentPort.postMessage({ index, error: carryError(error) });
});
`,
    );
    const codeOf = async (job: string) => {
      const failed = await runJobs([job], 1, () => {}, pathToFileURL(workerPath)).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failed).toBeInstanceOf(Error);
      return { code: exitCodeOf(failed), message: (failed as Error).message };
    };
    expect(await codeOf('input')).toEqual({
      code: 2,
      message: '--seeds: expected a whole number, got "x"',
    });
    expect((await codeOf('disk')).code).toBe(2);
    expect(await codeOf('bug')).toEqual({ code: 3, message: 'a bug in a worker' });
  });
});

describe('replay', () => {
  it('0 when identical, 1 on a changed log, 2 on a missing run, 3 on a bug', async () => {
    expect((await lab(['replay', good, '--verify'])).status).toBe(0);
    const changed = scratch('changed');
    cpSync(good, changed, { recursive: true });
    const log = join(changed, 'machine-0.csv');
    const lines = readFileSync(log, 'utf8').split('\n');
    // The first row's Lamport clock, off by one.
    const fields = (lines[1] as string).split(',');
    fields[4] = String(Number(fields[4]) + 1);
    lines[1] = fields.join(',');
    writeFileSync(log, lines.join('\n'));
    const difference = await lab(['replay', changed, '--verify']);
    expect(difference.status, difference.stderr).toBe(1);
    expect(difference.stdout).toContain('DIFFERENT');
    expectInput(await lab(['replay', missing, '--verify']), missing);
    expectInternal(
      await withBug('../../../src/regress/replay.js', 'replayRun', ['replay', good, '--verify']),
    );
  });
});

describe('compare', () => {
  it('0 when alike, 1 on a difference, 2 on a missing run, 3 on a bug', async () => {
    expect((await lab(['compare', good, good])).status).toBe(0);
    const difference = await lab(['compare', good, otherSeed]);
    expect(difference.status, difference.stderr).toBe(1);
    expectInput(await lab(['compare', good, missing]), missing);
    expectInternal(
      await withBug('../../../src/regress/compare.js', 'compareMetrics', ['compare', good, good]),
    );
  });
});

describe('regress', () => {
  it('0 when every scenario matches, 1 when a baseline differs, 2 on a bad flag, 3 on a bug', async () => {
    expect((await lab(['regress'])).status).toBe(0);
    // The baselines, copied, with one metric of one scenario moved far beyond any tolerance.
    const baselines = scratch('baselines');
    const { baselinesDir } = await import('../../../src/cli/commands/regress-options.js');
    cpSync(baselinesDir, baselines, { recursive: true });
    const file = join(
      baselines,
      readdirSync(baselines).filter((name) => name.endsWith('.json'))[0] as string,
    );
    const baseline = readFileSync(file, 'utf8');
    const changed = baseline.replace(
      /"machine 0 events": (\d+)/,
      (_, events: string) => `"machine 0 events": ${Number(events) * 2 + 1}`,
    );
    expect(changed).not.toBe(baseline);
    writeFileSync(file, changed);
    vi.resetModules();
    vi.doMock('../../../src/cli/commands/regress-options.js', async (importOriginal) => ({
      ...(await importOriginal<Record<string, unknown>>()),
      baselinesDir: baselines,
    }));
    try {
      const difference = await lab(['regress']);
      expect(difference.status, difference.stderr).toBe(1);
      expect(difference.stdout).toContain('differ from scenarios/baselines/');
    } finally {
      vi.doUnmock('../../../src/cli/commands/regress-options.js');
      vi.resetModules();
    }
    expectInput(await lab(['regress', '--bogus']), '--bogus');
    expectInternal(await withBug('../../../src/regress/regress.js', 'regress', ['regress']));
  });
});

describe('machine', () => {
  let peerPort = 0;
  beforeAll(async () => {
    [peerPort] = (await freePorts(1)) as [number];
  });
  const machineArgs = (out: string) => [
    'machine',
    '--id',
    '0',
    // A peer that never comes (nothing listens there): the machine waits for it until stopped.
    '--peers',
    `1=127.0.0.1:${peerPort}`,
    '--rate',
    '1',
    '--seed',
    '1',
    '--duration',
    '5',
    '--out',
    out,
  ];

  it('2 on a bad flag, 3 on a bug, 130 when stopped', async () => {
    expectInput(await lab([...machineArgs(scratch('machine')), '--rate', '0']), '--rate');
    expectInternal(
      await withBug(
        '../../../src/run/launched-machine.js',
        'runMachineWithLog',
        machineArgs(scratch('machine')),
      ),
    );
    const stopped = await lab(machineArgs(scratch('machine')), (handler) => {
      setTimeout(handler, 200);
    });
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('stopped while waiting for its peers');
  });
});

describe('a Ctrl-C reaching run --check-determinism and its child (real processes)', () => {
  it('exits 130, removing its temporary directory, instead of dying by the signal', async () => {
    const tmp = scratch('tmp');
    mkdirSync(tmp);
    let child: ChildProcess | undefined;
    try {
      // Its own process group, like a shell's job: the Ctrl-C goes to the parent and the child.
      const started = spawn(
        process.execPath,
        [cliPath, 'run', 'trial4', '--duration', '10000000', '--check-determinism'],
        { cwd: workDir, env: { ...process.env, TMPDIR: tmp }, detached: true, stdio: 'pipe' },
      );
      child = started;
      let stderr = '';
      started.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      started.stdout?.resume();
      const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        started.on('exit', (code, signal) => resolve({ code, signal })),
      );
      const firstLog = () => {
        const [dir] = readdirSync(tmp);
        return dir !== undefined && existsSync(join(tmp, dir, 'run-1', 'machine-0.csv'));
      };
      await waitFor(firstLog, 20_000, 'the first child run writing its logs');
      process.kill(-(started.pid as number), 'SIGINT');
      const { code, signal } = await within(exited, 20_000, 'the run exiting');
      expect({ code, signal }, stderr).toEqual({ code: 130, signal: null });
      expect(stderr).toContain('run 1 was stopped (Ctrl-C); nothing compared');
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid, 'SIGKILL');
      }
    }
  });
});

describe('an error that escapes the program (a real process)', () => {
  it("exits 3 with the stack, not Node's 1 for an uncaught exception", () => {
    // Thrown from a timer while the CLI runs, once it has set up: nothing awaits it.
    const hook = [
      'const startMs = Date.now();',
      'const timer = setInterval(() => {',
      // Once the CLI has set up, or after 3 s whatever happened (so a CLI without a handler
      // shows Node's own code).
      "  if (process.listenerCount('uncaughtException') === 0 && Date.now() - startMs < 3000) return;",
      '  clearInterval(timer);',
      "  setTimeout(() => { throw new Error('thrown in a timer by exit-codes.test.ts'); }, 50);",
      '}, 5);',
    ].join('\n');
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(hook)}`,
        cliPath,
        'run',
        'trial4',
        '--duration',
        '10000000',
        '--no-logs',
        '--quiet',
      ],
      { cwd: workDir, encoding: 'utf8', timeout: 50_000 },
    );
    expect(result.status, result.stderr).toBe(3);
    expect(result.stderr).toMatch(
      /^lamport-lab: internal error:\nError: thrown in a timer by exit-codes\.test\.ts\n/,
    );
  });
});

describe("a launched machine's own entry (run/machine-main.ts, a real process)", () => {
  it('exits 3 on a bug (here a configuration no launcher of ours sends), not 1', async () => {
    const machineMain = join(cliPath, '..', 'run', 'machine-main.js');
    const child = fork(machineMain, ['machine', '--ipc'], {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    try {
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.send({
        kind: 'config',
        launch: { machine: { internalProbability: 2 }, outDir: scratch('machine-main') },
      });
      expect(await within(exited, 20_000, 'the machine exiting'), stderr).toBe(3);
      expect(stderr).toContain('machine: internal error: probability must be in [0,1]');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
