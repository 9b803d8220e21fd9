/**
 * `faults.csv`: the evidence of a run with faults, one row per fault action, in the order the
 * simulator made them (which is time order). A contract, like the machine logs: read by `check`,
 * the analysis, the charts and the exports.
 *
 * Columns: time_ms,fault,machine,peer,msg_id,detail.
 * - `fault`: partition-start, partition-heal, crash, restart, pause, resume, rate, and per copy
 *   drop, duplicate, delay, corrupt.
 * - `machine`: the machine the action concerns (for a copy: its receiver); empty for a partition.
 * - `peer`: a copy's sender; `msg_id`: a copy's message id (`<sender>-<seq>`); empty otherwise.
 * - `detail`: `key=value` pairs joined by `;`, always starting with `index=<i>`, the fault's
 *   position in the manifest's fault list. The other keys, per action:
 *   partition-start `groups=0|1+2;oneWay=false` (groups by `|`, ids in a group by `+`);
 *   crash `inbox=drop;queued=3`; restart `clock=persisted|reset|lease:K;before=12;after=0`;
 *   resume `missed=4`; rate `fromHz=3;toHz=1`; drop `reason=loss|partition|crash`;
 *   delay `extraMs=500`; corrupt `true=7;carried=1000007` (and `clamped=true` when a `sub` hit 1).
 * No field can hold a comma, quote or newline, so rows need no quoting.
 */
import { FaultDetail } from './fault-detail.js';
import { assertNever, messageId } from '../../core/index.js';
import type { FaultConfig, FaultEvidence } from '../../transports/fault-config.js';
import { formatTimeMs } from './format.js';

export const faultsFileName = 'faults.csv';

export const faultColumns = ['time_ms', 'fault', 'machine', 'peer', 'msg_id', 'detail'] as const;

export const faultsHeaderLine = `${faultColumns.join(',')}\n`;

/** Millihertz as Hz text: 3000 → "3", 1500 → "1.5". */
function hzText(milliHz: number): string {
  return String(milliHz / 1000);
}

function groupsText(groups: readonly (readonly number[])[]): string {
  return groups.map((group) => group.join('+')).join('|');
}

export function restartClockText(fault: FaultConfig | undefined): string {
  if (fault === undefined || fault.kind !== 'restart') return '';
  const clock = fault.clock;
  return clock.kind === 'lease' ? `lease:${clock.every}` : clock.kind;
}

/**
 * The detail of one action. `faults` is the resolved list (partition-start names its groups,
 * crash its inbox, restart its rule), indexed by `faultIndex`.
 */
function faultDetail(evidence: FaultEvidence, faults: readonly FaultConfig[]): string {
  const index = `index=${evidence.faultIndex}`;
  const fault = faults[evidence.faultIndex];
  switch (evidence.action) {
    case 'partition-start': {
      const partition = fault?.kind === 'partition' ? fault : null;
      if (partition === null) return index;
      return `${index};groups=${groupsText(partition.groups)};oneWay=${partition.oneWay}`;
    }
    case 'partition-heal':
    case 'pause':
    case 'duplicate':
      return index;
    case 'crash': {
      const inbox = fault?.kind === 'crash' ? fault.inbox : 'drop';
      return `${index};inbox=${inbox};queued=${evidence.queued}`;
    }
    case 'restart':
      return `${index};clock=${restartClockText(fault)};before=${evidence.clockBefore};after=${evidence.clockAfter}`;
    case 'resume':
      return `${index};missed=${evidence.missedTicks}`;
    case 'rate':
      return `${index};fromHz=${hzText(evidence.fromMilliHz)};toHz=${hzText(evidence.toMilliHz)}`;
    case 'drop':
      return `${index};reason=${evidence.reason}`;
    case 'delay':
      return `${index};extraMs=${formatTimeMs(evidence.extraUs)}`;
    case 'corrupt': {
      const clamped = evidence.clamped ? ';clamped=true' : '';
      return `${index};true=${evidence.trueClock};carried=${evidence.carriedClock}${clamped}`;
    }
    default:
      return assertNever(evidence, 'fault action');
  }
}

/** One row of faults.csv for `evidence`, with its newline. */
export function faultRowLine(evidence: FaultEvidence, faults: readonly FaultConfig[]): string {
  let machine = '';
  let peer = '';
  let msgId = '';
  switch (evidence.action) {
    case 'partition-start':
    case 'partition-heal':
      break;
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'rate':
      machine = String(evidence.machine);
      break;
    case 'drop':
    case 'duplicate':
    case 'delay':
    case 'corrupt':
      machine = String(evidence.receiverId);
      peer = String(evidence.senderId);
      msgId = messageId(evidence.senderId, evidence.sendSeq);
      break;
    default:
      return assertNever(evidence, 'fault action');
  }
  const detail = faultDetail(evidence, faults);
  return `${formatTimeMs(evidence.timeUs)},${evidence.action},${machine},${peer},${msgId},${detail}\n`;
}

