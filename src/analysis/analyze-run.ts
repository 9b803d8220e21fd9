/**
 * `analyze`: the exercise's observations, computed from a run's logs alone (virtual or TCP):
 * events by kind, achieved tick rate, logical-clock rate, clock jumps at receives, drift from the
 * fastest clock, queue length and its growth, and the delay messages spend queued, per machine,
 * next to what the fluid model (predict.ts) expects from the rates and probabilities.
 *
 * It streams the logs in causal order (as `check` does) into the analyzer (run-analyzer.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rateHzToMilliHz } from '../../core/tick-schedule.js';
import { LogFacts } from '../check/log-facts.js';
import { type ManifestMismatch, manifestMismatches } from '../check/manifest-claims.js';
import { type RerunChoice, verifyByRerun } from '../check/manifest-rerun.js';
import { commandToType } from '../common/command-to-type.js';
import { InputError } from '../common/errors.js';
import { feedInCausalOrder } from '../logs/causal-merge.js';
import { logFileName } from '../logs/format.js';
import { LogReader } from '../logs/log-reader.js';
import { manifestFileName } from '../logs/manifest.js';
import { recordedLogsOf, refuseChangedLogs } from '../logs/recorded-logs.js';
import { type RunFaults, readRunFaults, runFaultsOfFiles } from '../logs/run-faults.js';
import { type RunInput, runInputOfDir } from '../logs/run-input.js';
import { closeRunLogs } from '../logs/run-logs.js';
import { ClockInflation, restartRulesOf } from './clock-inflation.js';
import { withFaultsSection } from './faults-section.js';
import { type AnalysisResult, analysisContext, emptyRow, RunAnalyzer } from './run-analyzer.js';
import { aliveUntilUs, tcpFactsOf } from './tcp-facts.js';

// The analyzer's types and the analyzer itself, for the many readers that know them from here.
export {
  type AnalysisContext,
  type AnalysisResult,
  type AnalysisRow,
  analysisContext,
  emptyRow,
  type JumpStats,
  type MachineAnalysis,
  type MachineSeries,
  type ManifestFacts,
  type RunAnalysis,
  RunAnalyzer,
} from './run-analyzer.js';

export interface AnalyzeOptions {
  /**
   * Whether a virtual run's scenario is re-run in memory to check what its manifest states that
   * the logs do not show (seed, internal probability, latency): 'never' (the default) for a run
   * this process just made or verified; 'auto' (analyze, plot, report) up to rerunEventsMax.
   */
  readonly rerun?: RerunChoice;
  /** Told when the re-run was skipped (too long), in words for the user. */
  readonly onNote?: (note: string) => void;
}

export function analyzeRun(runDir: string, options: AnalyzeOptions = {}): AnalysisResult {
  return analyzeRunInput(runInputOfDir(runDir), options);
}

/** `analyze` of a run directory, or of the same files held in memory (run-input.ts). */
export function analyzeRunInput(input: RunInput, options: AnalyzeOptions = {}): AnalysisResult {
  const { runDir } = input;
  const { manifest, machineCount, assembled, scenarioKnown } = input.files;
  const lastRowTimesUs = lastRowTimesOf(input);
  // Without a manifest's duration (hand-started runs), the last row of the logs tells it.
  const durationUs = manifest?.durationUs || Math.max(0, ...lastRowTimesUs());
  const tcp = manifest === null ? undefined : tcpFactsOf(manifest);
  const analyzer = new RunAnalyzer(
    machineCount,
    durationUs,
    true,
    aliveUntilUs(tcp, machineCount, durationUs),
  );
  const faults = runFaultsOf(input, durationUs, machineCount);
  const readers = input.openLogs();
  // What the logs determine, to hold the manifest's figures (and a virtual run's rates) to.
  const virtual = manifest?.mode === 'virtual';
  // With faults, rates alone no longer give the tick times (pauses, crashes, rate steps): check
  // recomputes that schedule from the fault list; the analysis holds the other figures to the logs.
  const facts = new LogFacts(
    machineCount,
    virtual && faults === null ? manifest.scenario.rates.map(rateHzToMilliHz) : null,
  );
  try {
    feedLogs(readers, analyzer, facts, faults);
    // The analysis puts the manifest's figures (rates, queues at the end) beside the logs' own:
    // logs changed after the run would mix two runs in one summary, with exit code 0. The sha256,
    // rows and bytes were counted as the logs were read, so this costs nothing more; a manifest
    // whose rows or bytes were edited is refused as `check` fails it (rule 0). faults.csv was
    // held to the manifest as it was read (readInputFaults).
    const recorded = recordedLogsOf(input.files);
    if (recorded !== null) refuseChangedLogs(runDir, recorded, readers);
  } finally {
    closeRunLogs(readers);
  }
  if (manifest !== null) {
    if (virtual && manifest.completed) facts.finishCompleted(manifest.durationUs);
    refuseChangedManifest(
      runDir,
      manifestMismatches(manifest, facts, claimsCompared(assembled, scenarioKnown)),
    );
    if (virtual && !assembled && (options.rerun ?? 'never') !== 'never') {
      const rows = facts.machines.reduce(
        (total, machine) =>
          total + machine.internal + machine.send + machine.receive + machine.restarts,
        0,
      );
      const stored =
        input.memory === null
          ? undefined
          : { value: input.memory.manifest, path: join(runDir, manifestFileName) };
      const rerun = verifyByRerun(runDir, manifest, rows, options.rerun ?? 'never', false, stored);
      refuseChangedManifest(runDir, rerun.mismatches);
      if (!rerun.rerun) options.onNote?.(rerun.note);
    }
  }
  const context = analysisContext(runDir, manifest);
  // Reports of earlier versions do not say the rates or the probability: unknown, not 1 Hz.
  const known = scenarioKnown ? context : { ...context, rates: null, internalProbability: null };
  return withFaults(faults, analyzer.finish(tcp === undefined ? known : { ...known, tcp }));
}

