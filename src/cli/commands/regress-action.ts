/** What `replay`, `compare` and `regress` do (their options are in regress-commands.ts). */

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeRun } from '../../analysis/analyze-run.js';
import { commandToType } from '../../common/command-to-type.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { fixedText, noValueText, numberText } from '../../common/number-text.js';
import { toolVersion } from '../../common/paths.js';
import { renderTable } from '../../common/text-table.js';
import { checkNotSource, checkOutDir } from '../../logs/out-dir.js';
import { ownershipOf } from '../../logs/owned-files.js';
import { runMode } from '../../logs/replayable-scenario.js';
import { writingOutput } from '../../logs/unfinished-output-guard.js';
import { type Comparison, compareMetrics } from '../../regress/compare.js';
import { type Conformance, conformance } from '../../regress/conformance.js';
import { metricsOf } from '../../regress/metrics.js';
import { regress } from '../../regress/regress.js';
import { firstDifference, replayRun } from '../../regress/replay.js';
import { replayTcpRun } from '../../regress/replay-tcp.js';
import {
  refuseUnlikeMachineCounts,
  runIdentity,
  type ScenarioDifference,
  scenarioDifferences,
} from '../../regress/run-identity.js';
import { writeTwoRunShiviz } from '../../regress/two-run-shiviz.js';
import type { CliIo } from '../io.js';
import { baselinesDir, type CompareOptions, type ReplayOptions } from './regress-options.js';

/** `replay`: the exit code (1 when --verify finds a difference). */
export async function replayCommand(
  runDir: string,
  options: ReplayOptions,
  io: CliIo,
): Promise<ExitCode> {
  // Ctrl-C stops the replay between slices; the temporary directory is still removed (below)
  // and nothing is compared. Without this, the signal ended the process before `finally`.
  let interrupted = false;
  const removeInterrupt = io.onInterrupt(() => {
    interrupted = true;
  });
  const stop = { shouldStop: () => interrupted };
  try {
    // A verification keeps nothing unless asked to (--out): it replays into a fresh temporary
    // directory, removed afterwards, so it needs no free <run-dir>-replay and can run again.
    if (options.verify && options.out === undefined) {
      const scratch = mkdtempSync(join(tmpdir(), 'lamport-lab-verify-'));
      try {
        return await replayInto(runDir, join(scratch, 'replay'), options, io, true, stop);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    const outDir = options.out ?? `${runDir.replace(/\/+$/, '')}-replay`;
    checkNotSource(outDir, runDir, '--out');
    // Which files the replay writes is known once its manifest is read: executeRun checks them.
    checkOutDir(outDir, options.force, []);
    return await replayInto(runDir, outDir, options, io, false, stop);
  } finally {
    removeInterrupt();
  }
}

async function replayInto(
  runDir: string,
  outDir: string,
  options: ReplayOptions,
  io: CliIo,
  scratch: boolean,
  stop: { readonly shouldStop: () => boolean },
): Promise<ExitCode> {
  if (runMode(runDir) === 'tcp') {
    // Re-executed in one go (a TCP run is short): a Ctrl-C is seen once it is done.
    const status = await unlessScratch(scratch, outDir, () =>
      replayTcp(runDir, outDir, options, io, scratch),
    );
    return stop.shouldStop() ? stopped(io) : status;
  }
  const recordedVersion = recordedToolVersion(runDir);
  if (recordedVersion !== null && recordedVersion !== toolVersion) {
    // A newer version may change behaviour on purpose; --verify then says where.
    io.stderr.write(
      `note: the run was made by lamport-lab ${recordedVersion}, this is ${toolVersion}\n`,
    );
  }
  const completed = await unlessScratch(scratch, outDir, () =>
    replayRun(runDir, outDir, options.force, stop),
  );
  if (!completed) return stopped(io);
  io.stdout.write(
    scratch
      ? `replayed ${runDir} into a temporary directory (removed after the comparison; --out keeps it)\n`
      : `replayed ${runDir} into ${outDir}/\n`,
  );
  if (!options.verify) return exitCodes.ok;
  const difference = firstDifference(runDir, outDir);
  if (difference === null) {
    io.stdout.write('identical: every log byte and the manifest match\n');
    return exitCodes.ok;
  }
  io.stdout.write(
    `DIFFERENT: ${join(runDir, difference.file)}:${difference.line}\n  original: ${difference.original ?? '(no line)'}\n` +
      `  replayed: ${difference.replayed ?? '(no line)'}\n`,
  );
  return exitCodes.finding;
}

/**
 * The replay's writing, watched for a bug that leaves --out half written (the temporary
 * directory of a --verify without --out is removed whatever happens: nothing to say of it).
 */
async function unlessScratch<T>(scratch: boolean, outDir: string, work: () => Promise<T> | T) {
  return scratch ? await work() : await writingOutput(outDir, null, work);
}

/** A replay stopped by Ctrl-C: nothing was compared. */
function stopped(io: CliIo): ExitCode {
  io.stderr.write('replay: stopped by Ctrl-C before the end; nothing compared\n');
  return exitCodes.interrupted;
}

/** `compare`: the exit code (1 when the runs differ). */
export function compareCommand(
  before: string,
  after: string,
  options: CompareOptions,
  io: CliIo,
): ExitCode {
  const beforeIdentity = runIdentity(before);
  const afterIdentity = runIdentity(after);
  refuseUnlikeMachineCounts(beforeIdentity, afterIdentity);
  const scenario = scenarioDifferences(beforeIdentity, afterIdentity);
  if (isRunDir(before) && isRunDir(after) && runMode(before) !== runMode(after)) {
    // Sim vs real: distributions, not bytes.
    const result = conformance(analyzeRun(before).summary, analyzeRun(after).summary);
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ scenarioDifferences: scenario, ...result }, null, 2)}\n`
        : `${formatConformance(before, after, result, scenario)}\n`,
    );
    return result.differs ? exitCodes.finding : exitCodes.ok;
  }
  const comparison = compareMetrics(metricsOf(before), metricsOf(after), options.tolerance);
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ scenarioDifferences: scenario, ...comparison }, null, 2)}\n`
      : `${formatComparison(comparison, scenario)}\n`,
  );
  if (!comparison.same && isRunDir(before) && isRunDir(after)) {
    const shiviz = join(after, 'compare.shiviz.log');
    const ownership = ownershipOf(shiviz);
    if (ownership.kind === 'theirs') {
      // A by-product of the comparison: the verdict stands, the user's file stays.
      io.stderr.write(`note: ${shiviz} not written: it is ${ownership.why}\n`);
    } else {
      writeTwoRunShiviz(before, after, shiviz);
      // With --json, stdout is one JSON document: the note goes to stderr.
      (options.json ? io.stderr : io.stdout).write(
        `both runs for ShiViz's multi-execution view: ${shiviz} (see docs/REGRESSION.md)\n`,
      );
    }
  }
  return comparison.same ? exitCodes.ok : exitCodes.finding;
}

