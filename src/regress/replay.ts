/**
 * Replay: a virtual run again from its manifest alone (the resolved scenario holds the seed and the
 * rates actually drawn), into a new directory, and a byte-for-byte comparison with the original
 * that names the first differing file, line and both rows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readRunFiles } from '../logs/run-manifest.js';
import { InputError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { logFileName } from '../logs/format.js';
import { manifestFileName } from '../logs/manifest.js';
import { executeRun, type RunHooks } from '../run/virtual-run.js';
import type { ResolvedScenario } from '../scenario/resolve.js';
import { latencySchema, rateDistributionSchema, scenarioSchema } from '../scenario/schema.js';
import { expectedAndGot, formatIssuePath } from '../common/zod-issue.js';

/**
 * The scenario's fields with the scenario loader's own limits and words: a manifest edited to
 * 100 000 000 machines used to reach the simulator and end in V8's out-of-memory abort.
 */
const scenarioField = scenarioSchema.shape;

const replayableSchema = z.object({
  mode: z.string(),
  completed: z.boolean(),
  scenario: z.object({
    name: z.string(),
    description: z.string(),
    source: z.string(),
    seed: scenarioField.seed.unwrap(),
    machines: scenarioField.machines.unwrap(),
    rates: scenarioField.rates.unwrap(),
    // A distribution has a kind; a range is the older {min, max}, as earlier manifests hold it.
    ratesDrawnFrom: z
      .union([rateDistributionSchema, z.object({ min: z.number(), max: z.number() })])
      .nullable(),
    internalProbability: scenarioField.internalProbability.unwrap(),
    durationSec: scenarioField.durationSec.unwrap(),
    latency: latencySchema,
    fifo: scenarioField.fifo.unwrap(),
  }),
});

/**
 * The run's mode, as its manifest says ('virtual' or 'tcp'). Hand-started machines leave no
 * manifest.json: their reports (machine-<id>.json) make a TCP run's, as `check` assembles it.
 */
export function runMode(runDir: string): string {
  const path = join(runDir, manifestFileName);
  if (!existsSync(path)) {
    if (!existsSync(runDir))
      throw new InputError(`${path}: no such manifest; expected a run directory`);
    if (readRunFiles(runDir).assembled) return 'tcp';
    throw new InputError(
      `${runDir}: expected manifest.json or every machine's report (machine-<id>.json of hand-started machines), got logs alone: nothing records the seed to replay them with`,
    );
  }
  return String((readJsonFile(path) as { mode?: unknown } | null)?.mode);
}

/**
 * The resolved scenario of a run that can be replayed: a complete virtual run, or (for the
 * re-execution of replay-tcp.ts) any TCP run, complete or not, since its logs say what happened.
 */
export function readReplayableScenario(
  runDir: string,
  options: { allowTcp?: boolean } = {},
): ResolvedScenario {
  const path = join(runDir, manifestFileName);
  if (!existsSync(path))
    throw new InputError(`${path}: no such manifest; expected a run directory`);
  const value = readJsonFile(path);
  const parsed = replayableSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue === undefined ? '(top)' : formatIssuePath(issue.path) || '(top)';
    // The scenario's own checks say what they expected; zod's plain ones ("Invalid input") don't.
    const words =
      issue === undefined
        ? 'expected a field of a manifest lamport-lab wrote, got nothing'
        : expectedAndGot(issue, () => 'expected a field of a manifest lamport-lab wrote');
    throw new InputError(`${path}: ${field}: ${words}`);
  }
  const manifest = parsed.data;
  if (manifest.scenario.rates.length !== manifest.scenario.machines) {
    throw new InputError(
      `${path}: scenario.rates: expected ${manifest.scenario.machines} rates, one per machine, got ${manifest.scenario.rates.length}`,
    );
  }
  if (options.allowTcp === true && manifest.mode === 'tcp') return manifest.scenario;
  if (manifest.mode !== 'virtual') {
    throw new InputError(`${path}: mode: expected "virtual" or "tcp", got "${manifest.mode}"`);
  }
  if (!manifest.completed) {
    throw new InputError(
      `${path}: completed: expected a run that ran its whole duration, got one stopped early`,
    );
  }
  return manifest.scenario;
}

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
  try {
    const manifest = JSON.parse(readFileSync(join(dir, manifestFileName), 'utf8')) as {
      machines?: unknown;
    };
    if (Array.isArray(manifest.machines)) machineCount = manifest.machines.length;
  } catch {
    // No manifest, or not JSON: the comparison then says where the manifests differ.
  }
  const logs =
    machineCount === null
      ? readdirSync(dir).filter((file) => /^machine-\d+\.csv$/.test(file))
      : Array.from({ length: machineCount }, (_, id) => logFileName(id));
  return [...logs, manifestFileName];
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
