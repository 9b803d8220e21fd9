/**
 * `check` over a run directory: opens every machine log, feeds the rule engine in causal order
 * (causal-merge.ts) and adds the run-wide checks (rows, sha256 and conservation against the
 * manifest).
 */
import { join } from 'node:path';
import { assert, type CausalityStats } from '../../core/index.js';
import { rateHzToMilliHz } from '../../core/tick-schedule.js';
import { feedInCausalOrder } from '../logs/causal-merge.js';
import { faultsFileName } from '../logs/faults-format.js';
import { readRowSources } from '../logs/import-files.js';
import type { LogReader } from '../logs/log-reader.js';
import { manifestFileName } from '../logs/manifest.js';
import { type RunInMemory, type RunInput, runInputOfDir } from '../logs/run-input.js';
import { closeRunLogs, openRunLogs } from '../logs/run-logs.js';
import { assembledTimeToleranceMs, type RunFiles, type RunManifest } from '../logs/run-manifest.js';
import { RunChecker } from './checker.js';
import type { Consequence } from './consequences.js';
import { faultEvidenceOf } from './fault-evidence.js';
import type { ReportViolation } from './fault-rules.js';
import { checkFaultClaims, type FaultSetup, faultSetupOf } from './fault-setup.js';
import { checkImportedRules, readAllRows } from './imported-rules.js';
import { LogFacts } from './log-facts.js';
import { manifestMismatches } from './manifest-claims.js';
import { type RerunChoice, verifyByRerun } from './manifest-rerun.js';
import type { RuleId, Violation } from './rules.js';

export interface CheckOptions {
  readonly maxErrors: number;
  /**
   * Whether a virtual run's scenario is re-run in memory: 'auto' (the default) up to
   * rerunEventsMax events, 'always', or 'never'. The output says when it was not, and why.
   */
  readonly rerun?: RerunChoice;
  /** A run with faults fails on its consequences of injected faults too (`--strict`). */
  readonly strict?: boolean;
}

export interface CheckReport {
  readonly runDir: string;
  readonly ok: boolean;
  readonly mode: string;
  readonly events: number;
  readonly checks: number;
  readonly messages: {
    readonly sent: number;
    readonly received: number;
    readonly notReceived: number;
    readonly queuedAtEnd: number | null;
    readonly inFlightAtEnd: number | null;
    /** TCP: copies no connection could carry, per the senders' and router's counts. */
    readonly undeliverable: number | null;
    /**
     * TCP: copies lost with a failed machine: neither received, queued, in flight nor counted
     * undeliverable. sent = received + queued + in flight + undeliverable + this.
     */
    readonly lostWithFailure: number;
  };
  readonly fifoChecked: boolean;
  readonly violationCounts: Partial<Record<RuleId, number>>;
  readonly violations: readonly Violation[];
  readonly causality: CausalityStats;
  readonly notes: readonly string[];
  /**
   * Only for a run with faults (absent otherwise, so a fault-free report is what it was): what
   * its faults broke, as expected, each with its cause; and the copies faults.csv duplicated
   * and dropped.
   */
  readonly faults?: {
    readonly consequences: readonly Consequence[];
    readonly strict: boolean;
    readonly duplicated: number;
    readonly dropped: number;
  };
}

/** `--max-errors`'s default: the violations a report lists (all are counted). */
export const checkMaxErrorsDefault = 20;

export function checkRun(runDir: string, options: CheckOptions): CheckReport {
  return checkRunInput(runInputOfDir(runDir), options);
}

