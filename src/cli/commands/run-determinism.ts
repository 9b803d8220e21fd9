/**
 * `run --check-determinism`: the same run in two fresh processes, the second with another time
 * zone and locale, then every log and manifest byte compared. Virtual mode only (run-flags.ts).
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildFailedError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { builtEntryPaths } from '../../common/paths.js';
import type { CliIo } from '../io.js';
import { type RepeatBase, runArguments } from './run-repeat.js';

/** The two processes' surroundings: nothing in the model may depend on them. */
const environments = [
  { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
] as const;

export async function checkDeterminism(base: RepeatBase, io: CliIo): Promise<ExitCode> {
  const words = runArguments(base);
  const workDir = mkdtempSync(join(tmpdir(), 'lamport-determinism-'));
  // A Ctrl-C reaches the children too (one process group): this process waits for the child to
  // stop, removes the directory and says so, instead of dying with the child's logs left behind.
  let interrupted = false;
  const removeInterrupt = io.onInterrupt(() => {
    interrupted = true;
  });
  try {
    const dirs: string[] = [];
    for (const [index, environment] of environments.entries()) {
      const outDir = join(workDir, `run-${index + 1}`);
      const result = spawnSync(
        process.execPath,
        [builtEntryPaths.cli, ...words, '--out', outDir, '--quiet'],
        {
          encoding: 'utf8',
          env: { ...process.env, ...environment },
        },
      );
      // Lets a Ctrl-C that came during the child reach its handler before the next one starts.
      await new Promise((resolve) => setImmediate(resolve));
      const failure = childFailure({ label: `run ${index + 1}`, result, interrupted });
      if (failure !== null) throw failure;
      dirs.push(outDir);
    }
    const { firstDifference } = await import('../../regress/replay.js');
    const difference = firstDifference(dirs[0] as string, dirs[1] as string);
    const what = `SEED=${base.seed}: two runs in separate processes (TZ=UTC and TZ=Pacific/Kiritimati, LANG=de_DE)`;
    if (difference === null) {
      io.stdout.write(`deterministic: ${what} wrote identical logs and manifests\n`);
      return exitCodes.ok;
    }
    io.stdout.write(
      `NOT deterministic: ${what} differ at ${difference.file}:${difference.line}\n` +
        `  first:  ${difference.original ?? '(no line)'}\n  second: ${difference.replayed ?? '(no line)'}\n`,
    );
    return exitCodes.finding;
  } finally {
    removeInterrupt();
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface ChildRun {
  readonly label: string;
  readonly result: SpawnSyncReturns<string>;
  /** Whether this process was asked to stop while the child ran. */
  readonly interrupted: boolean;
}

/**
 * A child that did not end well, as the error that keeps its meaning: stopped (130), refused
 * (2, in the child's own words), or anything else, a bug (3). Null for a child that succeeded.
 * Every failure used to surface as an internal error.
 */
function childFailure({ label, result, interrupted }: ChildRun): ChildFailedError | null {
  if (result.error !== undefined) {
    return new ChildFailedError(
      `--check-determinism: ${label} could not start: ${result.error.message}`,
      exitCodes.internal,
    );
  }
  const stopped =
    result.status === exitCodes.interrupted ||
    result.signal === 'SIGINT' ||
    result.signal === 'SIGTERM';
  if (interrupted || stopped) {
    return new ChildFailedError(
      `--check-determinism: ${label} was stopped (Ctrl-C); nothing compared`,
      exitCodes.interrupted,
    );
  }
  if (result.status === exitCodes.ok) return null;
  const stderr = result.stderr.trim();
  if (result.status === exitCodes.input) {
    const line = stderr.split('\n').pop() ?? '';
    return new ChildFailedError(
      `--check-determinism: ${label} refused: ${line.replace(/^lamport-lab: /, '')}`,
      exitCodes.input,
    );
  }
  const how = result.signal === null ? `exit code ${result.status}` : `signal ${result.signal}`;
  return new ChildFailedError(
    `--check-determinism: ${label} failed (${how}), an internal error:\n${stderr}`,
    exitCodes.internal,
  );
}
