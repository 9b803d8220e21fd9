/**
 * Goal: the command a failing property over arbScenario prints replays the failing scenario: run
 * by a shell as printed (with the built CLI for `npx lamport-lab`), it writes the scenario's JSON
 * and makes the very run that JSON makes, file for file.
 * Method: a deliberately false property; its message's replay line run with `sh -c` in one
 * directory, the reference (the scenario object written by this test and run in this process)
 * in another; every file compared by its sha256.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { arbScenario, fc, replayCommand } from '../../../src/api/arbitraries.js';
import type { Scenario } from '../../../src/api/scenario.js';
import { cliPath, fileHashes, runCliInProcess } from '../../helpers/cli-process.js';

const directories: string[] = [];

function freshDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'lamport-lab-replay-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0))
    rmSync(directory, { recursive: true, force: true });
});

/** The printed command as a shell runs it, with the built CLI standing in for the installed one. */
function runReplay(command: string): { directory: string; status: number | null; stderr: string } {
  expect(command).toContain('npx lamport-lab run ');
  const directory = freshDirectory();
  const local = command.replace('npx lamport-lab', `'${process.execPath}' '${cliPath}'`);
  const result = spawnSync('sh', ['-c', local], {
    cwd: directory,
    encoding: 'utf8',
    timeout: 50_000,
  });
  return { directory, status: result.status, stderr: result.stderr };
}

/** The reference: the scenario object as its own file, run by the CLI with the same flags. */
async function referenceRun(
  scenario: Scenario,
): Promise<{ directory: string; status: number | null }> {
  const directory = freshDirectory();
  writeFileSync(join(directory, 'lamport-lab-replay.json'), `${JSON.stringify(scenario)}\n`);
  const result = await runCliInProcess(directory, [
    'run',
    'lamport-lab-replay.json',
    '--force',
    '--check',
  ]);
  return { directory, status: result.status };
}

describe('the replay command of a failing property', () => {
  it('writes the scenario and reproduces its run, file for file', async () => {
    const arbitrary = arbScenario({ faults: ['loss', 'crash', 'restart'], durationSecMax: 5 });
    const property = fc.property(arbitrary, (scenario) => (scenario.machines ?? 0) < 3);
    let message = '';
    try {
      fc.assert(property, { seed: 11 });
    } catch (error) {
      message = (error as Error).message;
    }
    const minimal = fc.check(property, { seed: 11 }).counterexample?.[0] as Scenario;
    expect(minimal.faults?.length).toBeGreaterThan(0);
    const command = /\n {2}replay: (.*)\n/.exec(message)?.[1] ?? '';
    expect(command).toBe(replayCommand(minimal));

    const replayed = runReplay(command);
    const reference = await referenceRun(minimal);
    expect(replayed.status, replayed.stderr).toBe(reference.status);
    const written = readFileSync(join(replayed.directory, 'lamport-lab-replay.json'), 'utf8');
    expect(JSON.parse(written)).toEqual(minimal);
    const files = fileHashes(replayed.directory);
    expect([...files.keys()].some((file) => file.endsWith('machine-2.csv'))).toBe(true);
    expect(files).toEqual(fileHashes(reference.directory));
  });

  it('writes quotes, percent signs and backslashes as they are (shell quoting)', () => {
    // No field of a valid scenario holds such text (names are letters, digits, - _ .): the
    // replay then refuses it as `run` would the same file, but the file is the scenario's JSON.
    const scenario: Scenario = { name: `it's 100% \\ "odd" %s`, seed: 9, machines: 2 };
    const replayed = runReplay(replayCommand(scenario));
    const written = readFileSync(join(replayed.directory, 'lamport-lab-replay.json'), 'utf8');
    expect(written).toBe(`${JSON.stringify(scenario)}\n`);
    expect(replayed.stderr).toContain('lamport-lab-replay.json: name: expected a name of letters');
    expect(replayed.status).toBe(2);
  });
});