/** `check` of a run directory, or of the same files held in memory (run-input.ts). */
export function checkRunInput(input: RunInput, options: CheckOptions): CheckReport {
  const { runDir, files } = input;
  // A re-run compares its real digests with the manifest's: an unhashed run's are not.
  assert(
    input.memory?.unhashed !== true || options.rerun === 'never',
    'a run held in memory unhashed is checked without a re-run',
  );
  const { manifest, machineCount } = files;
  const fifo = manifest !== null && promisesFifo(manifest);
  const virtual = manifest?.mode === 'virtual';
  const { checker, faults } = makeChecker(input, fifo, options.maxErrors);
  // The checker keeps no row (what it needs of a send it copies), so rows can be reused.
  const readers = input.openLogs({ reuseRows: true });
  // What the logs determine, tallied on the way, for what the manifest states (rule 0).
  const facts = new LogFacts(machineCount, null);
  try {
    feedInCausalOrder(
      readers,
      {
        mustWait: (row) => checker.mustWait(row),
        accept: (row, id) => {
          facts.accept(row, id);
          checker.accept(row, id);
        },
      },
      faults !== null,
    );
    const durationUs = virtual && manifest.completed ? manifest.durationUs : null;
    readers.forEach((reader, id) => {
      checker.finishMachine(id, durationUs, `${reader.fileName} (end)`);
    });
    // A scan of every message still open (millions when a queue grows for good): made once.
    const unreceived = checker.unreceivedByMachine();
    const consequences = faults?.rules.finish() ?? [];
    const { notes, lostWithFailure } = checkRunWide({
      runDir,
      memory: input.memory,
      files,
      readers,
      checker,
      facts,
      unreceived,
      rerun: options.rerun ?? 'auto',
      faults,
    });
    if (manifest?.mode === 'imported') notes.push(...importedRules(runDir, manifest, checker));
    const built = buildReport(runDir, manifest, checker, unreceived, fifo, notes, lostWithFailure);
    if (manifest?.mode === 'imported') return namedBySource(runDir, built);
    if (faults === null) return built;
    const strict = options.strict === true;
    return {
      ...built,
      ok: built.ok && (!strict || consequences.length === 0),
      faults: {
        consequences,
        strict,
        duplicated: faults.rules.countRows('duplicate'),
        dropped: faults.rules.countRows('drop'),
      },
    };
  } finally {
    closeRunLogs(readers);
  }
}

/** The rule engine for a run, and its fault rules when the manifest lists faults. */
function makeChecker(
  input: RunInput,
  fifo: boolean,
  maxErrors: number,
): { readonly checker: RunChecker; readonly faults: FaultSetup | null } {
  const { manifest, machineCount } = input.files;
  // The fault rules report to the checker, made next; they report nothing before start().
  const report: ReportViolation = (...violation) => checker.report(...violation);
  const inMemory = input.memory?.faultsCsv;
  const hashed = input.memory?.unhashed !== true;
  const faults = faultSetupOf(
    input.runDir,
    manifest,
    report,
    inMemory === undefined || inMemory === null
      ? undefined
      : () =>
          faultEvidenceOf(
            // A view of the bytes, not a copy: they are only decoded, hashed and measured.
            Buffer.from(inMemory.buffer, inMemory.byteOffset, inMemory.byteLength),
            join(input.runDir, faultsFileName),
            hashed,
          ),
  );
  const checker = new RunChecker({
    machineCount,
    fifo,
    ratesMilliHz:
      manifest?.mode === 'virtual' ? manifest.scenario.rates.map(rateHzToMilliHz) : null,
    maxErrors,
    timeToleranceUs: Math.round(
      (manifest?.import?.toleranceMs ?? manifest?.tcp?.timeToleranceMs ?? 0) * 1000,
    ),
    imported: manifest?.mode === 'imported',
    faults:
      faults === null || manifest === null
        ? null
        : {
            list: faults.list,
            rules: faults.rules,
            fifoOption: manifest.scenario.fifo,
            endUs: manifest.durationUs,
          },
  });
  faults?.rules.start();
  return { checker, faults };
}

/** The imported-run rules (imported-rules.ts), over the logs read again; returns their notes. */
function importedRules(runDir: string, manifest: RunManifest, checker: RunChecker): string[] {
  const readers = openRunLogs(runDir, manifest.machines.length);
  try {
    return checkImportedRules(manifest, readAllRows(readers), checker);
  } finally {
    closeRunLogs(readers);
  }
}

