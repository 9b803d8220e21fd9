/**
 * The rules `check` adds for an imported run (docs/IMPORT.md): the typical bugs of other
 * implementations that lamport-lab's own rules would name only indirectly. Each machine's log
 * is read again (imported logs are small), beside the main pass:
 * - tickRate: one event a tick; a gap of more than 1.5 periods lost ticks, one of less than half
 *   a period is a burst (a broadcast logged as two events shows as one);
 * - offByOne: a matched receive whose clock is max(previous, msg_clock), one short: the
 *   timestamp was taken before the increment;
 * - queueBound: the queue length is at most the copies sent to the machine (by its row's time,
 *   with the import's tolerance) that it has not received yet, one more at a receive (logged
 *   before the message was taken).
 * Returns the notes on what could not be applied, and why.
 */
import type { LogReader } from '../logs/log-reader.js';
import type { ParsedLogRow } from '../logs/log-row.js';
import type { RunManifest } from '../logs/run-manifest.js';
import type { RunChecker } from './checker.js';

type ImportBlock = NonNullable<RunManifest['import']>;

export function checkImportedRules(
  manifest: RunManifest,
  rows: readonly (readonly ParsedLogRow[])[],
  checker: RunChecker,
): string[] {
  const block = manifest.import;
  const notes: string[] = [
    `imported run (format ${block?.format ?? 'unknown'}): rows are named by their source lines (import-sources.csv); the import's own findings are in import-findings.csv`,
  ];
  rows.forEach((machineRows, id) => {
    checkTickRate(machineRows, id, manifest, checker);
    checkOffByOne(machineRows, checker);
  });
  const queueGiven = block?.columns.queue_length?.from === 'given';
  if (queueGiven) checkQueueBound(rows, Math.round((block?.toleranceMs ?? 0) * 1000), checker);
  notes.push(...notApplied(block, queueGiven));
  return notes;
}

function notApplied(block: ImportBlock | undefined, queueGiven: boolean): string[] {
  const notes: string[] = [];
  if (!queueGiven) notes.push('rule 13 queueBound not applied: the logs give no queue length');
  notes.push(
    'rule 4 fifo not applied: the logs say nothing of the network, and receives were matched to sends in send order',
  );
  const unknown = (block?.rates ?? []).flatMap((source, id) => (source === 'unknown' ? [id] : []));
  if (unknown.length > 0) {
    notes.push(
      `rule 11 tickRate not applied to machine ${unknown.join(', ')}: fewer than two rows at distinct times, so no rate to estimate (give --rate-hz to import)`,
    );
  }
  const inferred = ['msg_id', 'msg_clock', 'peers'].filter(
    (column) => block?.columns[column]?.from === 'inferred',
  );
  if (inferred.length > 0) {
    notes.push(
      `rules 2, 3, 5, 6 and 12 judge ${inferred.join(', ')} as the import inferred them (matching receives to sends); a receive it could not match is reported as a message no one sent`,
    );
  }
  notes.push(
    'rule 3 conservation at the end: queued and in flight are inferred (the last queue length; the rest counted in flight)',
  );
  return notes;
}

function checkTickRate(
  rows: readonly ParsedLogRow[],
  id: number,
  manifest: RunManifest,
  checker: RunChecker,
): void {
  const source = manifest.import?.rates[id];
  const rateHz = manifest.scenario.rates[id];
  if (source === undefined || source === 'unknown' || rateHz === undefined) return;
  const periodUs = 1_000_000 / rateHz;
  for (let index = 1; index < rows.length; index += 1) {
    const row = rows[index] as ParsedLogRow;
    const gapUs = row.timeUs - (rows[index - 1] as ParsedLogRow).timeUs;
    // Time going back is rule 1's; here only the spacing of ticks.
    if (gapUs < 0) continue;
    const lost = gapUs > 1.5 * periodUs;
    if (!lost && gapUs >= 0.5 * periodUs) continue;
    checker.report(
      'tickRate',
      row,
      lost
        ? `about ${Math.round(gapUs / periodUs) - 1} ticks lost before this row (one event a tick at ${rateHz} Hz, ${source})`
        : `a burst: two events in one tick at ${rateHz} Hz (${source}), a tick run twice or one event logged as two`,
      `${periodUs / 1000} ms after the row before (within half a period)`,
      `${gapUs / 1000} ms`,
    );
  }
}

function checkOffByOne(rows: readonly ParsedLogRow[], checker: RunChecker): void {
  let previousClock = 0;
  for (const row of rows) {
    // msg seq 0: the import matched the receive to no send; its message clock is a guess.
    if (row.kind === 'receive' && row.msgSeq > 0) {
      const maximum = Math.max(previousClock, row.msgClock);
      if (row.clock === maximum) {
        checker.report(
          'offByOne',
          row,
          `the receive's clock is max(previous ${previousClock}, msg_clock ${row.msgClock}) without the + 1: the timestamp was taken before the increment`,
          `logical_clock ${maximum + 1}`,
          String(row.clock),
        );
      }
    }
    previousClock = row.clock;
  }
}

function checkQueueBound(
  rows: readonly (readonly ParsedLogRow[])[],
  toleranceUs: number,
  checker: RunChecker,
): void {
  // Per machine, the times of the copies sent to it, ascending.
  const sentTo: number[][] = rows.map(() => []);
  for (const machineRows of rows) {
    for (const row of machineRows) {
      if (row.kind !== 'send') continue;
      for (const peer of row.receiverIds) sentTo[peer]?.push(row.timeUs);
    }
  }
  rows.forEach((machineRows, id) => {
    const times = (sentTo[id] ?? []).sort((a, b) => a - b);
    let sent = 0;
    let received = 0;
    for (const row of machineRows) {
      while (sent < times.length && (times[sent] as number) <= row.timeUs + toleranceUs) sent += 1;
      if (row.kind === 'receive') received += 1;
      const bound = sent - received + (row.kind === 'receive' ? 1 : 0);
      if (row.queueLength <= bound) continue;
      checker.report(
        'queueBound',
        row,
        `the queue holds more messages than were sent to machine ${id} and not yet received (${sent} sent by then, ${received} received)`,
        `queue_length <= ${bound}`,
        String(row.queueLength),
      );
    }
  });
}

/** Every row of each log, in order (imported logs are small: held whole for the rules above). */
export function readAllRows(readers: readonly LogReader[]): ParsedLogRow[][] {
  return readers.map((reader) => {
    const rows: ParsedLogRow[] = [];
    for (let row = reader.next(); row !== undefined; row = reader.next()) rows.push(row);
    return rows;
  });
}
