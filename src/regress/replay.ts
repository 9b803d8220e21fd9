/**
 * Replay: a virtual run again from its manifest alone (the resolved scenario holds the seed and the
 * rates actually drawn), into a new directory, and a byte-for-byte comparison with the original
 * that names the first differing file, line and both rows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultsFileName } from '../logs/faults-format.js';
import { logFileName } from '../logs/format.js';
import { manifestFileName } from '../logs/manifest.js';
import { readReplayableScenario } from '../logs/replayable-scenario.js';
import { executeRun, type RunHooks } from '../run/virtual-run.js';

/** Replays the run into `outDir`; false when `hooks.shouldStop` stopped it before the end. */
export async function replayRun(
  runDir: string,
  outDir: string,
  force: boolean,
  hooks: RunHooks = {},
): Promise<boolean> {
  const outcome = await executeRun(
    { scenario: readReplayableScenario(runDir), outDir, force },
    hooks,
  );
  return outcome.manifest.completed;
}

export interface ReplayDifference {
  readonly file: string;
  readonly line: number;
  /**
   * Each side at that line, as a reader is shown it: the line's text, or in parentheses what is
   * there instead ("(no file)", "(ends without a newline)"); null when that side has no such line.
   */
  readonly original: string | null;
  readonly replayed: string | null;
}

/** A file as lines, and what split('\n') hides: whether its last line ends with a newline. */
interface FileLines {
  readonly exists: boolean;
  readonly lines: readonly string[];
  readonly endsWithNewline: boolean;
}

function fileLines(path: string): FileLines {
  if (!existsSync(path)) return { exists: false, lines: [], endsWithNewline: false };
  const text = readFileSync(path, 'utf8');
  const endsWithNewline = text.endsWith('\n');
  const lines = text === '' ? [] : (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  return { exists: true, lines, endsWithNewline };
}

/**
 * The two lines as shown: when they print alike (a carriage return, trailing blanks, a tab for
 * spaces), both quoted with their escapes, or "DIFFERENT" would show two equal rows.
 */
function shownLines(original: string, replayed: string): [string, string] {
  const visible = (line: string) => line.replace(/\s+/g, ' ').trim();
  return visible(original) === visible(replayed)
    ? [JSON.stringify(original), JSON.stringify(replayed)]
    : [original, replayed];
}

/** A line the other side lacks: an empty or blank one quoted, so it is seen; none as null. */
function shownAlone(line: string | undefined): string | null {
  if (line === undefined) return null;
  return line.trim() === '' ? JSON.stringify(line) : line;
}

/** Where two versions of one file first differ, saying what differs even when no text does. */
function fileDifference(
  file: string,
  original: FileLines,
  replayed: FileLines,
): ReplayDifference | null {
  if (original.exists !== replayed.exists) {
    return {
      file,
      line: 1,
      original: original.exists ? (shownAlone(original.lines[0]) ?? '(empty file)') : '(no file)',
      replayed: replayed.exists ? (shownAlone(replayed.lines[0]) ?? '(empty file)') : '(no file)',
    };
  }
  const lines = Math.max(original.lines.length, replayed.lines.length);
  for (let index = 0; index < lines; index += 1) {
    const left = original.lines[index];
    const right = replayed.lines[index];
    if (left === right) continue;
    const [shownLeft, shownRight] =
      left === undefined || right === undefined
        ? [shownAlone(left), shownAlone(right)]
        : shownLines(left, right);
    return { file, line: index + 1, original: shownLeft, replayed: shownRight };
  }
  if (original.endsWithNewline === replayed.endsWithNewline) return null;
  const ending = (lines: FileLines) =>
    lines.endsWithNewline ? '(ends with a newline)' : '(ends without a newline)';
  return { file, line: lines, original: ending(original), replayed: ending(replayed) };
}

/**
 * The run's files: its manifest and the logs of the machines it lists. A user's machine-7.csv
 * beside a three-machine run is not one of them (it made `replay --verify` say DIFFERENT).
 * Without a readable manifest, every machine-<id>.csv there.
 */
function runFilesOf(dir: string): string[] {
  let machineCount: number | null = null;
  let faults = false;
  try {
    const manifest = JSON.parse(readFileSync(join(dir, manifestFileName), 'utf8')) as {
      machines?: unknown;
      faults?: unknown;
    };
    if (Array.isArray(manifest.machines)) machineCount = manifest.machines.length;
    // A run with faults has their evidence too, compared like its logs.
    faults = manifest.faults !== undefined;
  } catch {
    // No manifest, or not JSON: the comparison then says where the manifests differ.
  }
  const logs =
    machineCount === null
      ? readdirSync(dir).filter((file) => /^machine-\d+\.csv$/.test(file))
      : Array.from({ length: machineCount }, (_, id) => logFileName(id));
  return [...logs, ...(faults ? [faultsFileName] : []), manifestFileName];
}

/** The first difference between the run files (logs and manifest) of two directories. */
export function firstDifference(originalDir: string, replayDir: string): ReplayDifference | null {
  const files = [...new Set([...runFilesOf(originalDir), ...runFilesOf(replayDir)])].sort();
  for (const file of files) {
    const difference = fileDifference(
      file,
      fileLines(join(originalDir, file)),
      fileLines(join(replayDir, file)),
    );
    if (difference !== null) return difference;
  }
  return null;
}