/**
 * An imported run's violations named by the lines of the source logs they came from
 * (import-sources.csv): `their/run.log:12 (machine-1.csv:5)`, and rows named in messages too.
 */
function namedBySource(runDir: string, report: CheckReport): CheckReport {
  const sources = readRowSources(runDir);
  if (sources.size === 0) return report;
  const rename = (text: string, keepRow: boolean): string =>
    text.replace(/machine-\d+\.csv:\d+/g, (row) => {
      const source = sources.get(row);
      if (source === undefined) return row;
      return keepRow ? `${source} (${row})` : source;
    });
  return {
    ...report,
    violations: report.violations.map((violation) => ({
      ...violation,
      where: rename(violation.where, true),
      message: rename(violation.message, false),
    })),
  };
}

/** A run's logs, fed to the checker, and what the run-wide checks need besides. */
interface CheckedRun {
  readonly runDir: string;
  /** A run held in memory; null for a run directory. */
  readonly memory: RunInMemory | null;
  readonly files: RunFiles;
  readonly readers: readonly LogReader[];
  readonly checker: RunChecker;
  readonly facts: LogFacts;
  /** Per machine, the copies sent to it and never received. */
  readonly unreceived: readonly number[];
  readonly rerun: RerunChoice;
  /** A run with faults; null otherwise. */
  readonly faults: FaultSetup | null;
}

/**
 * The checks against the manifest (reported to the checker under rule 0 and conservation), and
 * the notes on what could not be checked. Returns those and the copies lost with failed machines.
 */
function checkRunWide(run: CheckedRun): { notes: string[]; lostWithFailure: number } {
  const { manifest, assembled } = run.files;
  const notes: string[] = [];
  let lostWithFailure = 0;
  if (manifest === null)
    notes.push('no manifest.json: rows, sha256 and queued/in-flight counts not checked');
  else {
    const against = checkAgainstManifest(
      manifest,
      run.readers,
      run.checker,
      run.unreceived,
      assembled,
      run.faults,
    );
    if (run.faults !== null) {
      checkFaultClaims(
        manifest,
        run.faults,
        (...violation) => run.checker.report(...violation),
        run.facts.machines.map((machine) => machine.restarts),
      );
    }
    lostWithFailure = against.lostWithFailure;
    const note = checkManifestClaims(run, manifest, against.logsChanged);
    if (note !== null) notes.push(note);
  }
  if (assembled) {
    notes.push(
      `no manifest.json: assembled from the machines' reports (machine-<id>.json); sha256 not checked, send/receive times compared with ${assembledTimeToleranceMs} ms tolerance for host clocks`,
    );
  }
  // Without a manifest the mode is unknown: a virtual run's manifest removed is no TCP run.
  if (manifest === null)
    notes.push(
      "no manifest.json: the run's mode is unknown, so row times are not checked against the tick schedule",
    );
  else if (manifest.mode !== 'virtual')
    notes.push('not a virtual run: row times are not checked against the tick schedule');
  return { notes, lostWithFailure };
}

/**
 * What the manifest states that the logs (and, for a virtual run, a re-run of its scenario)
 * determine, each disagreement reported under rule 0. Returns the re-run's note, if one applies.
 */
function checkManifestClaims(
  run: CheckedRun,
  manifest: RunManifest,
  logsChanged: boolean,
): string | null {
  const { checker, readers } = run;
  const { assembled, scenarioKnown } = run.files;
  // A log that is not the one the manifest describes (its sha256) is reported once, as
  // that: its figures would only repeat it, and a re-run could only differ.
  const mismatches = logsChanged
    ? []
    : // An assembled run's rates are its reports' own when they state them (scenarioKnown).
      manifestMismatches(manifest, run.facts, {
        causality: checker.causality(),
        rowCounts: false,
        ratesStated: scenarioKnown,
      });
  let note: string | null = null;
  if (manifest.mode === 'virtual' && !assembled) {
    const rows = readers.reduce((total, reader) => total + reader.rows, 0);
    const rerun = logsChanged
      ? {
          mismatches: [],
          rerun: false,
          note: `manifest: the logs are not the ones it describes (sha256), so the scenario was not re-run`,
        }
      : verifyByRerun(run.runDir, manifest, rows, run.rerun, true, storedManifestOf(run));
    mismatches.push(...rerun.mismatches);
    note = rerun.note;
  }
  for (const mismatch of mismatches) {
    checker.report(
      'manifest',
      'manifest.json',
      `${mismatch.field}: ${mismatch.why}`,
      mismatch.expected,
      mismatch.found,
    );
  }
  return note;
}