/**
 * The logs, merged in causal order, into the analyzer, the facts and any inflation replay. A
 * run with faults in the order its driver made the rows (a restart row first within its
 * instant), as `check` reads it and as `run` analysed it as it went: the drift from the fastest
 * clock reads every machine's clock at each event, so the order within an instant shows in it.
 */
function feedLogs(
  readers: readonly LogReader[],
  analyzer: RunAnalyzer,
  facts: LogFacts,
  faults: ReturnType<typeof runFaultsOf>,
): void {
  const row = emptyRow();
  feedInCausalOrder(
    readers,
    {
      mustWait: (receive) => analyzer.mustWait(receive.msgSender, receive.msgSeq),
      accept: (parsed, id) => {
        facts.accept(parsed, id);
        faults?.inflation?.accept(parsed, id);
        row.kind = parsed.kind;
        row.seq = parsed.seq;
        row.timeUs = parsed.timeUs;
        row.clock = parsed.clock;
        row.queueLength = parsed.queueLength;
        row.copies = parsed.kind === 'send' ? parsed.receiverIds.length : 0;
        row.msgSender = parsed.kind === 'receive' ? parsed.msgSender : -1;
        row.msgSeq = parsed.kind === 'receive' ? parsed.msgSeq : 0;
        analyzer.accept(row, id);
      },
    },
    faults !== null,
  );
}

/** The manifest's claims the analysis holds to the logs (row counts count restart rows too). */
function claimsCompared(assembled: boolean, ratesStated: boolean) {
  return { causality: null, rowCounts: !assembled, ratesStated };
}

/**
 * A run with faults: its faults, and (when some copy carried a corrupted clock) the replay that
 * measures what the corrupted clocks did, fed with the logs. Null for a run whose manifest names
 * no faults.
 */
function runFaultsOf(
  input: RunInput,
  durationUs: number,
  machineCount: number,
): { readonly read: RunFaults; readonly inflation: ClockInflation | null } | null {
  const read = readInputFaults(input, durationUs);
  if (read === null) return null;
  const corrupted = read.copies
    .filter((copy) => copy.action === 'corrupt')
    .map((copy) => ({ sender: copy.sender, seq: Number(copy.msgId.split('-')[1]) }));
  return {
    read,
    inflation:
      corrupted.length > 0
        ? new ClockInflation(machineCount, restartRulesOf(read.marks), corrupted)
        : null,
  };
}

/** The result with its faults section; a run without faults is returned as it is. */
function withFaults(
  faults: ReturnType<typeof runFaultsOf>,
  result: AnalysisResult,
): AnalysisResult {
  if (faults === null) return result;
  return withFaultsSection(result, faults.read, faults.inflation?.figures() ?? null);
}

/**
 * The summary puts the manifest's rates, probability and end-of-run queues beside the logs'
 * figures: a manifest changed after the run would mix two runs, as a changed log would, and is
 * refused the same way, naming its first field that disagrees.
 */
function refuseChangedManifest(runDir: string, mismatches: readonly ManifestMismatch[]): void {
  const first = mismatches[0];
  if (first === undefined) return;
  throw new InputError(
    `${join(runDir, manifestFileName)}: ${first.field}: expected ${first.expected}, got ${first.found}: ` +
      `the manifest is not the run's (${first.why}; \`${commandToType(`check ${runDir}`)}\` lists every difference)`,
  );
}
/**
 * A run's faults (readRunFaults), from faults.csv in memory for a run held there. faults.csv is
 * held to the manifest's record of it as the logs are (refuseChangedLogs): the faults section
 * and the figures beside it are of one run. An assembled manifest records no faults.csv.
 */
function readInputFaults(input: RunInput, durationUs: number): RunFaults | null {
  const recorded = recordedLogsOf(input.files);
  if (input.memory === null) return readRunFaults(input.runDir, durationUs, recorded);
  const { faultsCsv, unhashed } = input.memory;
  return runFaultsOfFiles(
    {
      runDir: input.runDir,
      csv: faultsCsv,
      manifest: input.memory.manifest,
      recorded,
      hashed: unhashed !== true,
    },
    durationUs,
  );
}

/**
 * The times of the logs' last rows, when asked (only a run without a manifest's duration needs
 * them); a run directory's logs are first required to exist, as they always were.
 */
function lastRowTimesOf(input: RunInput): () => number[] {
  const { machineCount } = input.files;
  if (input.memory !== null) {
    return () => {
      const readers = input.openLogs();
      try {
        return readers.map(lastRowTimeOfReader);
      } finally {
        closeRunLogs(readers);
      }
    };
  }
  const paths = Array.from({ length: machineCount }, (_, id) =>
    join(input.runDir, logFileName(id)),
  );
  for (const path of paths) if (!existsSync(path)) throw new InputError(`${path}: no such log`);
  return () => paths.map(lastRowTimeUs);
}

function lastRowTimeOfReader(reader: LogReader): number {
  let timeUs = 0;
  for (let row = reader.next(); row !== undefined; row = reader.next()) timeUs = row.timeUs;
  return timeUs;
}

/** Time of a log's last row (the analysis needs the run's length before its second half). */
function lastRowTimeUs(path: string): number {
  const reader = new LogReader(path);
  let timeUs = 0;
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) timeUs = row.timeUs;
  } finally {
    reader.close();
  }
  return timeUs;
}
