/**
 * ViewData: the wire format of a run as the viewer receives it, inlined as JSON in view.html
 * (and made in memory by the playground). Columnar, so 1 M events are a few number arrays that
 * JSON.parse reads fast, and compact (deltas on each machine's own sequence: a run's seq, time
 * and clock columns move by small steps), so a 100 000-event run stays a few MB.
 *
 * Events are sorted by machine, then by their order in the machine's log (seq): event index i is
 * the position in that order. Message columns (peers, msg_id, msg_clock) exist only for sends and
 * receives, in the same order. What the columns hold is enough to write every cell of the CSV row
 * back (RunView.rowCells), nothing derived (sendOf, receivesOf) is sent: the decoder rebuilds it.
 *
 * Pure: no DOM, no Node API. The page validates what it parses (parseViewData): a hand-edited or
 * truncated file is refused in words, not drawn wrong.
 */

/** How the run was made: simulated, on real sockets, or imported from another program's logs. */
export type ViewMode = 'virtual' | 'tcp' | 'imported';

export const viewDataFormat = 'lamport-lab-view/1';

/** Event kinds as one character each in `EventColumns.kinds`: '0' + kind code. */
export const kindCodes = { internal: 0, send: 1, receive: 2, restart: 3 } as const;
export type EventKind = keyof typeof kindCodes;
export const eventKinds: readonly EventKind[] = ['internal', 'send', 'receive', 'restart'];

export interface EventColumns {
  readonly count: number;
  /** Events per machine (length machineCount); machine m's events follow machine m-1's. */
  readonly perMachine: readonly number[];
  /** One character per event, '0'..'3' (kindCodes). */
  readonly kinds: string;
  /** seq minus the previous event's seq on the same machine (the first: its seq). */
  readonly seqDelta: readonly number[];
  /** timeUs minus the previous event's on the same machine (the first: its timeUs). */
  readonly timeDeltaUs: readonly number[];
  /** clock minus the previous event's on the same machine (the first: its clock); < 0 after a reset. */
  readonly clockDelta: readonly number[];
  readonly queue: readonly number[];
  /** Distinct `peers` cells, referred to by `msgPeers`. */
  readonly peerTexts: readonly string[];
  /** Per send or receive, in event order: index into peerTexts of its `peers` cell. */
  readonly msgPeers: readonly number[];
  /** Per send or receive: the sender in its msg_id `<sender>-<seq>`. */
  readonly msgSender: readonly number[];
  /** Per send: its own seq minus the msg_id's seq (0 in every log we write); per receive: the msg_id's seq. */
  readonly msgSeq: readonly number[];
  /** Per send or receive: its logical_clock minus its msg_clock (a send: 0 unless corrupted). */
  readonly msgClockDelta: readonly number[];
}

/** A fault as the viewer draws it: a shaded span of time, or a mark at an instant. */
export type FaultMark =
  | {
      readonly kind: 'span';
      /** partition, pause, down */
      readonly what: string;
      readonly machines: readonly number[];
      readonly fromUs: number;
      readonly untilUs: number;
      readonly label: string;
    }
  | {
      readonly kind: 'mark';
      /** drop, duplicate, delay, corrupt, crash, restart, rate */
      readonly what: string;
      readonly machine: number;
      readonly peer: number | null;
      readonly atUs: number;
      readonly label: string;
    };