/** A run in memory's manifest value, for the re-run; undefined: read manifest.json. */
function storedManifestOf(run: CheckedRun): { value: unknown; path: string } | undefined {
  if (run.memory === null) return undefined;
  return { value: run.memory.manifest, path: join(run.runDir, manifestFileName) };
}

/** The network keeps channels FIFO: constant latency, the fifo option, or TCP. */
function promisesFifo(manifest: RunManifest): boolean {
  if (manifest.mode === 'tcp') return true;
  return manifest.scenario.latency.kind === 'constant' || manifest.scenario.fifo;
}

/**
 * Returns the copies lost with machines that failed (counted, not violations): those not
 * received, queued, in flight or counted undeliverable, so that the five add up to what was sent.
 */
function checkAgainstManifest(
  manifest: RunManifest,
  readers: readonly LogReader[],
  checker: RunChecker,
  unreceived: readonly number[],
  assembled: boolean,
  faults: FaultSetup | null,
): { readonly lostWithFailure: number; readonly logsChanged: boolean } {
  const logsByFile = listedLogs(manifest, readers, checker, faults !== null);
  if (faults !== null) checkFaultsEntry(logsByFile.get(faultsFileName), faults, checker);
  const rows = readers.reduce((total, reader) => total + reader.rows, 0);
  if (!assembled && manifest.events !== rows) {
    checker.report(
      'manifest',
      'manifest.json',
      'events: the manifest counts every row of the logs',
      `${rows} (the ${readers.length} logs have ${rows} rows)`,
      String(manifest.events),
    );
  }
  let lostWithFailure = 0;
  let logsChanged = false;
  readers.forEach((reader, id) => {
    const machine = manifest.machines[id];
    assert(machine !== undefined, 'the manifest lists every machine');
    if (reader.rows !== machine.events.total) {
      checker.report(
        'manifest',
        reader.fileName,
        'the log holds as many rows as the manifest counts events',
        `${machine.events.total} rows`,
        `${reader.rows} rows`,
      );
    }
    // Hand-started machines write no digests: nothing to compare the bytes with.
    if (!assembled && !checkLogEntry(reader, logsByFile.get(reader.fileName), checker))
      logsChanged = true;
    lostWithFailure += lostWithFailedMachines({
      manifest,
      id,
      reader,
      checker,
      notReceived: unreceived[id] ?? 0,
      faults,
    });
  });
  return { lostWithFailure, logsChanged };
}

/** A log the manifest lists, and where in its `logs`. */
interface ListedLog {
  readonly entry: RunManifest['logs'][number];
  readonly index: number;
}

/**
 * The manifest's logs by file name, once: a find per machine would be N² string compares, 10^8
 * for 10 000 machines. The first entry of a name wins, as a find would have it; a repeat, or a
 * file that is not one of the run's logs, is itself a rule 0 violation.
 */
function listedLogs(
  manifest: RunManifest,
  readers: readonly LogReader[],
  checker: RunChecker,
  withFaults: boolean,
): Map<string, ListedLog> {
  const logsByFile = new Map<string, ListedLog>();
  manifest.logs.forEach((entry, index) => {
    const runLog =
      isRunLog(entry.file, readers.length) || (withFaults && entry.file === faultsFileName);
    if (!logsByFile.has(entry.file) && runLog) {
      logsByFile.set(entry.file, { entry, index });
      return;
    }
    const first = readers[0]?.fileName ?? '';
    const last = readers[readers.length - 1]?.fileName ?? '';
    checker.report(
      'manifest',
      'manifest.json',
      `logs[${index}].file: the manifest lists each of the run's logs once, and no other file`,
      `one of ${first} .. ${last}`,
      logsByFile.has(entry.file) ? `${entry.file} again` : entry.file,
    );
  });
  return logsByFile;
}

