/**
 * The files an import reads: the paths given, a directory standing for the files in it (sorted,
 * hidden ones left out), each read whole with its sha256 and lines. Logs of this exercise are
 * small enough to hold; reading them whole lets a JSON array be parsed in one go.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeSystemError, InputError } from '../common/errors.js';

export interface SourceFile {
  /** The path as the user gave it (or joined under the directory they gave): how findings name it. */
  readonly path: string;
  readonly name: string;
  readonly text: string;
  /** The lines without their line ends; lines[0] is line 1. */
  readonly lines: readonly string[];
  readonly sha256: string;
  readonly bytes: number;
  /** Found in a directory the user gave (not named one by one): a file the spec cannot place is passed over. */
  readonly fromDirectory: boolean;
}

/** Every file the inputs name, in a stable order: as given, a directory's files by name. */
export function readSourceFiles(inputs: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    for (const { path, fromDirectory } of expand(input)) {
      if (seen.has(path)) continue;
      seen.add(path);
      files.push(readSource(path, fromDirectory));
    }
  }
  if (files.length === 0) {
    throw new InputError(`${inputs.join(' ')}: expected log files, got an empty directory`);
  }
  return files;
}

function expand(input: string): { path: string; fromDirectory: boolean }[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(input).isDirectory();
  } catch (error) {
    throw new InputError(`${input}: cannot read it: ${describeSystemError(error)}`);
  }
  if (!isDirectory) return [{ path: input, fromDirectory: false }];
  return readdirSync(input)
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => join(input, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, fromDirectory: true }));
}

function readSource(path: string, fromDirectory: boolean): SourceFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(`${path}: cannot read it: ${describeSystemError(error)}`);
  }
  const raw = bytes.toString('utf8');
  // An editor's byte order mark is no part of the first line's first field.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  // The newline that ends the last line starts no line of its own.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return {
    path,
    name: basename(path),
    text,
    lines,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    fromDirectory,
  };
}
