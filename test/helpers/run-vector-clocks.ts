/**
 * The ground truth a viewer test holds a page to: every event of a run directory's CSV logs with
 * its Fidge/Mattern vector clock from core (core/causality/vector-clock.ts), in the viewer's
 * event order (machine, then seq: index i is the i-th row of machine-0.csv, machine-1.csv, ...
 * read in turn).
 *
 * Computed from the logs only (which receive took which message), never from the page's model,
 * so a page that highlights the wrong set fails. A restart row counts as a local event, as the
 * vector-clock rules treat any event that is neither a send nor a receive.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  happenedBefore,
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../core/causality/vector-clock.js';
import type { ParsedLogRow } from '../../src/logs/log-row.js';
import { parseRow } from '../../src/logs/log-reader.js';

export interface VectorRun {
  /** Every row in the viewer's order. */
  readonly rows: readonly ParsedLogRow[];
  /** vectors[i]: the vector clock of rows[i]. */
  readonly vectors: readonly VectorClock[];
}

function machineLogs(runDir: string): ParsedLogRow[][] {
  const logs: ParsedLogRow[][] = [];
  for (let machine = 0; existsSync(join(runDir, `machine-${machine}.csv`)); machine += 1) {
    const file = `machine-${machine}.csv`;
    const lines = readFileSync(join(runDir, file), 'utf8').trimEnd().split('\n').slice(1);
    logs.push(lines.map((text, index) => parseRow(text, file, index + 2)));
  }
  return logs;
}

/**
 * Walks the logs in a causal order (a receive waits for its send's vector) and gives each row
 * its vector. Throws if the logs break happens-before (a receive whose send never comes).
 */
export function runVectorClocks(runDir: string): VectorRun {
  const logs = machineLogs(runDir);
  const machineCount = logs.length;
  const next = new Array<number>(machineCount).fill(0);
  const current = logs.map(() => vectorZero(machineCount));
  const sentVectors = new Map<string, VectorClock>();
  const byMachine = logs.map((log) => new Array<VectorClock>(log.length));
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (let machine = 0; machine < machineCount; machine += 1) {
      const log = logs[machine] as ParsedLogRow[];
      for (;;) {
        const row = log[next[machine] as number];
        if (row === undefined) break;
        let vector: VectorClock;
        if (row.kind === 'receive') {
          const sent = sentVectors.get(`${row.msgSender}-${row.msgSeq}`);
          if (sent === undefined) break; // its send is on a machine not walked that far yet
          vector = vectorAfterReceive(current[machine] as VectorClock, sent, machine);
        } else {
          vector = vectorAfterLocalEvent(current[machine] as VectorClock, machine);
          if (row.kind === 'send') sentVectors.set(`${row.msgSender}-${row.msgSeq}`, vector);
        }
        current[machine] = vector;
        (byMachine[machine] as VectorClock[])[next[machine] as number] = vector;
        next[machine] = (next[machine] as number) + 1;
        progressed = true;
      }
    }
  }
  const stuck = logs.findIndex((log, machine) => (next[machine] as number) < log.length);
  if (stuck >= 0) throw new Error(`machine-${stuck}.csv: a receive whose send never comes`);
  return { rows: logs.flat(), vectors: byMachine.flat() };
}

/** Indices of the events in event `index`'s causal past (it excluded), ascending. */
export function causalPast(run: VectorRun, index: number): number[] {
  const target = run.vectors[index] as VectorClock;
  return run.vectors.flatMap((vector, other) => (happenedBefore(vector, target) ? [other] : []));
}

/** Indices of the events in event `index`'s causal future (it excluded), ascending. */
export function causalFuture(run: VectorRun, index: number): number[] {
  const source = run.vectors[index] as VectorClock;
  return run.vectors.flatMap((vector, other) => (happenedBefore(source, vector) ? [other] : []));
}