/** `regress`: the exit code (1 when a scenario differs from its baseline, unless updating). */
export async function regressCommand(options: { update: boolean }, io: CliIo): Promise<ExitCode> {
  const verdicts = await regress(baselinesDir, { update: options.update });
  for (const verdict of verdicts) {
    const changed = verdict.comparison?.changes.filter((change) => change.beyondTolerance) ?? [];
    const what =
      changed.length === 0
        ? ''
        : `: ${changed
            .slice(0, 3)
            .map((change) => change.metric)
            .join(', ')}${changed.length > 3 ? ', ...' : ''}`;
    const updated = options.update && verdict.status !== 'same' ? ' (baseline updated)' : '';
    const shiviz =
      verdict.shivizPath === null ? '' : `; both runs for ShiViz: ${verdict.shivizPath}`;
    io.stdout.write(`${verdict.scenario.padEnd(30)} ${verdict.status}${what}${updated}${shiviz}\n`);
  }
  const failed = verdicts.filter((verdict) => verdict.status !== 'same').length;
  if (!options.update && failed > 0) {
    io.stdout.write(
      `${failed} scenario(s) differ from scenarios/baselines/; if on purpose, run ${commandToType('regress --update')}\n`,
    );
    return exitCodes.finding;
  }
  return exitCodes.ok;
}

