/**
 * A run's faults as the pictures and the analysis need them, made from faults.csv's rows alone:
 * spans of time (a partition from its start to its heal, a pause to its resume, a crashed machine
 * down until its restart), marks at an instant (crash, restart, rate step), and the copies a
 * fault touched (dropped, duplicated, delayed, corrupted). A span whose end row never came (an
 * open partition, a machine never restarted, a pause past the run's end) ends at the run's end
 * and says so (`open`).
 */
import type { FaultRow } from './faults-format.js';

/** µs from faults.csv's `time_ms` (at most 3 decimals, so the rounding only removes float noise). */
export function faultRowTimeUs(row: FaultRow): number {
  return Math.round(row.timeMs * 1000);
}

interface SpanBase {
  /** The fault that opened the span (its index in the manifest's list). */
  readonly faultIndex: number;
  readonly fromUs: number;
  readonly untilUs: number;
  /** No row closed it: it lasts to the run's end (or beyond). */
  readonly open: boolean;
  /** faults.csv line of the row that opened it. */
  readonly line: number;
}

export type FaultSpan =
  | (SpanBase & {
      readonly kind: 'partition';
      /** As faults.csv writes them: `0|1+2`. */
      readonly groups: string;
      readonly oneWay: boolean;
    })
  | (SpanBase & { readonly kind: 'pause'; readonly machine: number; readonly missedTicks: number })
  | (SpanBase & {
      readonly kind: 'down';
      readonly machine: number;
      /** The restart fault that ended it; null when none did. */
      readonly restartIndex: number | null;
    });

export type FaultMark =
  | {
      readonly kind: 'crash';
      readonly faultIndex: number;
      readonly machine: number;
      readonly timeUs: number;
      readonly line: number;
      readonly inbox: string;
      readonly queued: number;
    }
  | {
      readonly kind: 'restart';
      readonly faultIndex: number;
      readonly machine: number;
      readonly timeUs: number;
      readonly line: number;
      /** `persisted`, `reset` or `lease:K`. */
      readonly rule: string;
      readonly clockBefore: number;
      readonly clockAfter: number;
    }
  | {
      readonly kind: 'rate';
      readonly faultIndex: number;
      readonly machine: number;
      readonly timeUs: number;
      readonly line: number;
      readonly fromHz: number;
      readonly toHz: number;
    };

interface CopyBase {
  readonly faultIndex: number;
  readonly timeUs: number;
  readonly receiver: number;
  readonly sender: number;
  /** `<sender>-<seq>`. */
  readonly msgId: string;
  readonly line: number;
}

export type CopyFault =
  | (CopyBase & { readonly action: 'drop'; readonly reason: string })
  | (CopyBase & { readonly action: 'duplicate' })
  | (CopyBase & { readonly action: 'delay'; readonly extraMs: number })
  | (CopyBase & {
      readonly action: 'corrupt';
      readonly trueClock: number;
      readonly carriedClock: number;
      readonly clamped: boolean;
    });

export interface FaultTimeline {
  readonly spans: readonly FaultSpan[];
  readonly marks: readonly FaultMark[];
  readonly copies: readonly CopyFault[];
}

function numberDetail(row: FaultRow, key: string): number {
  const value = Number(row.detail.get(key) ?? Number.NaN);
  return Number.isFinite(value) ? value : 0;
}

/** An open span, waiting for the row that closes it. */
interface Opening {
  readonly row: FaultRow;
  readonly timeUs: number;
}

function spanBase(opening: Opening, untilUs: number, open: boolean): SpanBase {
  return {
    faultIndex: opening.row.faultIndex,
    fromUs: opening.timeUs,
    untilUs,
    open,
    line: opening.row.line,
  };
}

function partitionSpan(opening: Opening, untilUs: number, open: boolean): FaultSpan {
  return {
    kind: 'partition',
    ...spanBase(opening, untilUs, open),
    groups: opening.row.detail.get('groups') ?? '',
    oneWay: opening.row.detail.get('oneWay') === 'true',
  };
}

/** The rows one by one: spans opened wait here for the row that closes them. */
class TimelineBuilder {
  readonly spans: FaultSpan[] = [];
  readonly marks: FaultMark[] = [];
  readonly copies: CopyFault[] = [];
  readonly #partitions = new Map<number, Opening>();
  readonly #pauses = new Map<number, Opening>();
  readonly #downs = new Map<number, Opening>();

