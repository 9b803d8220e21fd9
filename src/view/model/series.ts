/**
 * The side charts' data: per machine, its clock, queue length or drift over time, reduced to at
 * most one entry per pixel column (min, max and last value in the column), so a chart of 1 M
 * events draws a few hundred bars and still shows every spike.
 *
 * Drift is docs/ANALYSIS.md's: how far a machine's clock is behind the largest clock of any
 * machine at that moment. It needs the run in time order across machines: a k-way merge of the
 * machines' logs (each already in time order), made once per run and kept.
 */
import type { RunView } from './run-view.js';

export type SeriesKind = 'clock' | 'queue' | 'drift';

export interface Series {
  /** Pixel columns that hold events, ascending; the other arrays are per such column. */
  readonly columns: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly last: Float64Array;
}

const driftCache = new WeakMap<RunView, Float64Array>();

/**
 * Per event, the largest clock any machine had just after it (each machine's latest clock up to
 * that time, events at one time taken in machine order) minus the event's own clock.
 */
export function driftOf(view: RunView): Float64Array {
  const cached = driftCache.get(view);
  if (cached !== undefined) return cached;
  const drift = new Float64Array(view.eventCount);
  const next = view.machineStart.slice(0, view.machineCount);
  const latest = new Float64Array(view.machineCount);
  let largest = 0;
  const heap = new MachineHeap(view, next);
  // A machine with no event in the data (down all run, or outside a kept window) has nothing to
  // push: its start is the next machine's first event, which it would take as its own.
  for (let m = 0; m < view.machineCount; m += 1)
    if ((next[m] as number) < (view.machineStart[m + 1] as number)) heap.push(m);
  while (heap.size > 0) {
    const m = heap.pop();
    const i = next[m] as number;
    const clock = view.clock[i] as number;
    const before = latest[m] as number;
    latest[m] = clock;
    if (clock >= largest) largest = clock;
    else if (before === largest) {
      // The machine that held the largest clock went down (a reset restart): look again.
      largest = 0;
      for (const value of latest) if (value > largest) largest = value;
    }
    drift[i] = largest - clock;
    next[m] = i + 1;
    if (i + 1 < (view.machineStart[m + 1] as number)) heap.push(m);
  }
  driftCache.set(view, drift);
  return drift;
}

/** A min-heap of machines keyed by the time of each one's next event (then by machine). */
class MachineHeap {
  readonly #items: number[] = [];
  readonly #view: RunView;
  readonly #next: Int32Array;

  constructor(view: RunView, next: Int32Array) {
    this.#view = view;
    this.#next = next;
  }

  get size(): number {
    return this.#items.length;
  }

  #before(a: number, b: number): boolean {
    const timeA = this.#view.timeUs[this.#next[a] as number] as number;
    const timeB = this.#view.timeUs[this.#next[b] as number] as number;
    return timeA < timeB || (timeA === timeB && a < b);
  }

  push(machine: number): void {
    const items = this.#items;
    items.push(machine);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.#before(items[at] as number, items[parent] as number)) break;
      [items[at], items[parent]] = [items[parent] as number, items[at] as number];
      at = parent;
    }
  }

  pop(): number {
    const items = this.#items;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length === 0) return top;
    items[0] = last;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let smallest = at;
      if (left < items.length && this.#before(items[left] as number, items[smallest] as number))
        smallest = left;
      if (right < items.length && this.#before(items[right] as number, items[smallest] as number))
        smallest = right;
      if (smallest === at) return top;
      [items[at], items[smallest]] = [items[smallest] as number, items[at] as number];
      at = smallest;
    }
  }
}

function valuesOf(view: RunView, kind: SeriesKind): ArrayLike<number> {
  switch (kind) {
    case 'clock':
      return view.clock;
    case 'queue':
      return view.queue;
    case 'drift':
      return driftOf(view);
    default:
      throw new Error(`unknown series ${String(kind)}`);
  }
}

/** The machine's series over [fromUs, untilUs], one entry per pixel column of widthPx that has events. */
export function machineSeries(
  view: RunView,
  kind: SeriesKind,
  machine: number,
  fromUs: number,
  untilUs: number,
  widthPx: number,
): Series {
  const values = valuesOf(view, kind);
  const columnsWide = Math.max(1, Math.floor(widthPx));
  const spanUs = Math.max(untilUs - fromUs, 1e-9);
  const start = firstAtOrAfter(view, machine, fromUs);
  const end = view.machineStart[machine + 1] as number;
  const columns: number[] = [];
  const min: number[] = [];
  const max: number[] = [];
  const last: number[] = [];
  for (let i = start; i < end && (view.timeUs[i] as number) <= untilUs; i += 1) {
    const column = Math.min(
      columnsWide - 1,
      Math.floor((((view.timeUs[i] as number) - fromUs) * columnsWide) / spanUs),
    );
    const value = values[i] as number;
    const k = columns.length - 1;
    if (k >= 0 && columns[k] === column) {
      if (value < (min[k] as number)) min[k] = value;
      if (value > (max[k] as number)) max[k] = value;
      last[k] = value;
    } else {
      columns.push(column);
      min.push(value);
      max.push(value);
      last.push(value);
    }
  }
  return {
    columns: Int32Array.from(columns),
    min: Float64Array.from(min),
    max: Float64Array.from(max),
    last: Float64Array.from(last),
  };
}

/** The machine's first event at or after `timeUs` (its times never go down). */
function firstAtOrAfter(view: RunView, machine: number, timeUs: number): number {
  let low = view.machineStart[machine] as number;
  let high = view.machineStart[machine + 1] as number;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((view.timeUs[middle] as number) < timeUs) low = middle + 1;
    else high = middle;
  }
  return low;
}
