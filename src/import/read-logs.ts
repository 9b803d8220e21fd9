/**
 * Every source file read with one spec: the events, the lines it could not read (with why), and
 * per file what was read, skipped and left unread. A file that names no machine the spec can
 * find is refused when the user named it, and passed over when it was found in a directory.
 */
import { InputError } from '../common/errors.js';
import type { FormatSpec } from './format-spec.js';
import { readRecords } from './line-records.js';
import { EventReader, idsOf, keyOf, type SourceEvent } from './source-event.js';
import type { SourceFile } from './source-files.js';

export interface UnreadLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

export interface FileTally {
  readonly file: SourceFile;
  readonly read: number;
  readonly skipped: number;
  readonly unread: number;
}

export interface ReadLogs {
  readonly events: readonly SourceEvent[];
  readonly unread: readonly UnreadLine[];
  readonly tallies: readonly FileTally[];
  /** Files found in a directory whose names the spec's machine pattern does not match. */
  readonly passedOver: readonly string[];
}

export function readLogs(files: readonly SourceFile[], spec: FormatSpec): ReadLogs {
  const reader = new EventReader(spec);
  const events: SourceEvent[] = [];
  const unread: UnreadLine[] = [];
  const tallies: FileTally[] = [];
  const passedOver: string[] = [];
  for (const file of files) {
    const fileKey = machineKeyOfFile(file, spec);
    if (fileKey === 'no match') {
      if (!file.fromDirectory) throw fileNameRefusal(file, spec);
      passedOver.push(file.path);
      continue;
    }
    const records = readRecords(file, spec);
    let read = 0;
    let missed = 0;
    for (const outcome of records.outcomes) {
      const source = { file: file.path, line: outcome.line };
      const result =
        outcome.kind === 'record'
          ? reader.read(outcome.values, source, fileKey)
          : { ok: false as const, why: outcome.why };
      if (result.ok) {
        events.push(result.event);
        read += 1;
      } else {
        const text = file.lines[outcome.line - 1] ?? '';
        unread.push({ file: file.path, line: outcome.line, text, why: result.why });
        missed += 1;
      }
    }
    tallies.push({ file, read, skipped: records.skipped, unread: missed });
  }
  return { events, unread, tallies, passedOver };
}

/** The machine a file's name gives (null: the lines name it), or 'no match'. */
function machineKeyOfFile(file: SourceFile, spec: FormatSpec): number | null | 'no match' {
  const machine = spec.machine;
  if (machine.from === 'field') return null;
  const pattern = new RegExp(machine.pattern ?? '(\\d+)\\D*$', 'u');
  const match = pattern.exec(file.name);
  if (match === null) return 'no match';
  const text = match.groups?.machine ?? match[1] ?? match[0];
  return keyOf(text, machine.from === 'port' ? 'port' : idsOf(spec)) ?? 'no match';
}

function fileNameRefusal(file: SourceFile, spec: FormatSpec): InputError {
  const pattern = spec.machine.from === 'field' ? '' : (spec.machine.pattern ?? '(\\d+)\\D*$');
  return new InputError(
    `${file.path}: expected a file name that gives the machine (${spec.machine.from} pattern /${pattern}/), got ${JSON.stringify(file.name)}`,
  );
}