  add(row: FaultRow): void {
    const timeUs = faultRowTimeUs(row);
    const at = { faultIndex: row.faultIndex, machine: row.machine, timeUs, line: row.line };
    switch (row.fault) {
      case 'partition-start':
        this.#partitions.set(row.faultIndex, { row, timeUs });
        return;
      case 'partition-heal':
        this.#close(this.#partitions, row.faultIndex, (opening) =>
          partitionSpan(opening, timeUs, false),
        );
        return;
      case 'pause':
        this.#pauses.set(row.machine, { row, timeUs });
        return;
      case 'resume':
        this.#close(this.#pauses, row.machine, (opening) => ({
          kind: 'pause',
          machine: row.machine,
          ...spanBase(opening, timeUs, false),
          missedTicks: numberDetail(row, 'missed'),
        }));
        return;
      case 'crash':
        this.#downs.set(row.machine, { row, timeUs });
        this.marks.push({
          kind: 'crash',
          ...at,
          inbox: row.detail.get('inbox') ?? 'drop',
          queued: numberDetail(row, 'queued'),
        });
        return;
      case 'restart':
        this.#close(this.#downs, row.machine, (opening) => ({
          kind: 'down',
          machine: row.machine,
          ...spanBase(opening, timeUs, false),
          restartIndex: row.faultIndex,
        }));
        this.marks.push({
          kind: 'restart',
          ...at,
          rule: row.detail.get('clock') ?? '',
          clockBefore: numberDetail(row, 'before'),
          clockAfter: numberDetail(row, 'after'),
        });
        return;
      case 'rate':
        this.marks.push({
          kind: 'rate',
          ...at,
          fromHz: numberDetail(row, 'fromHz'),
          toHz: numberDetail(row, 'toHz'),
        });
        return;
      default:
        this.#addCopy(row, timeUs);
    }
  }

  /**
   * One object literal per action, written out: a faults.csv row per copy a fault touched makes
   * this the timeline's hot path, and spreading a shared base into each (as the spans do) cost
   * several times the literal (--cpu-prof of a 1 M-event run with every fault kind).
   */
  #addCopy(row: FaultRow, timeUs: number): void {
    const faultIndex = row.faultIndex;
    const receiver = row.machine;
    const sender = row.peer;
    const msgId = row.msgId;
    const line = row.line;
    switch (row.fault) {
      case 'drop':
        this.copies.push({
          action: 'drop',
          faultIndex,
          timeUs,
          receiver,
          sender,
          msgId,
          line,
          reason: row.detail.get('reason') ?? '?',
        });
        return;
      case 'duplicate':
        this.copies.push({
          action: 'duplicate',
          faultIndex,
          timeUs,
          receiver,
          sender,
          msgId,
          line,
        });
        return;
      case 'delay':
        this.copies.push({
          action: 'delay',
          faultIndex,
          timeUs,
          receiver,
          sender,
          msgId,
          line,
          extraMs: numberDetail(row, 'extraMs'),
        });
        return;
      case 'corrupt':
        this.copies.push({
          action: 'corrupt',
          faultIndex,
          timeUs,
          receiver,
          sender,
          msgId,
          line,
          trueClock: numberDetail(row, 'true'),
          carriedClock: numberDetail(row, 'carried'),
          clamped: row.detail.get('clamped') === 'true',
        });
        return;
      default:
      // run-faults.ts refuses an unknown action before a timeline is made.
    }
  }

  /** The span `key` opened, closed now; a closing row with nothing open adds no span. */
  #close(open: Map<number, Opening>, key: number, span: (opening: Opening) => FaultSpan): void {
    const opening = open.get(key);
    if (opening === undefined) return;
    open.delete(key);
    this.spans.push(span(opening));
  }

  /** What never closed lasts to the run's end (one that opened after it is empty, still kept). */
  finish(endUs: number): FaultTimeline {
    const lastUs = (opening: Opening) => Math.max(endUs, opening.timeUs);
    for (const opening of this.#partitions.values()) {
      this.spans.push(partitionSpan(opening, lastUs(opening), true));
    }
    for (const [machine, opening] of this.#pauses) {
      const base = spanBase(opening, lastUs(opening), true);
      this.spans.push({ kind: 'pause', machine, ...base, missedTicks: 0 });
    }
    for (const [machine, opening] of this.#downs) {
      const base = spanBase(opening, lastUs(opening), true);
      this.spans.push({ kind: 'down', machine, ...base, restartIndex: null });
    }
    this.spans.sort((a, b) => a.fromUs - b.fromUs || a.line - b.line);
    return { spans: this.spans, marks: this.marks, copies: this.copies };
  }
}

/**
 * The timeline of `rows` (faults.csv, in its order) for a run that ended at `endUs`. Spans come
 * sorted by start (then by the line that opened them), marks and copies in row order.
 */
export function faultTimeline(rows: readonly FaultRow[], endUs: number): FaultTimeline {
  const builder = new TimelineBuilder();
  for (const row of rows) builder.add(row);
  return builder.finish(endUs);
}
