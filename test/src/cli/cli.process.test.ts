/**
 * Goal: what needs the installed command as a real process behaves as promised: the two commands
 * of the README's quick start, the executable itself (its shebang and mode), a closed output
 * pipe, a shell running the printed repeat command, and Ctrl-C.
 * Method: the BUILT CLI (dist/src/cli.js, fresh because `npm test` runs tsc first) is spawned as
 * a real process, with a fresh temp dir as its working directory, removed after every test; what
 * only sets the scene runs in this process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/common/paths.js';
import { type CliResult, cliIn, cliPath, runBuiltCli } from '../../helpers/cli-process.js';
import { expectLogsMatchManifest, readManifest, sha256Of } from '../../helpers/run-files.js';
import { waitFor } from '../../helpers/waiting.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-cli-process-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The CLI program in this process, for what only sets the scene. */
const cli = cliIn(() => cwd);

describe('the README quick start and the installed binary', () => {
  it('npm start runs the default scenario into logs/default-seed42/, and again over it', () => {
    const { scripts } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    // The script as npm runs it, in a scratch directory instead of the package's.
    const start = scripts.start.replace('dist/src/cli.js', JSON.stringify(cliPath));
    for (const round of [1, 2]) {
      const result = spawnSync('sh', ['-c', start], { cwd, encoding: 'utf8' });
      expect(result.status, `round ${round}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('SEED=42');
    }
    const runDir = join(cwd, 'logs', 'default-seed42');
    const manifest = readManifest(runDir);
    expect(manifest.completed).toBe(true);
    expectLogsMatchManifest(runDir, manifest);
  });

  it('the bin of package.json runs as an executable (shebang, mode): run A2', () => {
    const { bin } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const executable = join(packageRoot, bin['lamport-lab'] as string);
    const result = spawnSync(executable, ['run', 'A2', '--out', 'a2', '--quiet'], {
      cwd,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(readManifest(join(cwd, 'a2')).completed).toBe(true);
  });

  it('prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = runBuiltCli(cwd, ['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });
});

describe('lamport-lab run, as a process', () => {
  it('summarises rates and machines when there are many, and survives a closed pipe', async () => {
    const result = await cli('run', '--machines', '40', '--duration', '5', '--no-logs');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /40 machines, rates \d+(\.\d+)?\.\.\d+(\.\d+)? Hz \(mean \d+\.\d{3}\)/,
    );
    expect(result.stdout).toContain('(machines 10..29 not shown: see manifest.json');
    const tableRows = result.stdout.split('\n').filter((line) => /^\s+\d+\s+\d/.test(line));
    expect(tableRows).toHaveLength(20);
    // Reading one line and closing the pipe must not print a stack trace.
    const piped = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${cliPath}" run --machines 40 --duration 5 --no-logs | head -1`,
      ],
      {
        cwd,
        encoding: 'utf8',
      },
    );
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  });

  it('prints a repeat command that, run as printed, makes the same logs again in place', async () => {
    const first = await cli('run', '--seed', '5', '--duration', '5', '--out', 'my run', '--quiet');
    expect(first.status, first.stderr).toBe(0);
    const logsLine = /^logs: .*$/m.exec(first.stdout + first.stderr)?.[0] ?? '';
    expect(logsLine).toContain('manifest.json, summary.json)');
    const repeat = /repeat: npx lamport-lab (.*)$/m.exec(logsLine)?.[1];
    expect(repeat).toBe("run default --seed 5 --duration 5 --out 'my run' --force");
    const before = sha256Of(join(cwd, 'my run', 'machine-0.csv'));
    const again = spawnSync('sh', ['-c', `"$0" "$1" ${repeat}`, process.execPath, cliPath], {
      cwd,
      encoding: 'utf8',
    });
    expect(again.status, again.stderr).toBe(0);
    expect(sha256Of(join(cwd, 'my run', 'machine-0.csv'))).toBe(before);
  });

  it('draws rates from --rate-distribution and repeats the run through a shell', async () => {
    const distribution = '{"kind":"choice","valuesHz":[1,6],"weights":[9,1]}';
    const first = await cli(
      'run',
      '--seed',
      '11',
      '--machines',
      '6',
      '--rate-distribution',
      distribution,
      '--duration',
      '5',
      '--json',
      '--no-logs',
    );
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as { machines: { rateHz: number }[] };
    for (const machine of summary.machines) expect([1, 6]).toContain(machine.rateHz);
    const repeat = /repeat: npx lamport-lab (.*)$/m.exec(first.stderr)?.[1];
    expect(repeat).toContain(`--rate-distribution '${distribution}'`);
    const again = spawnSync(
      'sh',
      ['-c', `"$0" "$1" ${repeat} --json --no-logs`, process.execPath, cliPath],
      {
        cwd,
        encoding: 'utf8',
      },
    );
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(summary);
  });
});