export interface CheckResult {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

/** The part of a run the data holds, when not all of it. */
export interface ViewWindow {
  readonly fromUs: number;
  readonly untilUs: number;
  /** Events in the whole run. */
  readonly totalEvents: number;
}

export interface ViewData {
  readonly format: typeof viewDataFormat;
  readonly title: string;
  readonly mode: ViewMode;
  readonly machineCount: number;
  readonly ratesHz: readonly number[];
  readonly durationUs: number;
  readonly seed: number | null;
  /** False for a run that was cut short (interrupted, a machine failed). */
  readonly completed: boolean;
  readonly events: EventColumns;
  readonly faults: readonly FaultMark[];
  /** summary.json as it is, or null when the run has none. */
  readonly summary: unknown | null;
  readonly check: CheckResult | null;
  readonly window: ViewWindow | null;
}

/** One event as the encoder takes it: a log row's cells, typed. */
export interface EventInput {
  readonly machine: number;
  readonly seq: number;
  readonly kind: EventKind;
  readonly timeUs: number;
  readonly clock: number;
  readonly queue: number;
  /** The `peers` cell as written ('' for internal and restart). */
  readonly peers: string;
  /** msg_id's parts and msg_clock (ignored for internal and restart). */
  readonly msgSender: number;
  readonly msgSeq: number;
  readonly msgClock: number;
}

export class ViewDataError extends Error {
  override readonly name = 'ViewDataError';
}

/**
 * Builds EventColumns from events given in order (machine ascending, then log order). The
 * caller's record may be reused between calls: nothing of it is kept.
 */
export class EventColumnsBuilder {
  readonly #machineCount: number;
  readonly #perMachine: number[];
  readonly #kindCodes: number[] = [];
  readonly #seqDelta: number[] = [];
  readonly #timeDeltaUs: number[] = [];
  readonly #clockDelta: number[] = [];
  readonly #queue: number[] = [];
  readonly #peerTexts: string[] = [];
  readonly #peerRefs = new Map<string, number>();
  readonly #msgPeers: number[] = [];
  readonly #msgSender: number[] = [];
  readonly #msgSeq: number[] = [];
  readonly #msgClockDelta: number[] = [];
  /** The machine of the last event added, and its seq, time and clock. */
  #machine = -1;
  #seq = 0;
  #timeUs = 0;
  #clock = 0;

  constructor(machineCount: number) {
    if (!Number.isSafeInteger(machineCount) || machineCount < 1) {
      throw new ViewDataError(`machineCount: expected a whole number >= 1, got ${machineCount}`);
    }
    this.#machineCount = machineCount;
    this.#perMachine = new Array<number>(machineCount).fill(0);
  }

  get count(): number {
    return this.#seqDelta.length;
  }

  add(event: EventInput): void {
    this.addFields(
      event.machine,
      event.seq,
      event.kind,
      event.timeUs,
      event.clock,
      event.queue,
      event.peers,
      event.msgSender,
      event.msgSeq,
      event.msgClock,
    );
  }

  /**
   * `add` without a record: a reader of 1 M rows makes no object per row (a record per row made
   * reading a run four times slower).
   */
  addFields(
    machine: number,
    seq: number,
    kind: EventKind,
    timeUs: number,
    clock: number,
    queue: number,
    peers: string,
    msgSender: number,
    msgSeq: number,
    msgClock: number,
  ): void {
    if (machine !== this.#machine) this.#startMachine(machine);
    this.#perMachine[machine] = (this.#perMachine[machine] as number) + 1;
    const code = kindCodes[kind];
    this.#kindCodes.push(code);
    this.#seqDelta.push(seq - this.#seq);
    this.#timeDeltaUs.push(timeUs - this.#timeUs);
    this.#clockDelta.push(clock - this.#clock);
    this.#queue.push(queue);
    this.#seq = seq;
    this.#timeUs = timeUs;
    this.#clock = clock;
    if (code !== kindCodes.send && code !== kindCodes.receive) return;
    let ref = this.#peerRefs.get(peers);
    if (ref === undefined) {
      ref = this.#peerTexts.length;
      this.#peerTexts.push(peers);
      this.#peerRefs.set(peers, ref);
    }
    this.#msgPeers.push(ref);
    this.#msgSender.push(msgSender);
    this.#msgSeq.push(code === kindCodes.send ? seq - msgSeq : msgSeq);
    this.#msgClockDelta.push(clock - msgClock);
  }

  #startMachine(machine: number): void {
    if (
      !Number.isSafeInteger(machine) ||
      machine < this.#machine ||
      machine >= this.#machineCount
    ) {
      throw new ViewDataError(
        `event ${this.count}: machine: expected ${Math.max(this.#machine, 0)}..${this.#machineCount - 1} (sorted by machine), got ${machine}`,
      );
    }
    this.#machine = machine;
    this.#seq = 0;
    this.#timeUs = 0;
    this.#clock = 0;
  }

  /** The kind digits as one string, made in pieces (String.fromCharCode takes a bounded list). */
  #kindText(): string {
    const pieces: string[] = [];
    const codes = this.#kindCodes;
    for (let from = 0; from < codes.length; from += 8192) {
      const piece = codes.slice(from, from + 8192);
      for (let k = 0; k < piece.length; k += 1) piece[k] = (piece[k] as number) + 48;
      pieces.push(String.fromCharCode(...piece));
    }
    return pieces.join('');
  }

