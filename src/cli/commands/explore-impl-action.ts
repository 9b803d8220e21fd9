/**
 * What `lamport-lab explore --impl -- <command>` does (issue 21): explore's runs, one after
 * another, each with the implementation as the machines (the harness); the first that fails is
 * shrunk with explore's shrinker and written as a scenario file with a command that replays it
 * against the implementation. Fault-free unless --faults names kinds (given on the command line:
 * its default, every kind, is explore's own).
 */
import { join } from 'node:path';
import { InputError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { defaultExploreSettings } from '../../explore/explore-settings.js';
import {
  evaluateImplTrial,
  type ImplTarget,
  type ImplVerdict,
  shrinkImplTrial,
} from '../../explore/impl-trial.js';
import { trialScenario } from '../../explore/trial-arbitrary.js';
import { checkOutDir } from '../../logs/out-dir.js';
import { makeOwnedDirectory, writeOwnedFile } from '../../logs/owned-files.js';
import type { CliIo } from '../io.js';
import type { ExploreOptions } from './explore-options.js';

/** Runs when --runs is not given: each spawns a process per machine, so fewer than explore's. */
const implRunsDefault = 100;
const counterexampleFile = 'counterexample.json';
/** Lines of a child's stderr that fit the one-line error of a command that does not work. */
const stderrLinesShown = 3;

export async function exploreImplCommand(
  command: readonly string[],
  options: ExploreOptions & { readonly timeoutMs: number; readonly faultsGiven?: boolean },
  io: CliIo,
): Promise<ExitCode> {
  if (command.length === 0) {
    throw new InputError('--impl: expected the implementation to run after --, got nothing');
  }
  if (options.time !== undefined || options.shard !== undefined) {
    throw new InputError(
      '--impl: runs one run after another; expected --runs, got --time or --shard',
    );
  }
  const settings = defaultExploreSettings({
    seed: options.seed,
    faultKinds: options.faultsGiven === true ? options.faults : [],
    machinesMax: options.machinesMax,
  });
  const outDir = options.out ?? `logs/explore-impl-${options.seed}`;
  checkOutDir(outDir, options.force, [counterexampleFile]);
  const target: ImplTarget = { command, timeoutMs: options.timeoutMs };
  const runs = options.runs ?? implRunsDefault;
  let stop = false;
  const removeInterrupt = io.onInterrupt(() => {
    stop = true;
  });
  try {
    for (let index = 0; index < runs && !stop; index += 1) {
      const verdict = await evaluateImplTrial(trialScenario(settings, index), index, target);
      if (verdict.found !== null) {
        refuseUnworkableCommand(command, verdict);
        io.stdout.write(`run ${index} fails: ${verdict.found}: ${verdict.detail}\n`);
        return await shrinkAndWrite({ settings, index, verdict, target, outDir, options }, io);
      }
    }
  } finally {
    removeInterrupt();
  }
  if (stop) return exitCodes.interrupted;
  const kinds = settings.faultKinds;
  const faults = kinds.length === 0 ? 'fault-free' : `faults: ${kinds.join(',')}`;
  io.stdout.write(`nothing found in ${runs} runs (seed ${options.seed}, ${faults})\n`);
  return exitCodes.ok;
}

/**
 * A command the system cannot start, or one whose child exits before answering `init` on the very
 * first run, is a command that does not work (a typo, a missing file), not a finding about an
 * implementation: shrinking it would only write a counterexample of nothing.
 */
function refuseUnworkableCommand(command: readonly string[], verdict: ImplVerdict): void {
  if (verdict.found === 'harness:unstartable') {
    const cannot = verdict.detail?.replace(/^machine \d+ at [\d.]+ s: /, '');
    throw new InputError(`<command...>: expected a program that can be started, got ${cannot}`);
  }
  if (!(verdict.index === 0 && verdict.found === 'harness:exited' && verdict.beforeReady)) return;
  const tail = verdict.stderrTail.slice(-stderrLinesShown).map((line) => line.trim());
  const said = tail.length === 0 ? 'nothing on its stderr' : `its stderr ends: ${tail.join(' / ')}`;
  throw new InputError(
    `<command...>: expected a program that answers init, got ${command.map(quoted).join(' ')} exiting before it (${verdict.detail}); ${said}`,
  );
}

interface Failure {
  readonly settings: ReturnType<typeof defaultExploreSettings>;
  readonly index: number;
  readonly verdict: ImplVerdict;
  readonly target: ImplTarget;
  readonly outDir: string;
  readonly options: ExploreOptions;
}

async function shrinkAndWrite(failure: Failure, io: CliIo): Promise<ExitCode> {
  const { settings, index, verdict, target, outDir } = failure;
  io.stdout.write(
    `shrinking run ${index} (${verdict.machines} machines, ${verdict.events} events) ...\n`,
  );
  const shrunk = await shrinkImplTrial(settings, index, verdict, target);
  const minimal = shrunk.minimalVerdict;
  makeOwnedDirectory(outDir, '--out');
  const file = join(outDir, counterexampleFile);
  writeOwnedFile(file, `${JSON.stringify(shrunk.minimal, null, 2)}\n`, { replaceTheirs: false });
  io.stdout.write(
    `minimal: ${minimal.machines} machines, ${minimal.events} events, ${shrunk.shrinkSteps} shrinks (${shrunk.trialsRun} runs): ${minimal.found}: ${minimal.detail}\n`,
  );
  io.stdout.write(`written: ${file}\n`);
  // As run from a clone, where lamport-lab is not on PATH but npx finds the package's own bin.
  const replay = [
    'npx',
    'lamport-lab',
    'harness',
    '--scenario',
    file,
    '--out',
    join(outDir, 'run'),
    '--force',
    '--',
    ...target.command,
  ];
  io.stdout.write(`replay: ${replay.map(quoted).join(' ')}\n`);
  return exitCodes.finding;
}

/** A word as a POSIX shell reads it back. */
function quoted(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
