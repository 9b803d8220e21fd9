/**
 * The files `import` writes beside a run's logs (docs/IMPORT.md): where each row came from
 * (import-sources.csv: machine,seq,source,line), and what the import found
 * (import-findings.csv). `check` reads the first to name a finding by the source line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.js';
import { logFileName } from './format.js';

export const importSourcesFileName = 'import-sources.csv';
export const importFindingsFileName = 'import-findings.csv';
export const importSourcesHeader = 'machine,seq,source,line';
export const importFindingsHeader = 'kind,where,message';

/**
 * `machine-1.csv:57` -> `their/log.txt:123`, for every row of an imported run (the header is
 * line 1, so row seq is line seq + 1). Empty when the file is missing: then rows are named as
 * they are.
 */
export function readRowSources(runDir: string): Map<string, string> {
  const path = join(runDir, importSourcesFileName);
  const sources = new Map<string, string>();
  if (!existsSync(path)) return sources;
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[0] !== importSourcesHeader) {
    throw new InputError(
      `${path}:1: expected the header "${importSourcesHeader}", got ${JSON.stringify(lines[0])}`,
    );
  }
  lines.slice(1).forEach((text, index) => {
    if (text === '') return;
    const match = /^(\d+),(\d+),(.*),(\d+)$/.exec(text);
    if (match === null) {
      throw new InputError(
        `${path}:${index + 2}: expected machine,seq,source,line, got ${JSON.stringify(text)}`,
      );
    }
    const [, machine, seq, source, line] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const file = source.startsWith('"') ? source.slice(1, -1).replaceAll('""', '"') : source;
    sources.set(`${logFileName(Number(machine))}:${Number(seq) + 1}`, `${file}:${line}`);
  });
  return sources;
}

/** A CSV field: quoted when it holds a comma, quote or line end. */
export function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
