/**
 * The run's summary (summary.json, as analyze writes it) as a table a reader takes in at a
 * glance: per machine its rate, events, final clock, largest jump, largest drift and queue.
 * The page gets summary.json as it is (unknown to the type system, and possibly written by
 * another version), so each cell is read defensively: a field that is missing or not a number
 * is shown as "-", and a summary with no machines list gives no table. Pure (no DOM).
 */

export const summaryColumns: readonly string[] = [
  'machine',
  'rate (Hz)',
  'events',
  'final clock',
  'largest jump',
  'largest drift',
  'largest queue',
  'queue',
];

function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function cell(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value))
    return String(Number(value.toPrecision(6)));
  return typeof value === 'string' && value !== '' ? value : '-';
}

/** One row per machine of the summary, or null when it has no machines list. */
export function summaryRows(summary: unknown): string[][] | null {
  const machines = field(summary, 'machines');
  if (!Array.isArray(machines) || machines.length === 0) return null;
  return machines.map((machine: unknown, index) => [
    cell(field(machine, 'id') ?? index),
    cell(field(machine, 'rateHz')),
    cell(field(machine, 'events', 'total')),
    cell(field(machine, 'finalClock')),
    cell(field(machine, 'jumps', 'max')),
    cell(field(machine, 'drift', 'max')),
    cell(field(machine, 'queue', 'max')),
    cell(field(machine, 'queue', 'verdict')),
  ]);
}
