/**
 * A run directory as the viewer's data (ViewData): its logs through the checker's own reader
 * (log-reader.ts), its manifest through run-manifest.ts, faults.csv through run-faults.ts,
 * summary.json as it is, and the check result from running the real checker in this process.
 *
 * A run of more than `viewEventsMax` events is not inlined whole: the data keeps a window of
 * time that holds about that many (the run's start, or the part the caller asked for) and says so
 * (`window`), so a browser opens it within its budget; the caller chooses another window with
 * `fromUs` / `untilUs`. Windows are [fromUs, untilUs), like the fault windows.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { assertNever } from '../../core/index.js';
import { checkRun } from '../check/check-run.js';
import type { RerunChoice } from '../check/manifest-rerun.js';
import { formatCheckReport } from '../check/report-text.js';
import { InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { logFileName } from '../logs/format.js';
import { LogReader } from '../logs/log-reader.js';
import type { ParsedLogRow } from '../logs/log-row.js';
import { readRunFaults } from '../logs/run-faults.js';
import { type RunFiles, readRunFiles } from '../logs/run-manifest.js';
import { faultMarksOf } from './fault-marks.js';
import {
  type CheckResult,
  EventColumnsBuilder,
  type ViewData,
  type ViewWindow,
  viewDataFormat,
} from './model/view-data.js';

/**
 * The most events `view` inlines: a 2 M-event page is about 60 MB of JSON, which Chromium parses
 * and decodes in a few seconds; beyond it a window is kept.
 */
export const viewEventsMax = 2_000_000;

export interface ReadViewOptions {
  /** Keep only events with fromUs <= time < untilUs (either end may be left out). */
  readonly fromUs?: number;
  readonly untilUs?: number;
  /** --from and --to in seconds as typed, for a refusal that quotes them (not their rounding). */
  readonly typedWindow?: { readonly from?: string | undefined; readonly to?: string | undefined };
  /** The bound above which a window is kept (default viewEventsMax; tests make it small). */
  readonly eventsMax?: number;
  /** Run the checker (default true); its re-run of a virtual scenario as `check` decides. */
  readonly check?: boolean;
  readonly rerun?: RerunChoice;
}

const summaryFileName = 'summary.json';

export function readViewData(runDir: string, options: ReadViewOptions = {}): ViewData {
  const files = readRunFiles(runDir);
  const { machineCount, manifest } = files;
  const totalEvents = manifest?.events ?? countRows(runDir, machineCount);
  const fromUs = Math.max(0, options.fromUs ?? 0);
  const asked = options.untilUs ?? Number.POSITIVE_INFINITY;
  if (asked <= fromUs) {
    throw new InputError(
      `window: expected its end after its start (${fromUs} µs), got ${asked} µs`,
    );
  }
  const read = readWindow(
    runDir,
    files,
    totalEvents,
    fromUs,
    asked,
    options.eventsMax ?? viewEventsMax,
  );
  const whole = read.kept === totalEvents;
  const runEndUs = manifest?.durationUs ?? read.lastUs;
  if (read.kept === 0 && totalEvents > 0) {
    // A page of no event is no view: `--from 100` on a 60 s run was written as an empty page.
    const sec = (us: number): string => `${Number((us / 1e6).toPrecision(9))} s`;
    const typed = options.typedWindow ?? {};
    const fromText = typed.from === undefined ? sec(fromUs) : `${typed.from} s`;
    const untilText =
      typed.to === undefined ? (Number.isFinite(asked) ? sec(asked) : 'the end') : `${typed.to} s`;
    throw new InputError(
      `--from, --to: expected a window that holds some of the run's ${totalEvents} events (it runs from 0 s to ${sec(runEndUs)}), got ${fromText} to ${untilText}`,
    );
  }
  const window: ViewWindow | null = whole
    ? null
    : { fromUs, untilUs: Math.min(read.untilUs, Math.max(runEndUs, read.lastUs + 1)), totalEvents };
  // Not held to the manifest's sha256: a changed faults.csv is shown with check's finding on it,
  // as a changed log is.
  const faults = readRunFaults(runDir, runEndUs, null);
  return {
    format: viewDataFormat,
    title: titleOf(runDir, files),
    mode: manifest?.mode ?? 'tcp',
    machineCount,
    ratesHz: ratesOf(files),
    durationUs: runEndUs,
    seed: manifest?.scenario.seed ?? null,
    completed: manifest?.completed ?? true,
    events: read.columns,
    faults: faults === null ? [] : faultMarksOf(faults, window),
    summary: readSummary(runDir),
    check: options.check === false ? null : checkResult(runDir, options.rerun ?? 'auto'),
    window,
  };
}

/**
 * The events of [fromUs, untilUs), the end moved earlier when that holds more than eventsMax:
 * guessed first from the run's mean rate (so a run of 50 M events is never held whole), then,
 * if the events were bunched and the guess still held too many, narrowed by what was read.
 */
function readWindow(
  runDir: string,
  files: RunFiles,
  totalEvents: number,
  fromUs: number,
  askedUntilUs: number,
  eventsMax: number,
): ReadEvents & { readonly untilUs: number } {
  let untilUs = askedUntilUs;
  const durationUs = files.manifest?.durationUs;
  if (totalEvents > eventsMax && durationUs !== undefined && durationUs > 0) {
    const guessUs = fromUs + Math.max(1, Math.floor((durationUs * eventsMax) / totalEvents));
    untilUs = Math.min(untilUs, guessUs);
  }
  // A virtual run's log is in time order: past the window's end there is nothing more to keep.
  const stopAtEnd = files.manifest?.mode === 'virtual';
  let read = readEvents(runDir, files.machineCount, fromUs, untilUs, stopAtEnd);
  for (let tries = 0; read.kept > eventsMax && tries < 20; tries += 1) {
    const spanUs = Math.min(untilUs, read.keptLastUs + 1) - fromUs;
    untilUs = fromUs + Math.max(1, Math.floor((spanUs * eventsMax * 0.95) / read.kept));
    read = readEvents(runDir, files.machineCount, fromUs, untilUs, stopAtEnd);
  }
  return { ...read, untilUs };
}

