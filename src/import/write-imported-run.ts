/**
 * Writes an imported run: the directory prepared as `run` prepares its own (new or empty, or
 * with --force only lamport-lab's files replaced), then each machine's log, where each row came
 * from, the findings and the manifest, which lists the logs with their sha256 like any run's.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { logFileName, manifestFileName } from '../logs/format.js';
import {
  csvField,
  importFindingsFileName,
  importFindingsHeader,
  importSourcesFileName,
  importSourcesHeader,
} from '../logs/import-files.js';
import { prepareOutDir } from '../logs/out-dir.js';
import { writeOwnedFile } from '../logs/owned-files.js';
import type { FormatSpec } from './format-spec.js';
import { importedManifest } from './imported-manifest.js';
import type { PlacedRows } from './place-rows.js';
import type { MachineRate } from './rates.js';
import type { FileTally, UnreadLine } from './read-logs.js';
import type { RunRows } from './run-rows.js';

export interface ImportedRunFiles {
  readonly outDir: string;
  readonly force: boolean;
  readonly files: readonly string[];
  readonly placed: PlacedRows;
  readonly written: RunRows;
  readonly unread: readonly UnreadLine[];
  readonly manifest: {
    readonly formatName: string;
    readonly spec: FormatSpec;
    readonly toleranceMs: number;
    readonly rates: readonly MachineRate[];
    readonly tallies: readonly FileTally[];
  };
}

export function writeImportedRun(run: ImportedRunFiles): void {
  const { outDir, placed, written } = run;
  prepareOutDir(outDir, run.force, run.files);
  const logs = written.logs.map((text, id) => {
    const file = logFileName(id);
    writeOwnedFile(join(outDir, file), text);
    const bytes = Buffer.byteLength(text, 'utf8');
    const rows = (placed.rows[id] ?? []).length;
    return { file, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), bytes, rows };
  });
  writeOwnedFile(join(outDir, importSourcesFileName), sourcesText(placed));
  writeOwnedFile(join(outDir, importFindingsFileName), findingsText(run));
  const manifest = importedManifest({
    ...run.manifest,
    rows: placed.rows,
    keys: placed.keys,
    runRows: written,
    logs,
    originUs: placed.originUs,
  });
  writeOwnedFile(join(outDir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
}

function sourcesText(placed: PlacedRows): string {
  let text = `${importSourcesHeader}\n`;
  for (const rows of placed.rows) {
    for (const row of rows)
      text += `${row.machine},${row.seq},${csvField(row.source.file)},${row.source.line}\n`;
  }
  return text;
}

/** Unread lines first (in file order), then what the matching found. */
function findingsText(run: ImportedRunFiles): string {
  let text = `${importFindingsHeader}\n`;
  for (const line of run.unread) {
    text += `unread-line,${csvField(`${line.file}:${line.line}`)},${csvField(line.why)}\n`;
  }
  for (const finding of run.written.findings) {
    text += `${finding.kind},${csvField(finding.where)},${csvField(finding.message)}\n`;
  }
  return text;
}