describe('lamport-lab with its output pipe closed early', () => {
  /**
   * The built CLI with stdout a pipe whose reading end is closed before the CLI writes, as
   * `| head` does once it has its lines: every write then fails with EPIPE. Closing at once,
   * not after a chunk, makes that certain; after a chunk the rest may already sit in the pipe.
   */
  async function withStdoutClosed(...args: string[]): Promise<CliResult> {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.destroy();
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const status = await new Promise<number | null>((resolveExit) => {
      child.on('close', (code) => resolveExit(code));
    });
    return { status, stdout: '', stderr };
  }

  it('keeps a failing compare at exit 1, quietly', async () => {
    expect((await cli('run', 'trial1', '--out', 'a')).status).toBe(0);
    expect((await cli('run', 'trial1', '--seed', '7', '--out', 'b')).status).toBe(0);
    expect((await cli('compare', 'a', 'b')).status).toBe(1);
    const piped = await withStdoutClosed('compare', 'a', 'b');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(1);
  });

  it('keeps a passing command at exit 0 and lets it finish its work', async () => {
    const piped = await withStdoutClosed('run', 'trial1', '--out', 'r');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(readManifest(join(cwd, 'r')).completed).toBe(true);
  });

  it('keeps bad input at exit 2', async () => {
    const piped = await withStdoutClosed('run', '--seed', 'abc');
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain('--seed');
  });
});

describe('lamport-lab run, interrupted', () => {
  it('exits 130 on SIGINT and leaves an incomplete manifest whose digests match the logs', async () => {
    const runDir = join(cwd, 'r');
    let child: ChildProcess | undefined;
    try {
      const started = spawn(
        process.execPath,
        [cliPath, 'run', '--duration', '10000000', '--out', runDir],
        { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      // Read stderr (the progress bar, the warning) all along, so the child never blocks on a
      // full pipe.
      let stderr = '';
      started.stderr?.setEncoding('utf8');
      started.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
      });
      let stdout = '';
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolveExit) => {
          started.on('exit', (code, signal) => resolveExit({ code, signal }));
        },
      );
      await new Promise<void>((resolveSeed, rejectSeed) => {
        started.stdout?.setEncoding('utf8');
        started.stdout?.on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('SEED=')) resolveSeed();
        });
        started.on('exit', () => rejectSeed(new Error(`exited before its seed:\n${stdout}`)));
      });
      // The seed line comes a moment before the Ctrl-C handler is set; the logs are opened after
      // it. Waiting for them makes the signal land in the run, not in that moment.
      await waitFor(
        () => existsSync(join(runDir, 'machine-0.csv')),
        10_000,
        'the run to open its logs',
      );
      expect(started.exitCode).toBeNull();
      started.kill('SIGINT');
      const { code, signal } = await exited;
      expect(signal).toBeNull();
      expect(code).toBe(130);
      expect(stdout.startsWith('SEED=42')).toBe(true);
      // 10^8 rows: said before the run started, with the ways not to write them.
      expect(stderr).toContain(
        'warning: this run will write about 5.4 GB of logs (100,000,000 rows); use --no-logs to run without logs, or --duration 1851851 or less to stay under 1 GB',
      );
      const manifest = readManifest(runDir);
      expect(manifest.completed).toBe(false);
      expect(manifest.scenario.seed).toBe(42);
      expectLogsMatchManifest(runDir, manifest);
      expect(manifest.events).toBe(manifest.logs.reduce((sum, log) => sum + log.rows, 0));
    } finally {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  });
});