  build(): EventColumns {
    return {
      count: this.count,
      perMachine: [...this.#perMachine],
      kinds: this.#kindText(),
      seqDelta: this.#seqDelta,
      timeDeltaUs: this.#timeDeltaUs,
      clockDelta: this.#clockDelta,
      queue: this.#queue,
      peerTexts: this.#peerTexts,
      msgPeers: this.#msgPeers,
      msgSender: this.#msgSender,
      msgSeq: this.#msgSeq,
      msgClockDelta: this.#msgClockDelta,
    };
  }
}

/**
 * ViewData as JSON text, safe to inline in a <script> element: `<` is written as \u003c, so no
 * `</script` or `<!--` can appear in it whatever a title or label holds. JSON.parse reads it back
 * unchanged.
 */
export function viewDataJson(data: ViewData): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(record: Record<string, unknown>, name: string, what: string): unknown {
  const value = record[name];
  if (value === undefined) throw new ViewDataError(`${name}: expected ${what}, got nothing`);
  return value;
}

function numberArray(record: Record<string, unknown>, name: string, length: number): number[] {
  const value = field(record, name, `an array of ${length} numbers`);
  if (!Array.isArray(value) || value.length !== length) {
    const got = Array.isArray(value) ? `${value.length} entries` : typeof value;
    throw new ViewDataError(`events.${name}: expected an array of ${length} numbers, got ${got}`);
  }
  return value as number[];
}

/**
 * The shape of ViewData checked where it is cheap (fields, types, array lengths); the numbers
 * inside the columns are checked by RunView.fromData as it decodes them.
 */
export function parseViewData(value: unknown): ViewData {
  if (!isRecord(value)) throw new ViewDataError('expected a JSON object of the view data');
  if (value.format !== viewDataFormat) {
    throw new ViewDataError(
      `format: expected "${viewDataFormat}", got ${JSON.stringify(value.format ?? null)}`,
    );
  }
  const machineCount = field(value, 'machineCount', 'a whole number >= 1');
  if (typeof machineCount !== 'number' || !Number.isSafeInteger(machineCount) || machineCount < 1) {
    throw new ViewDataError(
      `machineCount: expected a whole number >= 1, got ${String(machineCount)}`,
    );
  }
  const events = field(value, 'events', 'the event columns');
  if (!isRecord(events)) throw new ViewDataError('events: expected the event columns');
  parseEventColumns(events, machineCount);
  for (const name of ['title', 'mode', 'ratesHz', 'durationUs', 'completed', 'faults']) {
    field(value, name, 'a value');
  }
  if (value.mode !== 'virtual' && value.mode !== 'tcp' && value.mode !== 'imported') {
    throw new ViewDataError(
      `mode: expected "virtual", "tcp" or "imported", got ${JSON.stringify(value.mode)}`,
    );
  }
  if (!Array.isArray(value.ratesHz) || value.ratesHz.length !== machineCount) {
    throw new ViewDataError(`ratesHz: expected ${machineCount} rates, one per machine`);
  }
  if (!Array.isArray(value.faults)) throw new ViewDataError('faults: expected an array');
  return value as unknown as ViewData;
}

function parseEventColumns(events: Record<string, unknown>, machineCount: number): void {
  const count = events.count;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    throw new ViewDataError(`events.count: expected a whole number >= 0, got ${String(count)}`);
  }
  const perMachine = numberArray(events, 'perMachine', machineCount);
  let sum = 0;
  for (const n of perMachine) sum += n;
  if (sum !== count) {
    throw new ViewDataError(
      `events.perMachine: expected counts that add up to ${count}, got ${sum}`,
    );
  }
  if (typeof events.kinds !== 'string' || events.kinds.length !== count) {
    throw new ViewDataError(`events.kinds: expected a string of ${count} kind digits`);
  }
  for (const name of ['seqDelta', 'timeDeltaUs', 'clockDelta', 'queue']) {
    numberArray(events, name, count);
  }
  let messages = 0;
  const kinds = events.kinds;
  for (let i = 0; i < count; i += 1) {
    const code = kinds.charCodeAt(i) - 48;
    if (code === kindCodes.send || code === kindCodes.receive) messages += 1;
  }
  for (const name of ['msgPeers', 'msgSender', 'msgSeq', 'msgClockDelta']) {
    numberArray(events, name, messages);
  }
  if (!Array.isArray(events.peerTexts) || events.peerTexts.some((t) => typeof t !== 'string')) {
    throw new ViewDataError('events.peerTexts: expected an array of strings');
  }
}
