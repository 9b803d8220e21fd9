/**
 * A source file's lines as records of named values: CSV cells under their column names, a
 * regex's named groups, or a JSON object (read later by dotted paths). A line the spec cannot
 * read is kept with the reason, for the exit code and the list of unread lines.
 */
import { assertNever } from '../../core/index.js';
import type { FormatSpec } from './format-spec.js';
import type { SourceFile } from './source-files.js';

export type LineOutcome =
  | {
      readonly kind: 'record';
      readonly line: number;
      readonly values: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'unread'; readonly line: number; readonly text: string; readonly why: string };

/** What one file holds: its records and unread lines in line order, and the lines skipped. */
export interface FileRecords {
  readonly outcomes: readonly LineOutcome[];
  readonly skipped: number;
}

export function readRecords(file: SourceFile, spec: FormatSpec): FileRecords {
  const skips = (spec.skip ?? []).map((pattern) => new RegExp(pattern, 'u'));
  const isSkipped = (text: string): boolean =>
    text.trim() === '' || skips.some((skip) => skip.test(text));
  switch (spec.kind) {
    case 'csv':
      return csvRecords(file, spec, isSkipped);
    case 'regex':
      return regexRecords(file, new RegExp(spec.pattern, 'u'), isSkipped);
    case 'json':
      return file.text.trimStart().startsWith('[')
        ? jsonArrayRecords(file)
        : jsonLineRecords(file, isSkipped);
    default:
      return assertNever(spec, 'spec kind');
  }
}

/**
 * Each line that `isSkipped` does not skip, made an outcome by `outcomeOf` (which may skip it
 * too: a CSV's header), with the count skipped.
 */
function eachLine(
  file: SourceFile,
  isSkipped: (text: string) => boolean,
  outcomeOf: (text: string, line: number) => LineOutcome | 'skip',
): FileRecords {
  const outcomes: LineOutcome[] = [];
  let skipped = 0;
  file.lines.forEach((text, index) => {
    const outcome = isSkipped(text) ? 'skip' : outcomeOf(text, index + 1);
    if (outcome === 'skip') skipped += 1;
    else outcomes.push(outcome);
  });
  return { outcomes, skipped };
}

function regexRecords(
  file: SourceFile,
  pattern: RegExp,
  isSkipped: (text: string) => boolean,
): FileRecords {
  return eachLine(file, isSkipped, (text, line) => {
    const match = pattern.exec(text);
    if (match === null) return { kind: 'unread', line, text, why: 'does not match the pattern' };
    return { kind: 'record', line, values: { ...match.groups } };
  });
}

function csvRecords(
  file: SourceFile,
  spec: Extract<FormatSpec, { kind: 'csv' }>,
  isSkipped: (text: string) => boolean,
): FileRecords {
  const delimiter = spec.delimiter ?? ',';
  let columns = spec.header === true ? null : (spec.columns ?? []);
  return eachLine(file, isSkipped, (text, line) => {
    const cells = splitCsvLine(text, delimiter);
    if (columns === null) {
      // The header names the columns (its line is read, not skipped: it is part of the format).
      columns = cells.map((cell) => cell.trim());
      return 'skip';
    }
    if (cells.length !== columns.length) {
      const why = `expected ${columns.length} columns, got ${cells.length}`;
      return { kind: 'unread', line, text, why };
    }
    const values: Record<string, unknown> = {};
    columns.forEach((column, at) => {
      if (column !== '') values[column] = (cells[at] as string).trim();
    });
    return { kind: 'record', line, values };
  });
}

/** Cells of one CSV line: the delimiter splits, except inside double quotes ("" is a quote). */
export function splitCsvLine(text: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

function jsonLineRecords(file: SourceFile, isSkipped: (text: string) => boolean): FileRecords {
  return eachLine(file, isSkipped, jsonOutcome);
}

function jsonOutcome(text: string, line: number): LineOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unread', line, text, why: 'not a JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'unread', line, text, why: 'not a JSON object' };
  }
  return { kind: 'record', line, values: value as Record<string, unknown> };
}

/** A JSON array of objects: each element is a record, at the line where it starts. */
function jsonArrayRecords(file: SourceFile): FileRecords {
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch (error) {
    const why = `not a JSON array: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`;
    return { outcomes: [{ kind: 'unread', line: 1, text: file.lines[0] ?? '', why }], skipped: 0 };
  }
  if (!Array.isArray(parsed)) {
    return {
      outcomes: [{ kind: 'unread', line: 1, text: file.lines[0] ?? '', why: 'not a JSON array' }],
      skipped: 0,
    };
  }
  const starts = elementStartLines(file.text);
  const outcomes = parsed.map((element: unknown, index): LineOutcome => {
    const line = starts[index] ?? 1;
    if (typeof element === 'object' && element !== null && !Array.isArray(element)) {
      return { kind: 'record', line, values: element as Record<string, unknown> };
    }
    return { kind: 'unread', line, text: JSON.stringify(element), why: 'not a JSON object' };
  });
  return { outcomes, skipped: 0 };
}

/** The line on which each element of a top-level JSON array begins (text known to parse). */
function elementStartLines(text: string): number[] {
  const starts: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectingValue = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char === '\n') line += 1;
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (depth === 1 && expectingValue && char !== ']') {
      starts.push(line);
      expectingValue = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expectingValue = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expectingValue = true;
  }
  return starts;
}

/** A record's value by name: the key itself, or a dotted path into nested objects. */
export function valueAt(values: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in values) return values[name];
  let current: unknown = values;
  for (const key of name.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
