/**
 * The built CLI is a bundle (scripts/bundle.mjs): an internal error's stack must still name the
 * source files and lines, not chunks of dist/. The BUILT CLI is spawned with a preload that makes
 * its first write to stdout throw a plain Error, which only a bug would do; the report of that
 * error is read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceMappedStack } from '../../../src/cli/source-mapped-stack.js';
import { packageRoot } from '../../../src/common/paths.js';

const cliPath = join(packageRoot, 'dist', 'src', 'cli.js');
const scratch = mkdtempSync(join(tmpdir(), 'lamport-stack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('an internal error of the built CLI', () => {
  it('is reported with frames in src/, not in the bundle', () => {
    const preload = join(scratch, 'planted-bug.mjs');
    writeFileSync(
      preload,
      `const write = process.stdout.write.bind(process.stdout);
let thrown = false;
process.stdout.write = (...args) => {
  if (thrown) return write(...args);
  thrown = true;
  throw new Error('planted bug');
};
`,
    );
    const result = spawnSync(process.execPath, ['--import', preload, cliPath, 'scenarios'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    expect(result.stderr).toMatch(/^lamport-lab: internal error:\nError: planted bug\n/);
    const frames = result.stderr.split('\n').filter((line) => line.trimStart().startsWith('at '));
    // The command that wrote, and the entry's own writer, by their source files and lines.
    expect(
      frames.some((frame) => /\/src\/cli\/commands\/scenarios-command\.ts:\d+:\d+/.test(frame)),
    ).toBe(true);
    expect(frames.some((frame) => /\/src\/cli\.ts:\d+:\d+/.test(frame))).toBe(true);
    expect(frames.filter((frame) => frame.includes('/dist/'))).toEqual([]);
  });
});

describe('sourceMappedStack', () => {
  it('leaves frames it has no map for as they are', () => {
    const stack = [
      'Error: x',
      '    at f (node:internal/process/task_queues:95:5)',
      `    at g (file://${scratch}/no-map-here.js:3:7)`,
      '    at h (/an/absolute/path.ts:1:1)',
    ].join('\n');
    expect(sourceMappedStack(stack)).toBe(stack);
  });
});
