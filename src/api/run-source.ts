/**
 * What the public check, analyze and invariant functions take, as the readers below them want
 * it: a run directory as it is; a SimulateResult or bare events as the files a run directory of
 * them would hold, in memory (no file is written).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import { rerunInMemory } from '../check/manifest-rerun.js';
import { InputError } from '../common/errors.js';
import { manifestFileName } from '../logs/manifest.js';
import { replayableScenarioOf } from '../logs/replayable-scenario.js';
import { type RunInput, runInputInMemory, runInputOfDir } from '../logs/run-input.js';
import { logBytesOf, machineCountOf, runEventOf } from './event-rows.js';
import { checkedEvents } from './event-shape.js';
import type { RunEvent } from './events.js';
import { RunSourceError } from './run-source-error.js';
import type { SimulateResult } from './simulate.js';
import { rememberedFaultsCsv } from './simulated-faults.js';

/** How messages name a run held in memory (where a run directory's path would be). */
export const inMemoryRunLabel = '(in memory)';

/** A run directory, a SimulateResult or bare events (check.ts's RunSource, or events). */
export type AnySource = string | SimulateResult | readonly RunEvent[];

export function isEventList(source: AnySource): source is readonly RunEvent[] {
  return Array.isArray(source);
}

/**
 * Runs `read` on the source, checked first (a readable directory, well-formed events), with
 * what lamport-lab's readers refuse as unreadable input thrown as the exported RunSourceError.
 */
export function readingRunSource<T>(source: AnySource, read: (source: AnySource) => T): T {
  const checked = checkedSource(source);
  try {
    return read(checked);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // The CLI's line: `<file>: expected ..., got ...` where the reader could say so.
    const parts = /^(.*?): expected (.*), got (.*)$/s.exec(error.message);
    const field = parts?.[1] ?? (typeof source === 'string' ? source : inMemoryRunLabel);
    throw new RunSourceError(error.message, field, parts?.[2] ?? '', parts?.[3] ?? '');
  }
}

function checkedSource(source: AnySource): AnySource {
  if (typeof source === 'string') return checkedRunDir(source);
  if (isEventList(source)) return checkedEvents(source);
  if (typeof source !== 'object' || source === null || !Array.isArray(source.events)) {
    const expected = 'a run directory path, a SimulateResult or an array of events';
    const received = source === undefined ? 'nothing' : `a ${typeof source}`;
    throw new RunSourceError(
      `source: expected ${expected}, got ${received}`,
      'source',
      expected,
      received,
    );
  }
  checkedEvents(source.events, 'events');
  return source;
}

/** The path, when it is a directory this process can list and read. */
function checkedRunDir(path: string): string {
  const expected = 'a readable run directory (machine-<id>.csv and manifest.json)';
  const refuse = (received: string): never => {
    throw new RunSourceError(
      `${path}: expected ${expected}, got ${received}`,
      path,
      expected,
      received,
    );
  };
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return refuse('no such directory');
  }
  if (!isDirectory) refuse('a file');
  try {
    accessSync(path, constants.R_OK | constants.X_OK);
  } catch {
    refuse('a directory this process may not read');
  }
  return path;
}

/** The source as check and analyze read a run (checked by readingRunSource). */
export function runInputOf(source: AnySource): RunInput {
  if (typeof source === 'string') return runInputOfDir(source);
  if (isEventList(source)) {
    const logs = logBytesOf(source, machineCountOf(source));
    return runInputInMemory(inMemoryRunLabel, { manifest: null, logs, faultsCsv: null });
  }
  return simulatedRunInput(source as SimulateResult);
}

/**
 * A SimulateResult as its run directory's files. Its faults.csv, which the result does not
 * carry, is the one `simulate` made for it (simulated-faults.ts), or for a result it did not
 * make, what the run wrote: the scenario re-run in memory from the manifest (a virtual run is
 * deterministic).
 */
function simulatedRunInput(result: SimulateResult): RunInput {
  // The manifest as manifest.json would hold it: what the check's schema reads.
  const manifest = JSON.parse(JSON.stringify(result.manifest)) as unknown;
  const machineCount = result.manifest.machines.length;
  const logs = logBytesOf(result.events, Math.max(machineCount, machineCountOf(result.events)));
  let faultsCsv: Uint8Array | null = null;
  const remembered = rememberedFaultsCsv(result.manifest);
  if (remembered !== undefined) faultsCsv = remembered;
  else if (result.manifest.scenario.faults !== undefined) {
    const kept: Buffer[] = [];
    const path = join(inMemoryRunLabel, manifestFileName);
    rerunInMemory(replayableScenarioOf(manifest, path), kept);
    faultsCsv = Buffer.concat(kept);
  }
  return runInputInMemory(inMemoryRunLabel, { manifest, logs, faultsCsv });
}

/** The source's events: each machine's in its log's order, machine 0's first. */
export function runEventsOf(source: AnySource): readonly RunEvent[] {
  if (typeof source !== 'string') return isEventList(source) ? source : source.events;
  const readers = runInputOfDir(source).openLogs();
  const events: RunEvent[] = [];
  try {
    for (const reader of readers)
      for (let row = reader.next(); row !== undefined; row = reader.next())
        events.push(runEventOf(row));
  } finally {
    for (const reader of readers) reader.close();
  }
  return events;
}
