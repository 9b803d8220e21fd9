/**
 * Goal: every command that writes a run directory (run: test/src/cli/commands/run-action.test.ts;
 * here replay, harness and import) says, after an internal error that stopped it half way, that
 * the directory is incomplete and how to replace it; and the same command with --force then
 * replaces it.
 * Method: the CLI program in this process with a bug planted by vi.doMock in a dependency that
 * runs after the first file was written (as exit-codes.process.test.ts plants them). A process:
 * the harness starts its implementation (scenarios/implementations/correct.mjs) once per machine.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const correctImplementation = join(packageRoot, 'scenarios', 'implementations', 'correct.mjs');

const workDir = mkdtempSync(join(tmpdir(), 'lamport-unfinished-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function lab(args: readonly string[]): Promise<Outcome> {
  const { runCli } = await import('../../../src/cli/program.js');
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    nowMs: () => 0,
    randomSeed: () => 1,
    onInterrupt: () => () => {},
  });
  return { status, stdout, stderr };
}

const planted: string[] = [];

/** The next commands fail as a bug would: `exportName` of `modulePath` throws. */
function plantBug(modulePath: string, exportName: string): void {
  vi.resetModules();
  planted.push(modulePath);
  vi.doMock(modulePath, async (importOriginal) => {
    const original = await importOriginal<Record<string, unknown>>();
    expect(typeof original[exportName]).toBe('function');
    const { InvariantError } = await import('../../../core/assert.js');
    return {
      ...original,
      [exportName]: () => {
        throw new InvariantError('planted by unfinished-output-guard.process.test.ts');
      },
    };
  });
}

function removeBugs(): void {
  for (const modulePath of planted.splice(0)) vi.doUnmock(modulePath);
  vi.resetModules();
}

afterEach(removeBugs);

const run = join(workDir, 'run');

beforeAll(async () => {
  const made = await lab(['run', 'trial4', '--duration', '5', '--out', run, '--quiet']);
  expect(made.status, made.stderr).toBe(0);
});

/**
 * `args` (writing `out`) with the bug planted: exit 3, the bug's stack, then the line that names
 * `out` as incomplete; then `args --force` replaces it.
 */
async function expectIncompleteThenReplaced(
  args: readonly string[],
  out: string,
  bug: { modulePath: string; exportName: string },
  after: readonly string[] = [],
): Promise<void> {
  plantBug(bug.modulePath, bug.exportName);
  const failed = await lab([...args, ...after]);
  removeBugs();
  expect(failed.status, failed.stderr).toBe(3);
  expect(failed.stderr).toMatch(/^lamport-lab: internal error \(a bug in lamport-lab\):\n/);
  expect(failed.stderr.trimEnd().split('\n').at(-1)).toBe(
    `lamport-lab: ${out}: left incomplete by the internal error above (part of the output, no ` +
      'manifest.json or not every file); remove it, or give the same command again with --force ' +
      'to replace it (--force removes only what lamport-lab wrote there)',
  );
  expect(readdirSync(out).length).toBeGreaterThan(0);
  expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  const replaced = await lab([...args, '--force', ...after]);
  expect(replaced.status, replaced.stderr).toBe(0);
  expect(readdirSync(out)).toContain('manifest.json');
}

const manifestWriter = {
  modulePath: '../../../src/logs/manifest-file.js',
  exportName: 'writeManifest',
};

describe('an internal error half way through writing a run directory', () => {
  it('replay --out', async () => {
    const out = join(workDir, 'replay');
    await expectIncompleteThenReplaced(['replay', run, '--out', out], out, manifestWriter);
  });

  it('harness', async () => {
    const out = join(workDir, 'harness');
    const args = ['harness', '--scenario', 'trial4', '--duration', '2', '--out', out];
    await expectIncompleteThenReplaced(args, out, manifestWriter, [
      '--',
      process.execPath,
      correctImplementation,
    ]);
  });

  it('import', async () => {
    const out = join(workDir, 'import');
    const logs = [0, 1, 2].map((id) => join(run, `machine-${id}.csv`));
    await expectIncompleteThenReplaced(
      ['import', ...logs, '--format', 'lamport-lab', '--out', out],
      out,
      {
        modulePath: '../../../src/import/imported-manifest.js',
        exportName: 'importedManifest',
      },
    );
  });
});
