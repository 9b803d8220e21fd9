/**
 * Goal (issue 22's "done means"): for every bundled scenario, at a fixed seed, the library makes
 * what `lamport-lab run <name> --seed S --out D` makes:
 * (a) writeRun's directory equals the CLI's, file by file, byte for byte (lamport-lab's record of
 *     its files included);
 * (b) simulate's events are the rows of the CLI's machine-N.csv (parsed back, machine by
 *     machine, in order), and its summary and manifest are summary.json and manifest.json parsed.
 * Method: the CLI in this process (runCliInProcess) writes one directory, writeRun another.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledScenario,
  bundledScenarioNames,
  type RunEvent,
  simulate,
  writeRun,
} from '../../../src/api/index.js';
import { fileHashes, runCliInProcess } from '../../helpers/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-api-same-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const seed = 20_221;
const names = bundledScenarioNames();

/** `333.25` ms as 333250 µs, exactly (the log's times have at most 3 decimals). */
function timeUsOf(timeMs: string): number {
  const [whole = '', fraction = ''] = timeMs.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

/** One machine-N.csv row as the RunEvent it records; a parser of its own, not the library's. */
function eventOfRow(line: string): RunEvent {
  const [machine, seq, kind, timeMs, clock, queueLength, peers, messageId, messageClock] =
    line.split(',');
  const base = {
    machine: Number(machine),
    seq: Number(seq),
    timeUs: timeUsOf(timeMs ?? ''),
    clock: Number(clock),
    queueLength: Number(queueLength),
  };
  const message = { messageId: messageId ?? '', messageClock: Number(messageClock) };
  switch (kind) {
    case 'internal':
    case 'restart':
      return { kind, ...base };
    case 'send':
      return { kind, ...base, to: (peers ?? '').split(';').map(Number), ...message };
    case 'receive':
      return { kind, ...base, from: Number(peers), ...message };
    default:
      throw new Error(`unknown event kind in a log row: ${line}`);
  }
}

function rowsOf(runDir: string, machine: number): RunEvent[] {
  const text = readFileSync(join(runDir, `machine-${machine}.csv`), 'utf8');
  const lines = text.split('\n').slice(1, -1);
  return lines.map(eventOfRow);
}

function jsonFile(runDir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(runDir, name), 'utf8'));
}

describe('the library makes the CLI run of every bundled scenario', () => {
  it('has the bundled scenarios to compare', () => {
    const files = readdirSync(join(import.meta.dirname, '../../../scenarios'));
    const scenarios = files.filter((file) => file.endsWith('.json') && !file.includes('.schema'));
    expect(names.length).toBe(scenarios.length);
    expect(names.length).toBeGreaterThan(20);
  });

  it.each(names)('%s: writeRun and simulate equal `run --seed --out`', async (name) => {
    const cliDir = join(dir, `cli-${name}`);
    const cli = await runCliInProcess(dir, [
      'run',
      name,
      '--seed',
      String(seed),
      '--out',
      cliDir,
      '--quiet',
    ]);
    expect(cli.status, cli.stderr).toBe(0);

    const libDir = join(dir, `lib-${name}`);
    const written = await writeRun(bundledScenario(name), libDir, { seed });
    expect(fileHashes(libDir)).toEqual(fileHashes(cliDir));
    expect([...written.files].sort()).toEqual(
      readdirSync(cliDir)
        .filter((file) => !file.startsWith('.'))
        .sort(),
    );
    expect(written.manifest).toEqual(jsonFile(cliDir, 'manifest.json'));

    const run = simulate(bundledScenario(name), { seed });
    expect(run.seed).toBe(seed);
    expect(run.manifest).toEqual(jsonFile(cliDir, 'manifest.json'));
    expect(run.summary).toEqual(jsonFile(cliDir, 'summary.json'));
    for (let machine = 0; machine < run.manifest.machines.length; machine += 1) {
      const own = run.events.filter((event) => event.machine === machine);
      expect(own).toEqual(rowsOf(cliDir, machine));
    }
    expect(run.events.length).toBe(run.manifest.events);
    // The driver's order: by model time; within an instant, without faults, by machine id
    // (docs/MODEL.md; with faults restarts and a pause's missed ticks come first: docs/FAULTS.md).
    const faultFree = run.manifest.scenario.faults === undefined;
    const outOfOrder = run.events.filter((event, at) => {
      const before = run.events[at - 1];
      if (before === undefined) return false;
      const tieBroken =
        faultFree && before.timeUs === event.timeUs && before.machine > event.machine;
      return before.timeUs > event.timeUs || tieBroken;
    });
    expect(outOfOrder).toEqual([]);
  });
});
