/**
 * A harness run against `run`'s of the same scenario and seed: every file `run` wrote is in the
 * harness's directory byte for byte, and its ownership record entry for entry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Every file `run` wrote, byte for byte in the harness's run; the record, entry for entry. */
export function expectSameRun(runDir: string, harnessDir: string): void {
  const names = readdirSync(runDir).filter((name) => name !== '.lamport-lab.json');
  expect(names).toContain('manifest.json');
  for (const name of names) {
    expect(readFileSync(join(harnessDir, name)), name).toEqual(readFileSync(join(runDir, name)));
  }
  const record = (dir: string) =>
    JSON.parse(readFileSync(join(dir, '.lamport-lab.json'), 'utf8')).files as Record<
      string,
      unknown
    >;
  const harnessRecord = record(harnessDir);
  for (const [file, entry] of Object.entries(record(runDir))) {
    expect(harnessRecord[file], file).toEqual(entry);
  }
}