/** A TCP run re-executed in virtual time; --verify checks event, peers, message id and clock. */
function replayTcp(
  runDir: string,
  outDir: string,
  options: { force: boolean; verify: boolean },
  io: CliIo,
  scratch: boolean,
): ExitCode {
  const result = replayTcpRun(runDir, outDir, options.force);
  const into = scratch
    ? 'a temporary directory (removed after the comparison; --out keeps it)'
    : `${outDir}/`;
  io.stdout.write(
    `re-executed the TCP run ${runDir} in virtual time (${result.events} events) into ${into}\n`,
  );
  if (!options.verify) return exitCodes.ok;
  if (result.mismatch === null) {
    io.stdout.write(
      'reproduced: every row has the same event, peers, message id and Lamport clock\n',
    );
    return exitCodes.ok;
  }
  const { file, line, recorded, replayed } = result.mismatch;
  io.stdout.write(
    `DIFFERENT: ${join(runDir, file)}:${line}\n  recorded: ${recorded}\n  replayed: ${replayed}\n`,
  );
  return exitCodes.finding;
}

function recordedToolVersion(runDir: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as {
      tool?: { version?: unknown };
    };
    return typeof manifest.tool?.version === 'string' ? manifest.tool.version : null;
  } catch {
    return null;
  }
}

function isRunDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * Two runs of different scenarios differ for that reason first: the differing fields come before
 * any metric, so a changed seed or rate is not read as a regression.
 */
function formatScenarioDifferences(differences: readonly ScenarioDifference[]): string[] {
  if (differences.length === 0) return [];
  return [
    'different scenarios; the metrics below differ at least because of:',
    renderTable(
      ['scenario field', 'before', 'after'],
      differences.map((difference) => [difference.field, difference.before, difference.after]),
    ),
    '',
  ];
}

function formatConformance(
  before: string,
  after: string,
  result: Conformance,
  scenario: readonly ScenarioDifference[],
): string {
  const { jumps } = result;
  const rows = result.machines.map((machine) => [
    machine.id,
    `${fixedText(machine.jumpMean[0], 2)} / ${fixedText(machine.jumpMean[1], 2)}`,
    `${fixedText(machine.queueGrowthPerSec[0], 3)} / ${fixedText(machine.queueGrowthPerSec[1], 3)}`,
    `${numberText(machine.driftMax[0])} / ${numberText(machine.driftMax[1])}`,
  ]);
  return [
    `${result.differs ? 'DIFFERENT' : 'CONFORMS'}: ${before} vs ${after} (modes differ: distributions compared)`,
    ...formatScenarioDifferences(scenario),
    `clock jumps, two-sample Kolmogorov-Smirnov: D = ${fixedText(jumps.statistic, 4)}, p = ${fixedText(jumps.pValue, 4)} ` +
      `(${jumps.samplesBefore} vs ${jumps.samplesAfter} receives; different at the 1 % level: ${result.differs ? 'yes' : 'no'})`,
    renderTable(['machine', 'jump mean', 'queue growth/s', 'drift max'], rows),
  ].join('\n');
}

export function formatComparison(
  comparison: Comparison,
  scenario: readonly ScenarioDifference[] = [],
): string {
  const verdict = comparison.same ? 'SAME' : 'CHANGED';
  const head = [
    `${verdict}: ${comparison.before} -> ${comparison.after} (tolerance ${comparison.tolerance})`,
    ...formatScenarioDifferences(scenario),
  ].join('\n');
  if (comparison.changes.length === 0) return `${head}\nno metric and no hash differs`;
  const rows = comparison.changes.map((change) => [
    change.metric,
    shorten(change.before),
    shorten(change.after),
    changeText(change.change),
    change.beyondTolerance ? 'beyond tolerance' : 'within',
  ]);
  return `${head}\n${renderTable(['metric', 'before', 'after', 'change', 'vs tolerance'], rows)}`;
}

/** A relative change in per cent; one from 0 has no ratio ("Infinity %" before). */
function changeText(change: number | null): string {
  if (change === null) return '-';
  if (Number.isNaN(change)) return noValueText;
  return Number.isFinite(change * 100) ? `${(change * 100).toFixed(2)} %` : 'from 0';
}

function shorten(value: number | string | null): string {
  if (value === null) return '(none)';
  if (typeof value === 'string') return value.slice(0, 12);
  return numberText(value);
}
