/**
 * A per-copy row of faults.csv (drop, duplicate, delay, corrupt) read straight into numbers, when
 * it is written exactly as the simulator writes it (faultRowLine): every number as String()
 * gives it, the detail's keys in their order. Such a line is a valid row, and its numbers and
 * codes give it back character for character, so FaultRowStore keeps it in columns without an
 * object or a string; any other line is for parseFaultRow (which reads it, or names its fault).
 */

/** What a row in columns is: its action, and its drop reason or clamped flag. */
export const codeKept = 0;
export const codeDropLoss = 1;
export const codeDropPartition = 2;
export const codeDropCrash = 3;
export const codeDuplicate = 4;
export const codeDelay = 5;
export const codeCorrupt = 6;
export const codeCorruptClamped = 7;

/** The `fault` column of each code (codeKept: the row is kept whole). */
export const actionOfCode = [
  '',
  'drop',
  'drop',
  'drop',
  'duplicate',
  'delay',
  'corrupt',
  'corrupt',
];

/** The drop reason of each drop code. */
export const reasonOfCode = ['', 'loss', 'partition', 'crash'];

/** One copy row's fields (scratch, filled by readCopyRow). */
export interface CopyRowFields {
  timeMs: number;
  code: number;
  machine: number;
  peer: number;
  seq: number;
  faultIndex: number;
  /** delay: extraMs; corrupt: true. */
  valueA: number;
  /** corrupt: carried. */
  valueB: number;
}

/**
 * Digits at line[from, to) written as String() writes a whole number (no sign, no leading zero),
 * at most 9 of them (so the value fits an Int32Array): the value, or -1.
 */
