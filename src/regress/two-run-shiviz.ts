/**
 * When a comparison of two runs fails, both runs in one ShiViz file: ShiViz's multi-execution view
 * then shows them side by side. The file starts with the event regex, then the execution delimiter
 * regex, then each run under a delimiter line.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportRun } from '../export/export-run.js';
import { writeOwnedFile } from '../logs/owned-files.js';

export const executionDelimiterRegex = '=== (?<trace>.*) ===';

export function writeTwoRunShiviz(before: string, after: string, outPath: string): void {
  const workDir = mkdtempSync(join(tmpdir(), 'lamport-two-run-'));
  try {
    const bodyOf = (runDir: string, name: string) => {
      const path = join(workDir, name);
      exportRun(runDir, { format: 'shiviz', outPath: path });
      const lines = readFileSync(path, 'utf8').split('\n');
      return { regex: lines[0] ?? '', events: lines.slice(2).join('\n').trimEnd() };
    };
    const first = bodyOf(before, 'before.log');
    const second = bodyOf(after, 'after.log');
    const text = [
      first.regex,
      executionDelimiterRegex,
      `=== before: ${before} ===`,
      first.events,
      `=== after: ${after} ===`,
      second.events,
      '',
    ].join('\n');
    writeOwnedFile(outPath, text);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
