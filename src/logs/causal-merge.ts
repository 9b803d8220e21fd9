/**
 * Feeds the rows of every machine log to a consumer in causal order: always the earliest
 * (time, machine id) row among the logs, except that a receive waits until its sender has
 * logged the send. Memory stays at what is in transit, and logs whose clocks disagree a little
 * (real hosts) still come out sends first. If every log waits, the logs describe a receive
 * before its send; the earliest such receive is fed anyway, for the consumer to report.
 *
 * The heads (each log's next row) live in two heaps ordered by (time, machine id): those that may
 * go, and receives that must wait. A waiting receive is asked again only when a row of its
 * sender is fed, so a run of N machines costs O(log N) per row, not the O(N) of looking at every
 * head for every row; with 10 000 machines that is the difference between seconds and hours.
 * The order is exactly that of looking at every head each time (the test keeps that model),
 * given the contract on mustWait below.
 */
import { assert } from '../../core/index.js';
import { HeadHeap } from './head-heap.js';
import type { ParsedLogRow } from './log-row.js';

export type ReceiveLogRow = Extract<ParsedLogRow, { kind: 'receive' }>;

/** One machine's rows in log order (a LogReader, or an array in tests). */
export interface RowSource {
  /** The next row, or undefined at the end. */
  next(): ParsedLogRow | undefined;
}

export interface CausalConsumer {
  /**
   * True for a receive whose send has not been fed yet. Only receives are asked: sends and
   * internal events never wait. The contract that makes the merge fast: an answer may turn from
   * true to false only when a row of machine `row.msgSender` is accepted (that is when the
   * merge asks again). It may turn from false to true at any time; it is asked again before a
   * receive is fed.
   */
  mustWait(row: ReceiveLogRow): boolean;
  /**
   * A row, fed in causal order. `nextRow` is the same machine's next row (already read), or
   * undefined after its last; it is fed later like any other. A receive is fed with
   * mustWait(row) still true only when every head waits (the logs break happens-before).
   */
  accept(row: ParsedLogRow, machineId: number, nextRow: ParsedLogRow | undefined): void;
}

/**
 * `restartFirst`: a restart row goes first within its instant, as the virtual driver made it
 * (check of a run with faults, whose causality statistics the driver computed in its order).
 */
export function feedInCausalOrder(
  sources: readonly RowSource[],
  consumer: CausalConsumer,
  restartFirst = false,
): void {
  new CausalMerge(sources, consumer, restartFirst).run();
}

class CausalMerge {
  readonly #sources: readonly RowSource[];
  readonly #consumer: CausalConsumer;
  /** heads[id]: machine id's next row, undefined once its log is done. */
  readonly #heads: (ParsedLogRow | undefined)[];
  readonly #mayGo: HeadHeap;
  readonly #waiting: HeadHeap;
  /** waitingOn[sender]: ids of the machines whose head is a receive waiting on that sender. */
  readonly #waitingOn: (number[] | undefined)[];

  constructor(sources: readonly RowSource[], consumer: CausalConsumer, restartFirst: boolean) {
    this.#sources = sources;
    this.#consumer = consumer;
    this.#heads = sources.map((source) => source.next());
    this.#mayGo = new HeadHeap(this.#heads, restartFirst);
    this.#waiting = new HeadHeap(this.#heads, restartFirst);
    this.#waitingOn = new Array<number[] | undefined>(sources.length);
    for (let id = 0; id < sources.length; id += 1) this.#place(id);
  }

  run(): void {
    for (;;) {
      const id = this.#nextToFeed();
      if (id < 0) return;
      const fromMayGo = this.#mayGo.has(id);
      if (!fromMayGo) this.#stopWaiting(id);
      const row = this.#heads[id] as ParsedLogRow;
      const nextRow = (this.#sources[id] as RowSource).next();
      this.#consumer.accept(row, id, nextRow);
      this.#release(id);
      this.#heads[id] = nextRow;
      // The common case keeps the id in its heap and only re-sifts it: one heap operation a row.
      if (fromMayGo && nextRow !== undefined && !this.#waits(nextRow)) {
        this.#mayGo.update(id);
        continue;
      }
      if (fromMayGo) this.#mayGo.remove(id);
      this.#place(id);
    }
  }

  /** The earliest head that may go, else the earliest waiting one; -1 when all logs are done. */
  #nextToFeed(): number {
    for (;;) {
      const id = this.#mayGo.peek();
      if (id < 0) return this.#waiting.peek();
      const head = this.#heads[id] as ParsedLogRow;
      if (!this.#waits(head)) return id;
      // Turned from free to waiting since it was placed: move it, and look at the next one.
      this.#mayGo.remove(id);
      this.#startWaiting(id, head as ReceiveLogRow);
    }
  }

  /** Puts machine id's head (if any) in the heap it belongs to now. */
  #place(id: number): void {
    const head = this.#heads[id];
    if (head === undefined) return;
    if (this.#waits(head)) this.#startWaiting(id, head as ReceiveLogRow);
    else this.#mayGo.push(id);
  }

  #waits(row: ParsedLogRow): boolean {
    return row.kind === 'receive' && this.#consumer.mustWait(row);
  }

  #startWaiting(id: number, head: ReceiveLogRow): void {
    this.#waiting.push(id);
    const sender = head.msgSender;
    // A sender outside the run never logs anything: nothing would ever release the wait.
    if (sender >= this.#waitingOn.length) return;
    const list = this.#waitingOn[sender];
    if (list === undefined) this.#waitingOn[sender] = [id];
    else list.push(id);
  }

  /** Only when every head waits (logs that break happens-before): the waiting one is fed. */
  #stopWaiting(id: number): void {
    this.#waiting.remove(id);
    const sender = (this.#heads[id] as ReceiveLogRow).msgSender;
    const list = this.#waitingOn[sender];
    if (list === undefined) return;
    const at = list.indexOf(id);
    assert(at >= 0, 'a waiting head is listed under its sender');
    list.splice(at, 1);
  }

  /** A row of `sender` was accepted: the receives waiting on it are asked again. */
  #release(sender: number): void {
    const list = this.#waitingOn[sender];
    if (list === undefined || list.length === 0) return;
    let kept = 0;
    for (const id of list) {
      if (this.#consumer.mustWait(this.#heads[id] as ReceiveLogRow)) {
        list[kept] = id;
        kept += 1;
      } else {
        this.#waiting.remove(id);
        this.#mayGo.push(id);
      }
    }
    // Setting an array's length is a call into the runtime: only when some were released.
    if (kept < list.length) list.length = kept;
  }
}