interface ReadEvents {
  readonly columns: ViewData['events'];
  /** Rows kept (in the window). */
  readonly kept: number;
  /** The latest time of any row read, and of any row kept (0 for none). */
  readonly lastUs: number;
  readonly keptLastUs: number;
}

/**
 * Every machine's log in turn (the data is sorted by machine), rows in [fromUs, untilUs) kept;
 * with stopAtEnd, a log is read only up to the window's end.
 */
function readEvents(
  runDir: string,
  machineCount: number,
  fromUs: number,
  untilUs: number,
  stopAtEnd: boolean,
): ReadEvents {
  const builder = new EventColumnsBuilder(machineCount);
  let lastUs = 0;
  let keptLastUs = 0;
  for (let id = 0; id < machineCount; id += 1) {
    const path = join(runDir, logFileName(id));
    const reader = new LogReader(path, { reuseRows: true });
    try {
      for (let row = reader.next(); row !== undefined; row = reader.next()) {
        if (row.machine !== id) {
          throw new InputError(
            `${path}:${row.line}: machine: expected ${id} (the machine of ${logFileName(id)}), got ${row.machine}`,
          );
        }
        if (row.timeUs > lastUs) lastUs = row.timeUs;
        if (row.timeUs >= untilUs && stopAtEnd) break;
        if (row.timeUs < fromUs || row.timeUs >= untilUs) continue;
        if (row.timeUs > keptLastUs) keptLastUs = row.timeUs;
        addRow(builder, row);
      }
    } finally {
      reader.close();
    }
  }
  return { columns: builder.build(), kept: builder.count, lastUs, keptLastUs };
}

/** `peers` cells of single machines, made once: a string per row was a fifth of the read. */
const singlePeerTexts: string[] = [];

function peerText(id: number): string {
  let text = singlePeerTexts[id];
  if (text === undefined) {
    text = String(id);
    if (id < 1 << 16) singlePeerTexts[id] = text;
  }
  return text;
}

/** One row into the builder, field by field (no record per row: see addFields). */
function addRow(builder: EventColumnsBuilder, row: ParsedLogRow): void {
  switch (row.kind) {
    case 'internal':
    case 'restart':
      builder.addFields(
        row.machine,
        row.seq,
        row.kind,
        row.timeUs,
        row.clock,
        row.queueLength,
        '',
        0,
        0,
        0,
      );
      return;
    case 'send': {
      const ids = row.receiverIds;
      const peers = ids.length === 1 ? peerText(ids[0] as number) : ids.join(';');
      builder.addFields(
        row.machine,
        row.seq,
        'send',
        row.timeUs,
        row.clock,
        row.queueLength,
        peers,
        row.msgSender,
        row.msgSeq,
        row.msgClock,
      );
      return;
    }
    case 'receive':
      builder.addFields(
        row.machine,
        row.seq,
        'receive',
        row.timeUs,
        row.clock,
        row.queueLength,
        peerText(row.peer),
        row.msgSender,
        row.msgSeq,
        row.msgClock,
      );
      return;
    default:
      assertNever(row, 'row kind');
  }
}

/** Data rows of the logs, counted by newlines (no parsing): for a run without a manifest. */
function countRows(runDir: string, machineCount: number): number {
  const buffer = Buffer.allocUnsafe(1 << 20);
  let rows = 0;
  for (let id = 0; id < machineCount; id += 1) {
    const path = join(runDir, logFileName(id));
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      throw new InputError(`${path}: cannot read the log (no such file)`);
    }
    try {
      let lines = 0;
      let last = 0x0a;
      for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
        for (let k = 0; k < read; k += 1) if (buffer[k] === 0x0a) lines += 1;
        last = buffer[read - 1] as number;
      }
      // The header is one line; a last row without its newline is a row too.
      rows += Math.max(0, lines - 1 + (last === 0x0a ? 0 : 1));
    } finally {
      closeSync(fd);
    }
  }
  return rows;
}

function titleOf(runDir: string, files: RunFiles): string {
  const name = basename(resolve(runDir));
  const scenario = files.manifest?.scenario.name;
  return scenario === undefined || scenario === name ? name : `${name} (${scenario})`;
}

function ratesOf(files: RunFiles): number[] {
  const { manifest, machineCount } = files;
  return Array.from({ length: machineCount }, (_, id) => {
    const rate = manifest?.machines[id]?.rateHz ?? manifest?.scenario.rates[id];
    return typeof rate === 'number' ? rate : 0;
  });
}

function readSummary(runDir: string): unknown | null {
  const path = join(runDir, summaryFileName);
  return existsSync(path) ? readJsonFile(path) : null;
}

/** The checker's verdict and its lines, as `lamport-lab check <run-dir>` prints them. */
function checkResult(runDir: string, rerun: RerunChoice): CheckResult {
  const report = checkRun(runDir, { maxErrors: 20, rerun });
  return { ok: report.ok, lines: formatCheckReport(report, false).split('\n') };
}
