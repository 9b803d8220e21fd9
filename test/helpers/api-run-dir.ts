/**
 * Runs made by the CLI for the library's tests, and a run directory read back as the
 * SimulateResult `simulate` returns for it (events from the CSVs, manifest.json and summary.json
 * parsed), so the in-memory paths can be held to what the CLI says of the same files. The rows
 * are read here with their own small parser, not the library's, so a wrong conversion there
 * cannot agree with itself.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { RunEvent } from '../../src/api/events.js';
import type { SimulateResult } from '../../src/api/simulate.js';
import { runCliInProcess } from './cli-process.js';

/** A temporary directory for the file's runs, removed after its tests. */
export function useRunsDir(label: string): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `lamport-${label}-`));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** `lamport-lab run <scenario> --out <root>/<name>` (extra flags after); returns the run dir. */
export async function cliRun(root: string, name: string, args: readonly string[]): Promise<string> {
  const outDir = join(root, name);
  const result = await runCliInProcess(root, ['run', ...args, '--out', outDir]);
  if (result.status !== 0) throw new Error(`run ${args.join(' ')}: ${result.stderr}`);
  return outDir;
}

/** `lamport-lab <command> <dir> --json`, parsed. */
export async function cliJson(command: string, dir: string, ...flags: string[]): Promise<unknown> {
  const result = await runCliInProcess(dir, [command, dir, '--json', ...flags]);
  if (result.status === 2) throw new Error(`${command}: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

function eventOfLine(line: string): RunEvent {
  const [machine, seq, kind, timeMs, clock, queue, peers, msgId, msgClock] = line.split(',');
  const base = {
    machine: Number(machine),
    seq: Number(seq),
    timeUs: Math.round(Number(timeMs) * 1000),
    clock: Number(clock),
    queueLength: Number(queue),
  };
  if (kind === 'send') {
    const to = (peers as string).split(';').map(Number);
    return { ...base, kind, to, messageId: msgId as string, messageClock: Number(msgClock) };
  }
  if (kind === 'receive') {
    const from = Number(peers);
    return { ...base, kind, from, messageId: msgId as string, messageClock: Number(msgClock) };
  }
  if (kind === 'internal' || kind === 'restart') return { ...base, kind };
  throw new Error(`not a row: ${line}`);
}

/** The data lines of machine-<id>.csv (no header). */
export function logLines(dir: string, machine: number): string[] {
  const text = readFileSync(join(dir, `machine-${machine}.csv`), 'latin1');
  return text.split('\n').slice(1, -1);
}

/** Writes machine-<id>.csv back with these data lines. */
export function writeLogLines(dir: string, machine: number, lines: readonly string[]): void {
  const header = readFileSync(join(dir, `machine-${machine}.csv`), 'latin1').split('\n')[0];
  writeFileSync(join(dir, `machine-${machine}.csv`), `${header}\n${lines.join('\n')}\n`, 'latin1');
}

/** The run directory as `simulate` returns a run: what the files hold. */
export function resultOfDir(dir: string): SimulateResult {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const events: RunEvent[] = [];
  for (let machine = 0; machine < manifest.machines.length; machine += 1)
    events.push(...logLines(dir, machine).map(eventOfLine));
  return {
    seed: manifest.scenario.seed,
    events,
    manifest,
    summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')),
  };
}