/** faults.csv against its entry in the manifest: listed, its sha256, rows and bytes. */
function checkFaultsEntry(
  listed: ListedLog | undefined,
  faults: FaultSetup,
  checker: RunChecker,
): void {
  const { evidence } = faults;
  if (listed === undefined) {
    checker.report(
      'manifest',
      'manifest.json',
      `the manifest lists ${faultsFileName} with its sha256 (a run with faults)`,
      faultsFileName,
      'not listed',
    );
    return;
  }
  const stated = listed.entry;
  for (const [field, actual] of [
    ['sha256', evidence.sha256],
    ['bytes', evidence.bytes],
    ['rows', evidence.rows.length],
  ] as const) {
    if (stated[field] === actual) continue;
    // As for a machine log (checkLogEntry): faults.csv's bytes against the sha256 the manifest
    // expects; the manifest's counts against what faults.csv has.
    if (field === 'sha256') {
      checker.report(
        'manifest',
        faultsFileName,
        `${faultsFileName} is byte for byte the one the run wrote (sha256 in the manifest)`,
        String(stated.sha256),
        String(actual),
      );
      continue;
    }
    checker.report(
      'manifest',
      'manifest.json',
      `logs[${listed.index}].${field}: the manifest counts the ${field} of ${faultsFileName}`,
      `${actual} (${faultsFileName} has ${actual} ${field})`,
      String(stated[field]),
    );
  }
}

/**
 * A log against its entry in the manifest: listed, its sha256, rows and bytes. Returns false when
 * its sha256 differs: it is not the log the manifest describes.
 */
function checkLogEntry(
  reader: LogReader,
  listed: ListedLog | undefined,
  checker: RunChecker,
): boolean {
  if (listed === undefined) {
    checker.report(
      'manifest',
      'manifest.json',
      `the manifest lists ${reader.fileName} with its sha256`,
      reader.fileName,
      'not listed',
    );
    return true;
  }
  const log = listed.entry;
  const sameBytes = log.sha256 === reader.sha256();
  if (!sameBytes) {
    checker.report(
      'manifest',
      reader.fileName,
      'the log is byte for byte the one the run wrote (sha256 in the manifest)',
      log.sha256,
      reader.sha256(),
    );
  }
  // Counted as the log streamed past: nothing is read again.
  for (const [field, counted] of [
    ['rows', reader.rows],
    ['bytes', reader.bytes],
  ] as const) {
    if (log[field] === counted) continue;
    checker.report(
      'manifest',
      'manifest.json',
      `logs[${listed.index}].${field}: the manifest counts the ${field} of ${reader.fileName}`,
      `${counted} (${reader.fileName} has ${counted} ${field})`,
      String(log[field]),
    );
  }
  return sameBytes;
}

/**
 * Conservation for machine `id`: the copies sent to it and never received are the ones the
 * manifest counts queued, in flight or undeliverable at its end, plus those lost with a failed
 * machine; returns the latter (a violation of conservation is reported, and counts none).
 */
