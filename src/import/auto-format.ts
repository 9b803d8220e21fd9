/**
 * `--format auto`: every preset reads the files; the one that reads the most lines (and, of
 * those, leaves the fewest unread) wins, if it reads at least half of the lines it does not
 * skip. Otherwise none fits: the refusal says, per preset, how far it got and its first
 * unreadable lines.
 */
import { InputError } from '../common/errors.js';
import { type Preset, presets } from './presets/index.js';
import { type ReadLogs, readLogs } from './read-logs.js';
import type { SourceFile } from './source-files.js';

export interface AutoChoice {
  readonly preset: Preset;
  readonly read: ReadLogs;
  /** One line per preset tried: how many lines it read. */
  readonly tried: readonly string[];
}

interface Attempt {
  readonly preset: Preset;
  readonly read: ReadLogs | null;
  readonly refusal: string | null;
}

export function chooseFormat(files: readonly SourceFile[]): AutoChoice {
  const attempts = presets().map((preset): Attempt => {
    try {
      return { preset, read: readLogs(files, preset.spec), refusal: null };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { preset, read: null, refusal: error.message };
    }
  });
  let best: { preset: Preset; read: ReadLogs } | null = null;
  for (const { preset, read } of attempts) {
    if (read === null || read.events.length === 0) continue;
    if (read.events.length < read.unread.length) continue;
    const better =
      best === null ||
      read.events.length > best.read.events.length ||
      (read.events.length === best.read.events.length &&
        read.unread.length < best.read.unread.length);
    if (better) best = { preset, read };
  }
  const tried = attempts.map(describeAttempt);
  if (best === null) {
    throw new InputError(
      `--format auto: expected logs one of the presets reads, got none that reads half of their lines (${tried.join('; ')})`,
    );
  }
  return { ...best, tried };
}

/** Unread lines shown per preset: enough to see the shape, one line in all. */
const unreadShownMax = 2;

function describeAttempt({ preset, read, refusal }: Attempt): string {
  if (read === null) return `${preset.name}: ${refusal}`;
  const first = read.unread
    .slice(0, unreadShownMax)
    .map(
      (line) => `${line.file}:${line.line} ${JSON.stringify(line.text.slice(0, 80))} (${line.why})`,
    );
  const firstText = first.length === 0 ? '' : `, first unread ${first.join(', ')}`;
  return `${preset.name}: read ${read.events.length} lines, ${read.unread.length} unread${firstText}`;
}
