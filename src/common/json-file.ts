/**
 * Reading a JSON file the user gave us (a manifest, a baseline, a report): a file that cannot be
 * read or parsed is bad input, reported in one line naming it. JSON.parse quotes part of the file in
 * its message, newlines included, so the message is folded onto one line.
 */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

export function readJsonFile(path: string, label: string = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError(
      `${label}: ${code === 'ENOENT' ? 'no such file' : `cannot read it (${code})`}`,
    );
  }
  return parseJsonText(text, label);
}

/** The JSON in a file's text; invalid JSON is bad input, in one line naming `label`. */
export function parseJsonText(text: string, label: string): unknown {
  // Some editors begin a UTF-8 file with a byte order mark, which JSON.parse took for an
  // invisible bad token ("Unexpected token '\uFEFF'").
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new InputError(
      `${label}: invalid JSON: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`,
    );
  }
}