/** A row of faults.csv as read back: fields as text, the detail read by key (FaultDetail). */
export interface FaultRow {
  /** 1-based line number in faults.csv (the header is line 1). */
  readonly line: number;
  readonly timeMs: number;
  readonly fault: string;
  /** -1 when empty. */
  readonly machine: number;
  /** -1 when empty. */
  readonly peer: number;
  /** '' when empty. */
  readonly msgId: string;
  readonly faultIndex: number;
  readonly detail: FaultDetail;
}

/** A faults.csv that does not follow the contract: names the line and what was wrong. */
export class FaultsFormatError extends Error {
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${faultsFileName}:${line}: ${problem}`);
    this.name = 'FaultsFormatError';
  }
}

const machineField = (text: string, line: number, column: string): number => {
  if (text === '') return -1;
  if (!/^\d+$/.test(text))
    throw new FaultsFormatError(line, `${column}: expected a machine id, got "${text}"`);
  return Number(text);
};

/** Field `column` of a row whose commas are at `commas`. */
function fieldOf(line: string, commas: Int32Array, column: number): string {
  const start = column === 0 ? 0 : (commas[column - 1] as number) + 1;
  return line.slice(start, column === commas.length ? line.length : (commas[column] as number));
}

/** Throws unless `line` (undefined: an empty file) is the header of faults.csv. */
export function checkFaultsHeader(line: string | undefined): void {
  if (line !== faultColumns.join(',')) {
    // A long first line (a stray file's) is cut: the refusal stays one line.
    const found =
      line === undefined
        ? 'an empty file'
        : JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
    throw new FaultsFormatError(1, `expected the header "${faultColumns.join(',')}", got ${found}`);
  }
}

/**
 * One row of faults.csv (`line`, without its newline, at 1-based `lineNumber`) read; throws
 * FaultsFormatError naming the line. `commas` is scratch space for faultColumns.length - 1
 * positions, reused from row to row.
 */
export function parseFaultRow(line: string, lineNumber: number, commas: Int32Array): FaultRow {
  let found = 0;
  for (let from = 0; found < commas.length; found += 1) {
    const comma = line.indexOf(',', from);
    if (comma < 0) break;
    commas[found] = comma;
    from = comma + 1;
  }
  if (found < commas.length || line.indexOf(',', (commas[found - 1] as number) + 1) >= 0)
    throw new FaultsFormatError(lineNumber, `expected 6 fields, got ${line.split(',').length}`);
  const timeText = fieldOf(line, commas, 0);
  const fault = fieldOf(line, commas, 1);
  const machineText = fieldOf(line, commas, 2);
  const peerText = fieldOf(line, commas, 3);
  const msgId = fieldOf(line, commas, 4);
  const detailText = fieldOf(line, commas, 5);
  const timeMs = Number(timeText);
  if (timeText === '' || !Number.isFinite(timeMs) || timeMs < 0)
    throw new FaultsFormatError(lineNumber, `time_ms: expected a time in ms, got "${timeText}"`);
  const problem = FaultDetail.problemOf(detailText);
  if (problem !== null) throw new FaultsFormatError(lineNumber, problem);
  const detail = new FaultDetail(detailText);
  const indexText = detail.get('index') ?? '';
  if (!/^\d+$/.test(indexText))
    throw new FaultsFormatError(lineNumber, `detail: expected index=<fault index> first`);
  return {
    line: lineNumber,
    timeMs,
    fault,
    machine: machineField(machineText, lineNumber, 'machine'),
    peer: machineField(peerText, lineNumber, 'peer'),
    msgId,
    faultIndex: Number(indexText),
    detail,
  };
}

/** Parses the whole text of faults.csv; throws FaultsFormatError naming the first bad line. */
export function parseFaultsCsv(text: string): FaultRow[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  checkFaultsHeader(lines[0]);
  const rows: FaultRow[] = [];
  // The fields are cut at their commas, not split: a split makes an array and six strings per
  // row, and a long run's faults.csv has a row per copy a fault touched.
  const commas = new Int32Array(faultColumns.length - 1);
  for (let at = 1; at < lines.length; at += 1) {
    rows.push(parseFaultRow(lines[at] as string, at + 1, commas));
  }
  return rows;
}
