/**
 * One record read into an event: its kind, time, clock and the optional fields, with machine
 * ids as the log writes them (a number, or a port) — they become 0..N-1 once every file is read
 * (machine-ids.ts). A record whose values do not fit the spec is an unread line, with why.
 */
import type { FieldName, FormatSpec } from './format-spec.js';
import { valueAt } from './line-records.js';
import { parseTimeUs } from './time-values.js';

export type EventKind = 'send' | 'receive' | 'internal';

/** Where an event was read: a source file (as given) and its line. */
export interface SourceLine {
  readonly file: string;
  readonly line: number;
}

export interface SourceEvent {
  readonly source: SourceLine;
  /** The machine as written (a number or a port); from the file name when the spec says so. */
  readonly machineKey: number;
  readonly kind: EventKind;
  /** µs on the log's own scale (epoch, or since its start); made relative later. */
  readonly timeUs: number;
  readonly clock: number;
  readonly queue: number | null;
  /** A send's receivers as written: keys, every other machine, or not stated. */
  readonly receivers: readonly number[] | 'all' | null;
  readonly senderKey: number | null;
  readonly msgClock: number | null;
  readonly msgId: string | null;
}

export type EventResult =
  | { readonly ok: true; readonly event: SourceEvent }
  | { readonly ok: false; readonly why: string };

/** The first whole number in a text, or (ids by port) the last, `127.0.0.1:8002` -> 8002. */
export function keyOf(text: string, ids: 'number' | 'port'): number | null {
  const numbers = text.match(/\d+/g);
  if (numbers === null) return null;
  const chosen = ids === 'port' ? numbers[numbers.length - 1] : numbers[0];
  const value = Number(chosen);
  return Number.isSafeInteger(value) ? value : null;
}

export function idsOf(spec: FormatSpec): 'number' | 'port' {
  return spec.ids ?? (spec.machine.from === 'port' ? 'port' : 'number');
}

const defaultAllWords = ['all', 'both', 'everyone', 'broadcast', '*'];
const defaultSeparator = '\\s*(?:[,;+&|/]|\\band\\b)\\s*';

/** Reads a record's values as the spec maps them; `fileKey` is the machine from the file name. */
export class EventReader {
  readonly #spec: FormatSpec;
  readonly #ids: 'number' | 'port';
  readonly #kinds: Map<string, EventKind>;
  readonly #derive: readonly (readonly [string, RegExp])[];
  readonly #separator: RegExp;
  readonly #allWords: ReadonlySet<string>;

  constructor(spec: FormatSpec) {
    this.#spec = spec;
    this.#ids = idsOf(spec);
    this.#kinds = new Map();
    for (const kind of ['send', 'receive', 'internal'] as const) {
      for (const word of spec.events[kind]) this.#kinds.set(word.trim().toLowerCase(), kind);
    }
    this.#derive = Object.entries(spec.derive ?? {}).map(([field, pattern]) => [
      field,
      new RegExp(pattern, 'u'),
    ]);
    this.#separator = new RegExp(spec.receivers?.separator ?? defaultSeparator, 'u');
    this.#allWords = new Set(
      (spec.receivers?.all ?? defaultAllWords).map((word) => word.toLowerCase()),
    );
  }

  read(
    raw: Readonly<Record<string, unknown>>,
    source: SourceLine,
    fileKey: number | null,
  ): EventResult {
    const values = this.#derived(raw);
    if (typeof values === 'string') return { ok: false, why: values };
    const field = (name: FieldName): unknown => {
      const from = this.#spec.fields[name];
      return from === undefined ? undefined : valueAt(values, from);
    };
    const kindText = textOf(field('event')).toLowerCase();
    const kind = this.#kinds.get(kindText);
    if (kind === undefined) {
      return {
        ok: false,
        why: `event: expected one of ${[...this.#kinds.keys()].join(', ')}, got ${JSON.stringify(kindText)}`,
      };
    }
    const time = parseTimeUs(field('time'), this.#spec.time.unit, this.#spec.time.date);
    if (!time.ok) return { ok: false, why: `time: ${time.why}` };
    const clock = wholeNumber(field('clock'));
    if (clock === null)
      return {
        ok: false,
        why: `clock: expected a whole number >= 0, got ${JSON.stringify(field('clock'))}`,
      };
    const machineKey = fileKey ?? keyOf(textOf(field('machine')), this.#ids);
    if (machineKey === null)
      return {
        ok: false,
        why: `machine: expected a machine id, got ${JSON.stringify(field('machine'))}`,
      };
    const optional = this.#optional(field, kind);
    if (typeof optional === 'string') return { ok: false, why: optional };
    return { ok: true, event: { source, machineKey, kind, timeUs: time.us, clock, ...optional } };
  }

  /** The record with each derived field's named groups added (a field that does not match fails the line). */
  #derived(raw: Readonly<Record<string, unknown>>): Record<string, unknown> | string {
    if (this.#derive.length === 0) return raw as Record<string, unknown>;
    const values: Record<string, unknown> = { ...raw };
    for (const [name, pattern] of this.#derive) {
      const text = textOf(valueAt(values, name));
      const match = pattern.exec(text);
      if (match === null)
        return `${name}: ${JSON.stringify(text)} does not match ${pattern.source}`;
      Object.assign(values, match.groups);
    }
    return values;
  }

  #optional(
    field: (name: FieldName) => unknown,
    kind: EventKind,
  ): Pick<SourceEvent, 'queue' | 'receivers' | 'senderKey' | 'msgClock' | 'msgId'> | string {
    const queue = optionalNumber(field('queue'));
    if (queue === undefined)
      return `queue: expected a whole number >= 0, got ${JSON.stringify(field('queue'))}`;
    const msgClock = optionalNumber(field('msgClock'));
    if (msgClock === undefined)
      return `msgClock: expected a whole number >= 0, got ${JSON.stringify(field('msgClock'))}`;
    const receivers = kind === 'send' ? this.#receivers(field('receivers')) : null;
    if (typeof receivers === 'string') return receivers;
    const senderText = kind === 'receive' ? textOf(field('sender')) : '';
    const senderKey = senderText === '' ? null : keyOf(senderText, this.#ids);
    if (senderText !== '' && senderKey === null)
      return `sender: expected a machine id, got ${JSON.stringify(senderText)}`;
    const idText = textOf(field('msgId'));
    return { queue, msgClock, receivers, senderKey, msgId: idText === '' ? null : idText };
  }

  #receivers(value: unknown): readonly number[] | 'all' | null | string {
    const pieces = Array.isArray(value) ? value.map(textOf) : textOf(value).split(this.#separator);
    const keys: number[] = [];
    for (const piece of pieces.map((text) => text.trim()).filter((text) => text !== '')) {
      if (this.#allWords.has(piece.toLowerCase())) return 'all';
      const key = keyOf(piece, this.#ids);
      if (key === null)
        return `receivers: expected machine ids or one of ${[...this.#allWords].join(', ')}, got ${JSON.stringify(piece)}`;
      keys.push(key);
    }
    return keys.length === 0 ? null : keys;
  }
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function wholeNumber(value: unknown): number | null {
  const text = textOf(value);
  if (!/^\d+$/.test(text)) return null;
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : null;
}

/** null when absent or empty; undefined when present and not a whole number. */
function optionalNumber(value: unknown): number | null | undefined {
  if (textOf(value) === '') return null;
  return wholeNumber(value) ?? undefined;
}
