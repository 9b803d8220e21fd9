/**
 * A run directory as the tests read it, independently of lamport-lab's own reader: its manifest's
 * figures and its logs' digests, sizes and rows.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { expectRunChecksOk } from './expect-run-checks.js';

export const logHeader =
  'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock';

export interface ManifestLog {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
}

export interface ManifestMachine {
  readonly id: number;
  readonly rateHz: number;
  readonly events: { readonly total: number };
}

export interface ManifestJson {
  readonly mode: string;
  readonly completed: boolean;
  readonly events: number;
  readonly scenario: { readonly seed: number; readonly rates: number[]; readonly name: string };
  readonly machines: ManifestMachine[];
  readonly logs: ManifestLog[];
}

export function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function readManifest(runDir: string): ManifestJson {
  return JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as ManifestJson;
}

/** Every log the manifest lists is on disk with the sha256, size and row count it claims. */
export function expectLogsMatchManifest(runDir: string, manifest: ManifestJson): void {
  expectRunChecksOk(runDir);
  expect(manifest.logs.map((log) => log.file)).toEqual(
    manifest.machines.map((machine) => `machine-${machine.id}.csv`),
  );
  for (const log of manifest.logs) {
    const path = join(runDir, log.file);
    expect(sha256Of(path), log.file).toBe(log.sha256);
    const text = readFileSync(path, 'utf8');
    expect(Buffer.byteLength(text), log.file).toBe(log.bytes);
    expect(text.split('\n')[0], log.file).toBe(logHeader);
    expect(dataRows(text), log.file).toHaveLength(log.rows);
  }
}

export function dataRows(csv: string): string[] {
  const lines = csv.split('\n');
  expect(lines.at(-1)).toBe('');
  return lines.slice(1, -1);
}

/**
 * States in the manifest the logs as they are now (sha256, bytes, rows): for a test that edits a
 * run's logs on purpose and shows them as a run (export, analyze), which refuse logs that are not
 * the ones the manifest describes.
 */
export function restateLogs(runDir: string): void {
  const path = join(runDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    logs: { file: string; sha256: string; bytes: number; rows: number }[];
  };
  for (const log of manifest.logs) {
    const text = readFileSync(join(runDir, log.file), 'utf8');
    log.sha256 = sha256Of(join(runDir, log.file));
    log.bytes = Buffer.byteLength(text);
    log.rows = dataRows(text).length;
  }
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
}
