/**
 * `lamport-lab import`: other programs' logs into a run directory in lamport-lab's own contract
 * (docs/IMPORT.md). Read every file with the spec (a preset, a spec file, or the preset `auto`
 * finds), place the events on machines 0..N-1, match receives to sends, and write the logs,
 * manifest.json, import-sources.csv and import-findings.csv.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../common/errors.js';
import { logFileName } from '../logs/format.js';
import { importFindingsFileName, importSourcesFileName } from '../logs/import-files.js';
import { runFileNames } from '../logs/out-dir.js';
import { chooseFormat } from './auto-format.js';
import { type FormatSpec, readFormatSpec } from './format-spec.js';
import { matchMessages } from './match-messages.js';
import { placeRows } from './place-rows.js';
import { presetNamed } from './presets/index.js';
import { machineRates } from './rates.js';
import { type ReadLogs, readLogs, type UnreadLine } from './read-logs.js';
import type { RunRows } from './run-rows.js';
import { runRows } from './run-rows.js';
import { readSourceFiles, type SourceFile } from './source-files.js';
import { writeImportedRun } from './write-imported-run.js';

export interface ImportOptions {
  readonly inputs: readonly string[];
  /** `auto`, a preset's name, or a spec file (a path ending in .json). */
  readonly format: string;
  readonly outDir: string;
  readonly force: boolean;
  readonly toleranceMs: number;
  readonly ratesHz: readonly number[] | null;
}

export interface ImportResult {
  readonly outDir: string;
  readonly formatName: string;
  /** `--format auto`: what each preset read. */
  readonly tried: readonly string[];
  readonly files: number;
  readonly machines: number;
  readonly events: number;
  readonly skipped: number;
  readonly unread: readonly UnreadLine[];
  readonly passedOver: readonly string[];
  readonly matched: RunRows['matched'];
  readonly findingCounts: Readonly<Record<string, number>>;
}

export function importRun(options: ImportOptions): ImportResult {
  // The run is never written over the logs it reads (a later import would read it as theirs).
  for (const input of options.inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) refuseOutIn(options.outDir, input);
  }
  const files = readSourceFiles(options.inputs);
  const { name, spec, read, tried } = readWithFormat(files, options.format);
  const lineOf = (file: string, line: number): string =>
    files.find((source) => source.path === file)?.lines[line - 1] ?? '';
  if (read.events.length === 0) {
    const first = read.unread[0];
    const why =
      first === undefined
        ? 'no lines besides skipped ones'
        : `first unread ${first.file}:${first.line}: ${first.why}`;
    throw new InputError(`--format ${name}: expected lines it reads, got none (${why})`);
  }
  const placed = placeRows(read.events, lineOf);
  if (placed.rows.length < 2) {
    throw new InputError(
      `${options.inputs.join(' ')}: expected the logs of at least 2 machines (import every machine's log together), got machine ${placed.keys.join(', ')} alone`,
    );
  }
  const unread = [...read.unread, ...placed.unread];
  const matching = matchMessages(placed.rows, Math.round(options.toleranceMs * 1000));
  const written = runRows(placed.rows, matching);
  const rates = machineRates(placed.rows, options.ratesHz);
  writeImportedRun({
    outDir: options.outDir,
    force: options.force,
    files: [...runFileNames(placed.rows.length), importSourcesFileName, importFindingsFileName],
    placed,
    written,
    unread,
    manifest: {
      formatName: name,
      spec,
      toleranceMs: options.toleranceMs,
      rates,
      tallies: read.tallies,
    },
  });
  const findingCounts: Record<string, number> = {};
  for (const finding of written.findings)
    findingCounts[finding.kind] = (findingCounts[finding.kind] ?? 0) + 1;
  if (unread.length > 0) findingCounts['unread-line'] = unread.length;
  return {
    outDir: options.outDir,
    formatName: name,
    tried,
    files: read.tallies.length,
    machines: placed.rows.length,
    events: placed.rows.reduce((total, rows) => total + rows.length, 0),
    skipped: read.tallies.reduce((total, tally) => total + tally.skipped, 0),
    unread,
    passedOver: read.passedOver,
    matched: written.matched,
    findingCounts,
  };
}

function refuseOutIn(outDir: string, inputDir: string): void {
  const canonical = (path: string): string =>
    existsSync(path) ? realpathSync(path) : resolve(path);
  if (canonical(outDir) === canonical(inputDir)) {
    throw new InputError(
      `--out ${outDir}: expected a directory other than the logs it reads (${inputDir})`,
    );
  }
}

function readWithFormat(
  files: readonly SourceFile[],
  format: string,
): { name: string; spec: FormatSpec; read: ReadLogs; tried: readonly string[] } {
  if (format === 'auto') {
    const choice = chooseFormat(files);
    return {
      name: choice.preset.name,
      spec: choice.preset.spec,
      read: choice.read,
      tried: choice.tried,
    };
  }
  const isFile = format.endsWith('.json') || format.includes('/');
  const preset = isFile ? { name: format, spec: readFormatSpec(format) } : presetNamed(format);
  return { name: preset.name, spec: preset.spec, read: readLogs(files, preset.spec), tried: [] };
}

export function importedLogPath(outDir: string, machine: number): string {
  return join(outDir, logFileName(machine));
}
