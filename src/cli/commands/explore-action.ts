/**
 * What `lamport-lab explore` does (its options are in explore-command.ts): check the flags and
 * --out, evaluate the runs (on worker threads, or in this thread with --jobs 1), shrink the
 * lowest-index failure, write the result, print coverage and the replay command.
 */
import { InputError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { evaluateTrial, type TrialDeps } from '../../explore/evaluate-trial.js';
import { CoverageTally } from '../../explore/explore-coverage.js';
import {
  type CounterexampleSummary,
  counterexampleFileName,
  type ExploreResult,
  exploreFileName,
  exploreJsonText,
  settingsJson,
} from '../../explore/explore-json.js';
import {
  checkExploreOutDir,
  prepareExploreOutDir,
  runsFileName,
  runsJsonlText,
  writeCounterexample,
  writeExploreFile,
} from '../../explore/explore-output.js';
import { type ExploreLimit, type ExploreOutcome, exploreRuns } from '../../explore/explore-run.js';
import { type ExploreSettings, refuseUnreachableTarget } from '../../explore/explore-settings.js';
import { shardFileName, shardJsonText } from '../../explore/explore-shard.js';
import { poolEvaluator } from '../../explore/pool-evaluator.js';
import type { ShrinkResult } from '../../explore/shrink-trial.js';
import { situationIds } from '../../explore/situations.js';
import { trialScenario } from '../../explore/trial-arbitrary.js';
import { type BatchEvaluator, inProcessEvaluator } from '../../explore/trial-batch.js';
import { ProgressBar } from '../../run/progress.js';
import type { CliIo } from '../io.js';
import { defaultExploreOut, defaultRuns, type ExploreOptions } from './explore-options.js';
import {
  announceText,
  counterexampleText,
  coverageText,
  nothingFoundText,
  speedText,
  strayViolationText,
} from './explore-report.js';

/**
 * `deps` (a broken machine step, ...) is for tests in this process: a function cannot be sent to
 * a worker thread, so with deps every run is evaluated here, whatever --jobs says.
 */
export async function exploreCommand(
  options: ExploreOptions,
  io: CliIo,
  deps?: TrialDeps,
): Promise<ExitCode> {
  const limit = limitOf(options);
  const settings = settingsOf(options);
  const shard = options.shard ?? null;
  const out = options.out ?? defaultExploreOut(options);
  checkExploreOutDir(out, options.force);
  prepareExploreOutDir(out, options.force);
  const inProcess = options.jobs === 1 || deps !== undefined;
  if (!options.quiet) {
    const jobs = inProcess ? 1 : options.jobs;
    io.stderr.write(announceText({ settings, limit, shard, out, jobs }));
  }
  let stopRequested = false;
  // Kept until the end: a Ctrl-C while writing must not kill the process half way through the
  // files; one while shrinking stops the shrink at its next step (shrink-trial.ts).
  const removeInterrupt = io.onInterrupt(() => {
    stopRequested = true;
  });
  try {
    const startMs = io.nowMs();
    const context = { options, io, deps, inProcess };
    const outcome = await evaluate({ settings, limit, shard }, context, () => stopRequested);
    const wallSec = (io.nowMs() - startMs) / 1000;
    const shrunk =
      outcome.failure === null
        ? null
        : await shrinkFailure(settings, outcome, context, () => stopRequested);
    if (shrunk !== null) {
      for (const note of await writeCounterexample(out, shrunk.minimal)) io.stderr.write(note);
    }
    const result = resultOf({ settings, limit, shard, outcome, shrunk });
    const { interrupted } = result;
    writeResultFiles(out, result, outcome);
    if (!options.quiet) io.stdout.write(coverageText(result.coverage));
    io.stderr.write(speedText(outcome, wallSec));
    if (result.counterexample !== null && shrunk !== null) {
      const { shrinkSteps, minimalVerdict } = shrunk;
      const detail = minimalVerdict.detail;
      const how = { shrinkSteps, detail, interrupted };
      io.stdout.write(counterexampleText(result.counterexample, how, out));
    } else {
      io.stdout.write(nothingFoundText(result, out));
    }
    io.stdout.write(strayViolationText(outcome.verdicts, result.settings.expect));
    if (interrupted) return exitCodes.interrupted;
    return result.counterexample === null ? exitCodes.ok : exitCodes.finding;
  } finally {
    removeInterrupt();
  }
}

/**
 * explore.json, and for a shard the facts merge needs: its runs.jsonl, then shard.json, last of
 * all: `merge` takes a directory with a shard.json for a finished shard.
 */
function writeResultFiles(out: string, result: ExploreResult, outcome: ExploreOutcome): void {
  writeExploreFile(out, exploreFileName, exploreJsonText(result));
  if (result.shard === null) return;
  writeExploreFile(out, runsFileName, runsJsonlText(outcome.verdicts));
  const shardSettings = { ...result.settings, runs: result.runs };
  writeExploreFile(out, shardFileName, shardJsonText(result.shard, shardSettings));
}

/** --runs N or --time S, exactly one (default --runs 1000); never --time with --shard. */
function limitOf(options: ExploreOptions): ExploreLimit {
  if (options.runs !== undefined && options.time !== undefined) {
    throw new InputError(`--time: expected either --runs or --time, got both`);
  }
  if (options.time !== undefined) {
    if (options.shard !== undefined) {
      throw new InputError(
        `--time: expected --runs with --shard (a timed shard's runs depend on its speed, so shards would not merge), got --time ${options.time}`,
      );
    }
    return { kind: 'time', timeSec: options.time };
  }
  return { kind: 'runs', runs: options.runs ?? defaultRuns };
}

function settingsOf(options: ExploreOptions): ExploreSettings {
  if (options.expect !== undefined) refuseUnreachableTarget(options.expect, options.faults);
  return {
    seed: options.seed,
    faultKinds: options.faults,
    machinesMax: options.machinesMax,
    expect: options.expect ?? null,
  };
}

interface EvaluationContext {
  readonly options: ExploreOptions;
  readonly io: CliIo;
  readonly deps: TrialDeps | undefined;
  readonly inProcess: boolean;
}

async function evaluate(
  request: Parameters<typeof exploreRuns>[0],
  { options, io, deps, inProcess }: EvaluationContext,
  shouldStop: () => boolean,
): Promise<ExploreOutcome> {
  const evaluator: BatchEvaluator = inProcess
    ? inProcessEvaluator((settings, index) =>
        evaluateTrial(trialScenario(settings, index), index, settings, deps),
      )
    : poolEvaluator(options.jobs);
  const progress = new ProgressBar(
    options.quiet ? { write: () => undefined } : io.stderr,
    io.nowMs,
  );
  const total = request.limit.kind === 'runs' ? `/${request.limit.runs}` : '';
  try {
    return await exploreRuns(request, evaluator, {
      nowMs: io.nowMs,
      shouldStop,
      onProgress: ({ runs, events }) =>
        progress.updateText(
          `explore: ${runs}${total} runs, ${events.toLocaleString('en-US')} events, nothing found yet`,
        ),
    });
  } finally {
    progress.clear();
    await evaluator.close();
  }
}

/** Loaded only here: an exploration that finds nothing shrinks nothing. */
async function shrinkFailure(
  settings: ExploreSettings,
  outcome: ExploreOutcome,
  { io, deps, options }: EvaluationContext,
  shouldStop: () => boolean,
): Promise<ShrinkResult | null> {
  const failure = outcome.failure;
  if (failure === null) return null;
  if (!options.quiet)
    io.stderr.write(`explore: run ${failure.index} breaks ${failure.found}; shrinking it ...\n`);
  const { shrinkTrial } = await import('../../explore/shrink-trial.js');
  return shrinkTrial(settings, failure.index, deps, shouldStop);
}

interface ResultParts {
  readonly settings: ExploreSettings;
  readonly limit: ExploreLimit;
  readonly shard: ExploreResult['shard'];
  readonly outcome: ExploreOutcome;
  readonly shrunk: ShrinkResult | null;
}

function resultOf({ settings, limit, shard, outcome, shrunk }: ResultParts): ExploreResult {
  const tally = new CoverageTally(settings.faultKinds, situationIds);
  for (const verdict of outcome.verdicts) tally.add(verdict);
  return {
    settings: settingsJson(settings),
    // Under --time the runs done: the one figure of explore.json that depends on speed.
    runs: limit.kind === 'runs' ? limit.runs : tally.runs,
    shard,
    coverage: tally.coverage(),
    counterexample: shrunk === null ? null : counterexampleOf(shrunk),
    // A Ctrl-C while shrinking too: the counterexample is only shrunk as far as it got.
    interrupted: outcome.interrupted || shrunk?.interrupted === true,
  };
}

function counterexampleOf(shrunk: ShrinkResult): CounterexampleSummary {
  const { originalVerdict: original, minimalVerdict: minimal } = shrunk;
  return {
    index: original.index,
    found: minimal.found ?? '',
    where: minimal.where,
    original: { machines: original.machines, events: original.events, faults: original.faults },
    minimal: { machines: minimal.machines, events: minimal.events, faults: minimal.faults },
    scenario: counterexampleFileName,
  };
}
