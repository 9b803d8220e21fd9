/**
 * Goal: a run that fails with an internal error (exit 3) after it began writing its directory
 * says so: the directory is named, called incomplete, with how to remove or replace it; and
 * `run --out <it> --force` then replaces it (what was written is recorded as lamport-lab's, so
 * the protection of the user's files does not refuse it).
 * Method: the CLI program in this process, with a bug planted by vi.doMock in a dependency of
 * the run (as exit-codes.process.test.ts plants them): no flag or file of the product can make
 * an internal error, on purpose.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-run-action-'));
});

afterEach(() => {
  removeBugs();
  rmSync(cwd, { recursive: true, force: true });
});

interface Outcome {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function lab(args: readonly string[]): Promise<Outcome> {
  const { runCli } = await import('../../../../src/cli/program.js');
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

/** The next commands fail as a bug would: `exportName` of `modulePath` throws. */
function plantBug(modulePath: string, exportName: string): void {
  vi.resetModules();
  planted.push(modulePath);
  vi.doMock(modulePath, async (importOriginal) => {
    const original = await importOriginal<Record<string, unknown>>();
    expect(typeof original[exportName]).toBe('function');
    const { InvariantError } = await import('../../../../core/assert.js');
    return {
      ...original,
      [exportName]: () => {
        throw new InvariantError('planted by run-action.test.ts');
      },
    };
  });
}

const planted: string[] = [];

function removeBugs(): void {
  for (const modulePath of planted.splice(0)) vi.doUnmock(modulePath);
  vi.resetModules();
}

/** The last line of stderr after the stack of the planted bug. */
function lastLine(stderr: string): string {
  return stderr.trimEnd().split('\n').at(-1) ?? '';
}

describe('run: an internal error after the run directory was begun', () => {
  it('names the directory as incomplete, and the command it prints replaces it', async () => {
    const out = join(cwd, 'half');
    // The logs are written, then the manifest's writer fails.
    plantBug('../../../../src/logs/manifest-file.js', 'writeManifest');
    const failed = await lab(['run', 'trial4', '--duration', '5', '--out', out]);
    removeBugs();
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).toMatch(/^lamport-lab: internal error \(a bug in lamport-lab\):\n/);
    expect(failed.stderr).toContain('planted by run-action.test.ts');
    expect(existsSync(join(out, 'machine-0.csv'))).toBe(true);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    const again = `npx lamport-lab run trial4 --seed 1004 --duration 5 --out ${out} --force`;
    expect(lastLine(failed.stderr)).toBe(
      `lamport-lab: ${out}: left incomplete by the internal error above (part of the output, no ` +
        `manifest.json or not every file); remove it, or replace it with: ${again} (--force ` +
        'removes only what lamport-lab wrote there)',
    );
    const replaced = await lab(again.split(' ').slice(2));
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(readdirSync(out)).toContain('manifest.json');
    expect((await lab(['check', out])).status).toBe(0);
  });

  it('says so also when the bug comes while the logs are being written', async () => {
    const out = join(cwd, 'midway');
    // The progress bar's first update, after the first slice of events (2^17) was logged.
    vi.resetModules();
    planted.push('../../../../src/run/progress.js');
    vi.doMock('../../../../src/run/progress.js', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../../../src/run/progress.js')>();
      const { InvariantError } = await import('../../../../core/assert.js');
      class BrokenProgressBar extends original.ProgressBar {
        override update(): void {
          throw new InvariantError('planted by run-action.test.ts');
        }
      }
      return { ...original, ProgressBar: BrokenProgressBar };
    });
    const args = ['run', '--rates', '1000,1000,1000', '--duration', '50', '--out', out];
    const failed = await lab(args);
    removeBugs();
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).toContain('planted by run-action.test.ts');
    expect(readFileSync(join(out, 'machine-0.csv'), 'utf8').length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(lastLine(failed.stderr)).toMatch(new RegExp(`^lamport-lab: ${out}: left incomplete`));
    expect((await lab([...args, '--force'])).status).toBe(0);
  });

  it("says nothing of a directory when the bug came before anything was written: it may be the user's", async () => {
    const out = join(cwd, 'theirs');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    plantBug('../../../../src/logs/out-dir.js', 'checkOutDir');
    const failed = await lab(['run', 'trial4', '--duration', '5', '--out', out, '--force']);
    removeBugs();
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).not.toContain('incomplete');
    expect(lastLine(failed.stderr)).toMatch(/^\s+at /);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  it('a run with --no-logs has no directory to speak of', async () => {
    plantBug('../../../../src/run/virtual-run.js', 'executeRun');
    const failed = await lab(['run', 'trial4', '--duration', '5', '--no-logs']);
    removeBugs();
    expect(failed.status, failed.stderr).toBe(3);
    expect(failed.stderr).not.toContain('incomplete');
  });
});
