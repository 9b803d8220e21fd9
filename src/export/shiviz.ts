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
 *
 * A run with faults (faults.csv) gets its fault actions as local events too (shiviz-faults.ts):
 * a crash on its machine, a dropped copy on its sender, a partition's start on every machine.
 */
import {
  type VectorClock,
  vectorAfterLocalEvent,
  vectorAfterReceive,
  vectorZero,
} from '../../core/index.js';
import { formatTimeMs } from '../logs/format.js';
import type { RunFaults } from '../logs/run-faults.js';
import type { InternalRow, ReceiveRow, RunFormat, SendRow } from './run-format.js';
import {
  carriedClocks,
  restartNotes,
  type ShivizFaultEvent,
  shivizFaultEvents,
} from './shiviz-faults.js';

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

/**
 * What a run's faults add to its log (shiviz-faults.ts): their own events, the restart rows'
 * notes, and the clocks corrupted sends carried. Absent for a run without faults.
 */
interface ShivizFaults {
  readonly events: readonly ShivizFaultEvent[];
  readonly restartNotes: Map<number, string[]>;
  readonly carried: ReadonlyMap<string, number>;
}

/** The send's vector is what its receives merge. */
export class ShivizFormat implements RunFormat<VectorClock> {
  readonly #write: (text: string) => void;
  readonly #vectors: VectorClock[] = [];
  readonly #faults: ShivizFaults | null;
  /** The next fault event to write. */
  #nextFault = 0;

  constructor(
    machineCount: number,
    write: (text: string) => void,
    faults: RunFaults | null = null,
  ) {
    this.#write = write;
    for (let id = 0; id < machineCount; id += 1) this.#vectors.push(vectorZero(machineCount));
    this.#faults =
      faults === null
        ? null
        : {
            events: shivizFaultEvents(faults, machineCount),
            restartNotes: restartNotes(faults),
            carried: carriedClocks(faults),
          };
  }

  begin(): void {
    this.#write(`${shivizParserRegex}\n\n`);
  }

  internal(row: InternalRow, machineId: number): void {
    this.#faultsBefore(row.timeUs);
    const vector = this.#advance(machineId, null);
    // A restart row (a fault) says so, with its rule and the clock it lost or kept.
    const note =
      row.kind === 'restart'
        ? ` ${this.#faults?.restartNotes.get(machineId)?.shift() ?? ''}`.trimEnd()
        : '';
    this.#event(
      machineId,
      vector,
      `${row.kind} L=${row.clock} t=${formatTimeMs(row.timeUs)}ms${note}`,
    );
  }

  send(row: SendRow, machineId: number): VectorClock {
    this.#faultsBefore(row.timeUs);
    const vector = this.#advance(machineId, null);
    const to = row.receiverIds.join(';');
    const msgId = `${row.msgSender}-${row.msgSeq}`;
    const carried = this.#faults?.carried.get(msgId);
    const description =
      `send L=${row.clock} t=${formatTimeMs(row.timeUs)}ms msg=${msgId} to=${to}` +
      (carried === undefined ? '' : ` carried=${carried}`);
    this.#event(machineId, vector, description);
    return vector;
  }

  receive(row: ReceiveRow, machineId: number, _nextTimeUs: number | null, sent: VectorClock): void {
    this.#faultsBefore(row.timeUs);
    const vector = this.#advance(machineId, sent);
    const description = `receive L=${row.clock} t=${formatTimeMs(row.timeUs)}ms msg=${row.msgSender}-${row.msgSeq} from=${row.msgSender}`;
    this.#event(machineId, vector, description);
  }

  end(): void {
    this.#faultsBefore(Number.POSITIVE_INFINITY);
  }

  /**
   * The fault events before `timeUs`: each is written after every row at or before its time
   * (a copy lost at its send comes after the send) and before the first row after it.
   */
  #faultsBefore(timeUs: number): void {
    const events = this.#faults?.events;
    if (events === undefined) return;
    for (; this.#nextFault < events.length; this.#nextFault += 1) {
      const event = events[this.#nextFault] as ShivizFaultEvent;
      if (event.timeUs >= timeUs) return;
      for (const machineId of event.machines) {
        this.#event(machineId, this.#advance(machineId, null), event.description);
      }
    }
  }

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
