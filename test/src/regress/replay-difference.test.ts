/**
 * `replay --verify` (and `run --check-determinism`) name the first difference between two runs'
 * files. What differs must be visible in what is printed: a missing final newline, a carriage
 * return, a blank line or a missing file used to print as "(no line)" against an empty row, or as
 * two equal-looking rows.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../../src/regress/replay.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-replay-difference-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

let pairs = 0;
/** Two directories holding one log each (no manifest: every machine-<id>.csv is compared). */
function pair(original: string | null, replayed: string | null): [string, string] {
  pairs += 1;
  const dirs = ['a', 'b'].map((side) => join(workDir, `pair${pairs}`, side)) as [string, string];
  [original, replayed].forEach((text, index) => {
    mkdirSync(dirs[index] as string, { recursive: true });
    if (text !== null) writeFileSync(join(dirs[index] as string, 'machine-0.csv'), text);
  });
  return dirs;
}

describe('firstDifference', () => {
  it('says which side ends without a newline, at the last line', () => {
    expect(firstDifference(...pair('a\nb', 'a\nb\n'))).toEqual({
      file: 'machine-0.csv',
      line: 2,
      original: '(ends without a newline)',
      replayed: '(ends with a newline)',
    });
    expect(firstDifference(...pair('a\nb\n', 'a\nb\n'))).toBeNull();
  });

  it('quotes lines that print alike', () => {
    expect(firstDifference(...pair('a\nb\r\n', 'a\nb\n'))).toMatchObject({
      line: 2,
      original: '"b\\r"',
      replayed: '"b"',
    });
    expect(firstDifference(...pair('x\n', 'x\n\n'))).toMatchObject({
      line: 2,
      original: null,
      replayed: '""',
    });
  });

  it('says when a file is missing', () => {
    expect(firstDifference(...pair(null, 'a\n'))).toMatchObject({
      line: 1,
      original: '(no file)',
      replayed: 'a',
    });
  });
});

describe('replay --verify', () => {
  it('says the original manifest ends without a newline', async () => {
    const run = await runCliInProcess(workDir, [
      'run',
      'trial1',
      '--duration',
      '2',
      '--out',
      'r',
      '--quiet',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const manifest = join(workDir, 'r', 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').trimEnd());
    const result = await runCliInProcess(workDir, ['replay', 'r', '--verify']);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /DIFFERENT: r\/manifest\.json:\d+\n {2}original: \(ends without a newline\)\n {2}replayed: \(ends with a newline\)\n/,
    );
  });
});
