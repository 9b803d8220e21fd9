/**
 * A run as a ShiViz log (DistributedClocks/shiviz, in the format GoVector writes): a vector clock
 * per event, rebuilt from the logs with the Fidge/Mattern rules of core/vector-clock.ts, so
 * ShiViz can draw the happens-before graph of the run.
 *
 * The file, as ShiViz reads an uploaded log:
 *
 *   line 1: the parser regular expression (ShiViz asks for it; GoVector's standard one):
 *             (?<host>\S*) (?<clock>{.*})\n(?<event>.*)
 *   line 2: empty (the "multiple executions" delimiter: this is one execution)
 *   then two lines per event:
 *             machine0 {"machine0":5,"machine1":2}
 *             send L=5 t=1000ms msg=0-5 to=1;2
 *
 * For the README (the regex a user pastes into ShiViz if it does not take it from line 1):
 *   (?<host>\S*) (?<clock>{.*})\n(?<event>.*)
 *
 * ShiViz's rules, and how they hold here: hosts are named without spaces (`machine<id>`); each
 * host's own component starts at 1 and rises by exactly 1 per event of that host (it counts the
 * host's events, which is what V[own] is); a clock's JSON holds only non-zero entries (ShiViz
 * would drop zeros, and a host with no events must not appear), in ascending machine id so the
 * bytes are reproducible; a host's events appear in its own order. Event descriptions never hold
 * " {", so the regex cannot start a match inside one.
 */
import {
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../core/index.js';
import { formatTimeMs } from '../logs/format.js';
import type { InternalRow, ReceiveRow, RunFormat, SendRow } from './run-format.js';

/** GoVector's standard parser regex, with named groups host, clock and event. */
export const shivizParserRegex = String.raw`(?<host>\S*) (?<clock>{.*})\n(?<event>.*)`;

export function shivizHostName(machineId: number): string {
  return `machine${machineId}`;
}

/** A vector clock as ShiViz's JSON: host names to counts, non-zero entries only. */
export function shivizClockJson(vector: VectorClock): string {
  let text = '{';
  for (let id = 0; id < vector.length; id += 1) {
    const count = vector[id] as number;
    if (count === 0) continue;
    text += `${text.length > 1 ? ',' : ''}"${shivizHostName(id)}":${count}`;
  }
  return `${text}}`;
}

/** The send's vector is what its receives merge. */
export class ShivizFormat implements RunFormat<VectorClock> {
  readonly #write: (text: string) => void;
  readonly #vectors: VectorClock[] = [];

  constructor(machineCount: number, write: (text: string) => void) {
    this.#write = write;
    for (let id = 0; id < machineCount; id += 1) this.#vectors.push(vectorZero(machineCount));
  }

  begin(): void {
    this.#write(`${shivizParserRegex}\n\n`);
  }

  internal(row: InternalRow, machineId: number): void {
    const vector = this.#advance(machineId, null);
    this.#event(machineId, vector, `internal L=${row.clock} t=${formatTimeMs(row.timeUs)}ms`);
  }

  send(row: SendRow, machineId: number): VectorClock {
    const vector = this.#advance(machineId, null);
    const to = row.receiverIds.join(';');
    const description = `send L=${row.clock} t=${formatTimeMs(row.timeUs)}ms msg=${row.msgSender}-${row.msgSeq} to=${to}`;
    this.#event(machineId, vector, description);
    return vector;
  }

  receive(row: ReceiveRow, machineId: number, _nextTimeUs: number | null, sent: VectorClock): void {
    const vector = this.#advance(machineId, sent);
    const description = `receive L=${row.clock} t=${formatTimeMs(row.timeUs)}ms msg=${row.msgSender}-${row.msgSeq} from=${row.msgSender}`;
    this.#event(machineId, vector, description);
  }

  end(): void {}

  /** The machine's next vector; each is a fresh array, so a send's stays as its receives need it. */
  #advance(machineId: number, messageVector: VectorClock | null): VectorClock {
    const current = this.#vectors[machineId] as VectorClock;
    const next =
      messageVector === null
        ? vectorAfterLocalEvent(current, machineId)
        : vectorAfterReceive(current, messageVector, machineId);
    this.#vectors[machineId] = next;
    return next;
  }

  #event(machineId: number, vector: VectorClock, description: string): void {
    this.#write(`${shivizHostName(machineId)} ${shivizClockJson(vector)}\n${description}\n`);
  }
}
