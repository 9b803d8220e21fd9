/**
 * Events handed in by the caller, checked once for their shape before anything reads them: from
 * plain JavaScript the types do not hold, and a missing field would otherwise surface deep in
 * the checker as a TypeError about `undefined`.
 */
import type { RunEvent } from './events.js';
import { RunSourceError } from './run-source-error.js';

const eventKinds: readonly string[] = ['internal', 'send', 'receive', 'restart'];
const countExpected = 'an integer 0 or more';
const clockExpected = 'an integer';

/** Throws a RunSourceError naming the first bad field (`events[3].to`); else returns the events. */
export function checkedEvents(events: readonly unknown[], name = 'events'): readonly RunEvent[] {
  for (const [index, event] of events.entries()) checkEvent(event, `${name}[${index}]`);
  return events as readonly RunEvent[];
}

function checkEvent(event: unknown, at: string): void {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    refuse(at, 'an event object', event);
  }
  const fields = event as Readonly<Record<string, unknown>>;
  if (typeof fields.kind !== 'string' || !eventKinds.includes(fields.kind)) {
    refuse(`${at}.kind`, `one of ${eventKinds.join(', ')}`, fields.kind);
  }
  for (const name of ['machine', 'seq', 'timeUs', 'queueLength']) {
    if (!isCount(fields[name])) refuse(`${at}.${name}`, countExpected, fields[name]);
  }
  if (!Number.isSafeInteger(fields.clock)) refuse(`${at}.clock`, clockExpected, fields.clock);
  if (fields.kind === 'send' || fields.kind === 'receive') checkMessage(fields, at);
}

function checkMessage(fields: Readonly<Record<string, unknown>>, at: string): void {
  if (fields.kind === 'send') {
    const to = fields.to;
    if (!Array.isArray(to) || !to.every(isCount)) {
      refuse(`${at}.to`, 'an array of machine ids (integers 0 or more)', to);
    }
  } else if (!isCount(fields.from)) {
    refuse(`${at}.from`, 'a machine id (an integer 0 or more)', fields.from);
  }
  if (typeof fields.messageId !== 'string') {
    refuse(`${at}.messageId`, 'a string `<sender>-<seq>`', fields.messageId);
  }
  if (!Number.isSafeInteger(fields.messageClock)) {
    refuse(`${at}.messageClock`, clockExpected, fields.messageClock);
  }
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function refuse(field: string, expected: string, value: unknown): never {
  const received = shown(value);
  throw new RunSourceError(
    `${field}: expected ${expected}, got ${received}`,
    field,
    expected,
    received,
  );
}

/** A value as the message shows it: `nothing`, or its JSON and type (`"0" (string)`). */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = (typeof value === 'object' ? JSON.stringify(value) : String(value)) ?? String(value);
  // An array of a million ids would make a message nobody reads.
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `${short} (${value === null ? 'null' : typeof value})`;
}
