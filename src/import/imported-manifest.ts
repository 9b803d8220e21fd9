/**
 * The manifest of an imported run: lamport-lab's manifest with `mode: "imported"` (so every
 * command that reads a run reads it) and an `import` block saying where the logs came from
 * (each source file's sha256 and lines), which spec read them, and for each column whether it
 * was given by the logs, inferred, or absent. Figures the logs do not give (seed, probability)
 * are left out; the queue at the end is the last logged queue where there is one.
 */
import { manifestFormatVersion } from '../logs/manifest.js';
import { toolVersion } from '../common/paths.js';
import { importFindingsFileName, importSourcesFileName } from '../logs/import-files.js';
import type { FormatSpec } from './format-spec.js';
import type { ImportedRow } from './imported-row.js';
import type { MachineRate } from './rates.js';
import type { FileTally } from './read-logs.js';
import type { RunRows } from './run-rows.js';

export type ColumnSource = { readonly from: 'given' | 'inferred' | 'absent'; readonly how: string };

export interface ImportedManifestInput {
  readonly rows: readonly (readonly ImportedRow[])[];
  readonly keys: readonly number[];
  readonly runRows: RunRows;
  readonly rates: readonly MachineRate[];
  readonly logs: readonly { file: string; sha256: string; bytes: number; rows: number }[];
  readonly tallies: readonly FileTally[];
  readonly formatName: string;
  readonly spec: FormatSpec;
  readonly toleranceMs: number;
  readonly originUs: number;
}

export function importedManifest(input: ImportedManifestInput): object {
  const { rows, runRows, rates } = input;
  let durationUs = 1;
  for (const machineRows of rows)
    for (const row of machineRows) durationUs = Math.max(durationUs, row.timeUs);
  const machines = rows.map((machineRows, id) => machineEntry(machineRows, id, rates, runRows));
  const events = machines.reduce((total, machine) => total + machine.events.total, 0);
  return {
    tool: { name: 'lamport-lab', version: toolVersion },
    formatVersion: manifestFormatVersion,
    mode: 'imported',
    ...startTime(input),
    completed: true,
    durationUs,
    scenario: {
      machines: rows.length,
      rates: rates.map((rate) => rate.rateHz),
      durationSec: durationUs / 1_000_000,
      fifo: false,
      latency: { kind: 'unknown' },
    },
    events,
    machines,
    logs: input.logs,
    import: importBlock(input),
  };
}

/** The earliest timestamp as a date, when the logs' times are dates or epoch times. */
function startTime(input: ImportedManifestInput): { startTime?: string } {
  const unit = input.spec.time.unit;
  const epochLike = unit === 'datetime' || (unit === 's' && input.originUs > 946_684_800_000_000);
  if (!epochLike) return {};
  return { startTime: new Date(Math.floor(input.originUs / 1000)).toISOString() };
}

function machineEntry(
  machineRows: readonly ImportedRow[],
  id: number,
  rates: readonly MachineRate[],
  runRows: RunRows,
) {
  const count = (kind: ImportedRow['kind']) =>
    machineRows.filter((row) => row.kind === kind).length;
  const unreceived = runRows.unreceived[id] ?? 0;
  const lastQueue = machineRows[machineRows.length - 1]?.queue ?? 0;
  // What was never received: queued at the end as far as the last queue length says, the rest
  // counted in flight (the logs cannot tell lost from still travelling).
  const queuedAtEnd = Math.min(lastQueue, unreceived);
  return {
    id,
    rateHz: (rates[id] as MachineRate).rateHz,
    events: {
      internal: count('internal'),
      send: count('send'),
      receive: count('receive'),
      total: machineRows.length,
    },
    queuedAtEnd,
    inFlightAtEnd: unreceived - queuedAtEnd,
  };
}

function importBlock(input: ImportedManifestInput) {
  const { spec, runRows } = input;
  return {
    format: input.formatName,
    spec,
    toleranceMs: input.toleranceMs,
    machineKeys: input.keys,
    rates: input.rates.map((rate) => rate.source),
    columns: columnSources(spec, input.rows),
    sources: input.tallies.map((tally) => ({
      file: tally.file.path,
      sha256: tally.file.sha256,
      bytes: tally.file.bytes,
      lines: tally.file.lines.length,
      linesRead: tally.read,
      linesSkipped: tally.skipped,
      linesUnread: tally.unread,
    })),
    matching: runRows.matched,
    rowSources: importSourcesFileName,
    findings: importFindingsFileName,
  };
}

/**
 * For each column of our logs: given by the logs (and from where), inferred (how), or absent. A
 * field the spec names counts as given only when every row that needs it had it: a preset with
 * an optional queue group read lines without one, wrote 0, and called the queue given (so check
 * judged a queue the logs never stated).
 */
export function columnSources(
  spec: FormatSpec,
  rows: readonly (readonly ImportedRow[])[],
): Record<string, ColumnSource> {
  let rowCount = 0;
  let withQueue = 0;
  let receives = 0;
  let receivesWithClock = 0;
  for (const machineRows of rows)
    for (const row of machineRows) {
      rowCount += 1;
      if (row.queue !== null) withQueue += 1;
      if (row.kind !== 'receive') continue;
      receives += 1;
      if (row.msgClock !== null) receivesWithClock += 1;
    }
  const queueGiven = spec.fields.queue !== undefined && withQueue === rowCount && rowCount > 0;
  const msgClockGiven = spec.fields.msgClock !== undefined && receivesWithClock === receives;
  const { fields } = spec;
  const given = (how: string): ColumnSource => ({ from: 'given', how });
  const inferred = (how: string): ColumnSource => ({ from: 'inferred', how });
  const machine =
    spec.machine.from === 'field'
      ? given(`field ${fields.machine}`)
      : given(
          `the file name (${spec.machine.from === 'port' ? 'port numbers' : 'numbers'} in sorted order)`,
        );
  const named = (name: string | undefined, what: string): string =>
    name === undefined ? `absent ${what}` : `field ${name}`;
  return {
    machine,
    seq: inferred('row order within the machine'),
    event: given(`field ${fields.event}`),
    time_ms: given(`field ${fields.time} (${spec.time.unit}), ms since the earliest timestamp`),
    logical_clock: given(`field ${fields.clock}`),
    queue_length: queueGiven
      ? given(`field ${fields.queue}`)
      : {
          from: 'absent',
          how:
            fields.queue === undefined
              ? 'written as 0'
              : `field ${fields.queue} on ${withQueue} of ${rowCount} rows; written as 0`,
        },
    peers:
      fields.receivers !== undefined && fields.sender !== undefined
        ? given(`receivers ${fields.receivers}, sender ${fields.sender}`)
        : inferred(
            `matching (${named(fields.receivers, 'receivers')}, ${named(fields.sender, 'sender')})`,
          ),
    msg_id:
      fields.msgId === undefined
        ? inferred('matching each receive to a send')
        : given(`field ${fields.msgId}`),
    msg_clock: msgClockGiven
      ? given(`field ${fields.msgClock}`)
      : inferred(
          `the matched send's clock, or what the receive's clock implies${fields.msgClock === undefined ? '' : ` (field ${fields.msgClock} on ${receivesWithClock} of ${receives} receives)`}`,
        ),
  };
}
