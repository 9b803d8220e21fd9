/**
 * What a TCP machine keeps across a crash (a `crash` fault is a SIGKILL of its process): the
 * machine's own small "disk". A real process that must restart with its clock writes it to stable
 * storage before the clock is seen by anyone (a fsync'd file, a lease record in a database);
 * here it is a JSON file rewritten after every event and every arrival, replaced atomically
 * (written beside, then renamed), so a SIGKILL at any instant leaves either the previous or the
 * next state, never half of one. No fsync: the process dies, not the host.
 *
 * - `seq` and `clock`: the last event's, so a `persisted` restart resumes at that clock and the
 *   restart row takes the next seq (msg_ids stay unique across the crash).
 * - `actionDraws`: how many numbers the machine's action stream gave so far; the restarted
 *   process skips as many, so it rolls exactly what the same machine in virtual time would
 *   (and `replay` re-executes the run exactly).
 * - `queue`: the copies waiting in its queue, oldest first: what a crash with `inbox: keep`
 *   hands to the restart (a durable inbox), and what one with `inbox: drop` loses (the launcher
 *   reads it after the kill to write one drop row per copy).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Rng } from '../../core/index.js';

/** One waiting copy: its sender, the send's seq and the clock it carries. */
export type QueuedCopy = readonly [senderId: number, sendSeq: number, clock: number];

export interface PersistedMachine {
  readonly seq: number;
  readonly clock: number;
  readonly actionDraws: number;
  readonly queue: readonly QueuedCopy[];
}

/** Replaces the state file at `path` with `state`, atomically. */
export function writeMachineState(path: string, state: PersistedMachine): void {
  const next = `${path}.next`;
  writeFileSync(next, JSON.stringify(state));
  renameSync(next, path);
}

/** The state last written at `path`, or null when the machine never wrote one. */
export function readMachineState(path: string): PersistedMachine | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return JSON.parse(text) as PersistedMachine;
}

/** An Rng that counts its draws, so that the position in the stream can be persisted. */
export class CountingRng implements Rng {
  readonly #inner: Rng;
  draws = 0;

  /** `skip`: draws to pass first (a restarted machine's position in its stream). */
  constructor(inner: Rng, skip = 0) {
    this.#inner = inner;
    for (let at = 0; at < skip; at += 1) inner.nextU32();
    this.draws = skip;
  }

  nextU32(): number {
    this.draws += 1;
    return this.#inner.nextU32();
  }
}
