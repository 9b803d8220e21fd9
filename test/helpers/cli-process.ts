/**
 * The one way the tests run `lamport-lab <args>`, and the files it may have touched:
 *
 * - in this process (`runCliInProcess`, `cliIn`): the program the executable runs (runCli, from
 *   the sources) with its output captured, no Ctrl-C and a fixed clock. Most command tests need no
 *   more, and a spawned Node costs ~0.3 s (seconds on a loaded machine) before it does anything.
 * - as a real process of the BUILT CLI (`runBuiltCli`, `builtCliIn`; dist/src/cli.js, fresh
 *   because `npm test` runs tsc first): where the process is the point — TCP runs (they fork
 *   dist's machine-main), signals, another time zone or locale, the installed binary itself, and
 *   commands whose worker threads or child runs load dist's files (experiments,
 *   --check-determinism).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';

const packageRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export { packageRoot };
export const cliPath = join(packageRoot, 'dist', 'src', 'cli.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BuiltCliOptions {
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Default 50 s. */
  readonly timeoutMs?: number;
}

/** Runs the built `lamport-lab <args>` as a process in `cwd` and waits for it. */
export function runBuiltCli(
  cwd: string,
  args: readonly string[],
  options: BuiltCliOptions = {},
): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 50_000,
    env: options.env === undefined ? process.env : { ...process.env, ...options.env },
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs `lamport-lab <args>` in this process as if started in `cwd` (relative paths, the default
 * logs/ directory): the working directory is changed for the call and restored after it. Safe
 * because each test file has a process of its own (vitest's forks pool) and runs its tests one
 * at a time.
 */
export async function runCliInProcess(cwd: string, args: readonly string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const status = await runCli(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      nowMs: () => 0,
      randomSeed: () => 0,
      onInterrupt: () => () => {},
    });
    return { status, stdout, stderr };
  } finally {
    process.chdir(previous);
  }
}

/** `cli('run', ...)` in this process, in the directory `cwd()` names at the time of the call. */
export function cliIn(cwd: () => string): (...args: string[]) => Promise<CliResult> {
  return (...args) => runCliInProcess(cwd(), args);
}

/** `cli('run', ...)` as a built process, in the directory `cwd()` names at the time of the call. */
export function builtCliIn(cwd: () => string): (...args: string[]) => CliResult {
  return (...args) => runBuiltCli(cwd(), args);
}

/**
 * Every file under `directory` with its sha256 (a link with its target, unfollowed): equal
 * snapshots before and after a command prove it created, changed and removed nothing.
 */
export function fileHashes(directory: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    const stats = lstatSync(path);
    if (stats.isDirectory()) {
      for (const [file, hash] of fileHashes(path, `${prefix}${name}/`)) files.set(file, hash);
    } else if (stats.isSymbolicLink()) {
      files.set(`${prefix}${name}`, `link to ${readlinkSync(path)}`);
    } else {
      files.set(`${prefix}${name}`, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return files;
}