function digitsAt(line: string, from: number, to: number): number {
  const length = to - from;
  if (length < 1 || length > 9 || (length > 1 && line.charCodeAt(from) === 48)) return -1;
  let value = 0;
  for (let at = from; at < to; at += 1) {
    const digit = line.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A decimal at line[from, to) of at most 12 whole digits and 3 decimals, written as String()
 * writes it (no leading zero, no trailing zero after the point): its value, or -1. Read without
 * a string: most rows' numbers are such (times in ms, clocks), and two strings a number were
 * much of the reading's cost. At most 15 significant digits: String() of the value gives the
 * text back, and one division by a power of ten rounds as Number() of the text does.
 */
function decimalAt(line: string, from: number, to: number): number {
  let whole = 0;
  let at = from;
  for (; at < to && at - from <= 12; at += 1) {
    const digit = line.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  const wholeDigits = at - from;
  if (wholeDigits === 0 || wholeDigits > 12 || (wholeDigits > 1 && line.charCodeAt(from) === 48))
    return -1;
  if (at === to) return whole;
  if (line.charCodeAt(at) !== 46 || to - at - 1 < 1 || to - at - 1 > 3) return -1;
  let scale = 1;
  for (at += 1; at < to; at += 1) {
    const digit = line.charCodeAt(at) - 48;
    if (digit < 0 || digit > 9) return -1;
    whole = whole * 10 + digit;
    scale *= 10;
  }
  return line.charCodeAt(to - 1) === 48 ? -1 : whole / scale;
}

/** The number at line[from, to) when String() gives that text back; else undefined. */
function numberAt(line: string, from: number, to: number): number | undefined {
  const decimal = decimalAt(line, from, to);
  if (decimal >= 0) return decimal;
  const text = line.slice(from, to);
  const value = Number(text);
  return String(value) === text ? value : undefined;
}

/** Whether line[from, to) is `text`. */
function isAt(line: string, from: number, to: number, text: string): boolean {
  return to - from === text.length && line.startsWith(text, from);
}

/** The code of the action at line[from, to) (a drop's is the loss code until its reason). */
function actionAt(line: string, from: number, to: number): number {
  if (isAt(line, from, to, 'drop')) return codeDropLoss;
  if (isAt(line, from, to, 'duplicate')) return codeDuplicate;
  if (isAt(line, from, to, 'delay')) return codeDelay;
  if (isAt(line, from, to, 'corrupt')) return codeCorrupt;
  return codeKept;
}

/**
 * Reads `line` into `out` when it is a per-copy row written as the simulator writes it; false
 * (out then holds nothing of use) for any other line, valid or not.
 */
export function readCopyRow(line: string, out: CopyRowFields): boolean {
  const c1 = line.indexOf(',');
  const c2 = line.indexOf(',', c1 + 1);
  const c3 = line.indexOf(',', c2 + 1);
  const c4 = line.indexOf(',', c3 + 1);
  const c5 = line.indexOf(',', c4 + 1);
  if (c1 < 0 || c2 < 0 || c3 < 0 || c4 < 0 || c5 < 0 || line.indexOf(',', c5 + 1) >= 0)
    return false;
  const timeMs = numberAt(line, 0, c1);
  // Finite and >= 0: what parseFaultRow accepts (String() writes no "-0").
  if (timeMs === undefined || !(timeMs >= 0) || timeMs === Number.POSITIVE_INFINITY) return false;
  const action = actionAt(line, c1 + 1, c2);
  const machine = digitsAt(line, c2 + 1, c3);
  const peer = digitsAt(line, c3 + 1, c4);
  const dash = line.indexOf('-', c4 + 1);
  if (action === codeKept || machine < 0 || peer < 0 || dash < 0 || dash > c5) return false;
  // msg_id is <peer>-<seq>: digits written alike are the same text.
  const seq = digitsAt(line, dash + 1, c5);
  if (digitsAt(line, c4 + 1, dash) !== peer || seq < 0) return false;
  if (!line.startsWith('index=', c5 + 1)) return false;
  const semicolon = line.indexOf(';', c5 + 7);
  const indexEnd = semicolon < 0 ? line.length : semicolon;
  const faultIndex = digitsAt(line, c5 + 7, indexEnd);
  if (faultIndex < 0) return false;
  out.timeMs = timeMs;
  out.machine = machine;
  out.peer = peer;
  out.seq = seq;
  out.faultIndex = faultIndex;
  return readDetailRest(line, indexEnd, action, out);
}

/** The detail after `index=<i>`, from `from`, for a row of `action`: sets out.code and values. */
function readDetailRest(line: string, from: number, action: number, out: CopyRowFields): boolean {
  const end = line.length;
  switch (action) {
    case codeDropLoss: {
      for (let code = codeDropLoss; code <= codeDropCrash; code += 1) {
        if (!isAt(line, from, end, `;reason=${reasonOfCode[code]}`)) continue;
        out.code = code;
        return true;
      }
      return false;
    }
    case codeDuplicate:
      out.code = codeDuplicate;
      return from === end;
    case codeDelay: {
      const extraMs = line.startsWith(';extraMs=', from)
        ? numberAt(line, from + 9, end)
        : undefined;
      if (extraMs === undefined) return false;
      out.code = codeDelay;
      out.valueA = extraMs;
      return true;
    }
    default:
      return readCorruptRest(line, from, out);
  }
}

/** A corrupt row's `;true=T;carried=C` and its optional `;clamped=true`. */
function readCorruptRest(line: string, from: number, out: CopyRowFields): boolean {
  if (!line.startsWith(';true=', from)) return false;
  const trueEnd = line.indexOf(';', from + 6);
  if (trueEnd < 0 || !line.startsWith(';carried=', trueEnd)) return false;
  const clampedAt = line.indexOf(';', trueEnd + 9);
  const carriedEnd = clampedAt < 0 ? line.length : clampedAt;
  const trueClock = numberAt(line, from + 6, trueEnd);
  const carried = numberAt(line, trueEnd + 9, carriedEnd);
  if (trueClock === undefined || carried === undefined) return false;
  if (clampedAt >= 0 && !isAt(line, clampedAt, line.length, ';clamped=true')) return false;
  out.code = clampedAt < 0 ? codeCorrupt : codeCorruptClamped;
  out.valueA = trueClock;
  out.valueB = carried;
  return true;
}
