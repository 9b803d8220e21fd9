/**
 * Goal: `export` behaves as its help promises: it prints one line saying where the output went
 * (the default file or --out) with what is in it, sets exit code 0, refuses a format it does not
 * know or a missing --format as a usage error, and lets an unreadable run's InputError through
 * (the program turns it into one line and exit code 2, like every command).
 * Method: the command is added to a fresh commander program (exitOverride, output captured), the
 * way cli-program.ts adds each command, and run in-process on a real run made with executeRun.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExportCommand } from '../../../../src/cli/commands/export-command.js';
import type { CliIo } from '../../../../src/cli/io.js';
import { InputError } from '../../../../src/common/errors.js';
import { executeRun } from '../../../../src/run/virtual-run.js';
import { loadScenario } from '../../../../src/scenario/load.js';
import { resolveScenario } from '../../../../src/scenario/resolve.js';

let workDir: string;
let runDir: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-export-command-'));
  runDir = join(workDir, 'run');
  const loaded = loadScenario('trial4', { values: { durationSec: 20 }, flags: {} });
  await executeRun({ scenario: resolveScenario(loaded, 1004), outDir: runDir, force: false });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Outcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly error: unknown;
}

async function exportCli(...args: string[]): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  let exitCode: number | null = null;
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    nowMs: () => 0,
    randomSeed: () => 1,
    onInterrupt: () => () => {},
  };
  const program = new Command('lamport-lab').exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  addExportCommand(program, io, (code) => {
    exitCode = code;
  });
  let error: unknown = null;
  try {
    await program.parseAsync(['export', ...args], { from: 'user' });
  } catch (caught) {
    error = caught;
  }
  return { stdout, stderr, exitCode, error };
}

describe('lamport-lab export', () => {
  it('writes the default file and prints one line saying where', async () => {
    const outcome = await exportCli(runDir, '--format', 'shiviz');
    expect(outcome.error).toBeNull();
    expect(outcome.exitCode).toBe(0);
    const path = join(runDir, 'run.shiviz.log');
    const bytes = statSync(path).size;
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as {
      events: number;
      messages: { received: number };
    };
    const { events, messages } = manifest;
    expect(outcome.stdout).toBe(
      `exported ${events} events and ${messages.received} messages of 3 machines to ${path} (${bytes} bytes, ShiViz log; upload it at https://distributedclocks.github.io/shiviz/)\n`,
    );
  });

  it('writes to --out when given', async () => {
    const out = join(workDir, 'trace.json');
    const outcome = await exportCli(runDir, '--format', 'perfetto', '--out', out);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stdout).toContain(` to ${out} (`);
    expect(outcome.stdout).toContain('https://ui.perfetto.dev');
    expect(statSync(out).size).toBeGreaterThan(0);
  });

  it('refuses an unknown format and a missing --format as usage errors', async () => {
    const unknown = await exportCli(runDir, '--format', 'svg');
    expect(unknown.error).toBeInstanceOf(CommanderError);
    expect(unknown.stderr).toContain('Allowed choices are shiviz, perfetto');
    const missing = await exportCli(runDir);
    expect(missing.error).toBeInstanceOf(CommanderError);
    expect(missing.stderr).toContain("required option '--format <format>' not specified");
  });

  it('lets an unreadable run directory through as one InputError line', async () => {
    const outcome = await exportCli(join(workDir, 'missing'), '--format', 'perfetto');
    expect(outcome.error).toBeInstanceOf(InputError);
    expect((outcome.error as InputError).message).toBe(
      `${join(workDir, 'missing')}: no such run directory`,
    );
    expect(outcome.stdout).toBe('');
  });
});