function lostWithFailedMachines(conserved: {
  readonly manifest: RunManifest;
  readonly id: number;
  readonly reader: LogReader;
  readonly checker: RunChecker;
  /** Copies sent to the machine that its log never received. */
  readonly notReceived: number;
  /** A run with faults: copies faults.csv drops or duplicates also count. */
  readonly faults: FaultSetup | null;
}): number {
  const { manifest, id, reader, checker, faults } = conserved;
  const rules = faults?.rules;
  // With faults, a duplicated copy is one more to account for, and a dropped one is accounted.
  const notReceived =
    rules === undefined
      ? conserved.notReceived
      : conserved.notReceived +
        (rules.duplicatedTo[id] ?? 0) -
        (rules.duplicatesReceivedBy[id] ?? 0) +
        // Copies faults.csv drops were never waited for: not among those still open.
        (rules.excludedTo[id] ?? 0);
  const dropped = rules === undefined ? 0 : (rules.droppedTo[id] ?? 0);
  const machine = manifest.machines[id];
  assert(machine !== undefined, 'the manifest lists every machine');
  const failed = (sender: number): boolean => manifest.machines[sender]?.failed === true;
  const anyFailed = manifest.machines.some((one) => one.failed === true);
  const undeliverable = machine.undeliverableAtEnd ?? 0;
  const accounted = machine.queuedAtEnd + machine.inFlightAtEnd + undeliverable + dropped;
  // A killed machine's queue died with it: what was sent to it and never logged as received,
  // beyond what its senders counted undeliverable, is lost with it (counted, not held against
  // the run). So may the last messages a killed machine sent, but only a channel's tail. Some
  // of that tail may still be queued here (counted in the manifest), so what is missing beyond
  // the manifest's count must be at most the tail; that excess is counted as lost with it.
  const tail =
    machine.failed === true
      ? Number.POSITIVE_INFINITY
      : anyFailed
        ? checker.lostTailFromFailed(id, failed)
        : 0;
  if (notReceived >= accounted && notReceived <= accounted + tail) return notReceived - accounted;
  const ids = checker.unreceivedIds(id, 5).join(', ');
  checker.report(
    'conservation',
    `${reader.fileName} (end)`,
    `every message sent to machine ${id} is received, still queued, in flight or counted undeliverable at the end (never received: ${ids}${notReceived > 5 ? ', ...' : ''})`,
    `${tail === Number.POSITIVE_INFINITY ? `at least ${accounted}` : tail > 0 ? `${accounted} to ${accounted + tail}` : accounted} not received (manifest: ${machine.queuedAtEnd} queued + ${machine.inFlightAtEnd} in flight + ${undeliverable} undeliverable${rules === undefined ? '' : `; ${faultsFileName}: ${dropped} dropped`}${tail === Number.POSITIVE_INFINITY ? '; machine failed: the rest lost with it' : tail > 0 ? `; up to ${tail} last sent by a failed machine` : ''})`,
    `${notReceived} not received`,
  );
  return 0;
}

/** `machine-<id>.csv` for an id of the run: a file the manifest may list. */
function isRunLog(file: string, machineCount: number): boolean {
  const id = /^machine-(0|[1-9]\d*)\.csv$/.exec(file)?.[1];
  return id !== undefined && Number(id) < machineCount;
}

function buildReport(
  runDir: string,
  manifest: RunManifest | null,
  checker: RunChecker,
  unreceived: readonly number[],
  fifo: boolean,
  notes: string[],
  lostWithFailure: number,
): CheckReport {
  const sum = (pick: (machine: RunManifest['machines'][number]) => number) =>
    manifest === null
      ? null
      : manifest.machines.reduce((total, machine) => total + pick(machine), 0);
  const notReceived = unreceived.reduce((total, count) => total + count, 0);
  return {
    runDir,
    ok: checker.violationCounts.size === 0,
    mode: manifest?.mode ?? 'unknown',
    events: checker.events,
    checks: checker.checks,
    messages: {
      sent: checker.copiesSent,
      received: checker.received,
      notReceived,
      queuedAtEnd: sum((machine) => machine.queuedAtEnd),
      inFlightAtEnd: sum((machine) => machine.inFlightAtEnd),
      undeliverable: sum((machine) => machine.undeliverableAtEnd ?? 0),
      lostWithFailure,
    },
    fifoChecked: fifo,
    violationCounts: Object.fromEntries(checker.violationCounts),
    violations: checker.violations,
    causality: checker.causality(),
    notes,
  };
}
