/**
 * Goal: `check` keeps rule 0's promise, "the logs are the run the manifest describes". A manifest
 * field of the wrong type or out of the scenario loader's range, an unknown formatVersion, or a
 * manifest that contradicts itself is unreadable input: exit 2, one line naming the file and the
 * field, what was expected and what came, nothing written. A well-formed manifest that disagrees
 * with the logs (rows, bytes, files listed, event total) is a FAILED check, exit 1, naming
 * manifest.json, the field and both values.
 * Method: one small correct run (trial4, 10 s: 30, 20 and 10 rows) is made with executeRun;
 * each case copies it into a fresh temp dir, edits manifest.json and spawns the BUILT CLI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, fileHashes, runBuiltCli } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';

const workDir = useCopiedRun('check-manifest');
let cwd: string;

beforeEach(() => {
  cwd = workDir();
});

function cli(...args: string[]): CliResult {
  return runBuiltCli(cwd, args);
}

/** Every file under the working directory with its sha256: to prove nothing was written. */
function snapshot(): Map<string, string> {
  return fileHashes(cwd);
}

/** `check run` must refuse: exit 2, nothing on stdout, one line on stderr, nothing written. */
function expectRefusal(): string {
  const before = snapshot();
  const result = cli('check', 'run');
  expect(result.status, result.stdout + result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const message = result.stderr.slice(0, -1);
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .*\.js:\d+/);
  expect(message).not.toMatch(/internal error/);
  expect(snapshot()).toEqual(before);
  return message;
}

/** `check run` must fail the run: exit 1, FAILED with rule 0, nothing written. Returns stdout. */
function expectFailed(): string {
  const before = snapshot();
  const result = cli('check', 'run');
  expect(result.status, result.stdout + result.stderr).toBe(1);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^FAILED run: rule 0 manifest: 1;/);
  expect(snapshot()).toEqual(before);
  return result.stdout;
}

type Json = Record<string, unknown>;

function editManifest(edit: (manifest: Json & { scenario: Json; logs: Json[] }) => void): void {
  const path = join(cwd, 'run', 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Json & {
    scenario: Json;
    logs: Json[];
  };
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

const refusal = (field: string, rest: string): string =>
  `lamport-lab: run/manifest.json: ${field}: ${rest}`;

describe('check refuses a malformed manifest (exit 2)', () => {
  it('the unedited run checks OK (the cases below break one thing each)', () => {
    const result = cli('check', 'run');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^OK run: 60 events/);
  });

  it('scenario.machines -1', () => {
    editManifest((manifest) => {
      manifest.scenario.machines = -1;
    });
    expect(expectRefusal()).toBe(
      refusal(
        'scenario.machines',
        'expected a whole number of machines, 2..10000, got -1 (number)',
      ),
    );
  });

  it('scenario.machines "3" (a string)', () => {
    editManifest((manifest) => {
      manifest.scenario.machines = '3';
    });
    expect(expectRefusal()).toBe(
      refusal(
        'scenario.machines',
        'expected a whole number of machines, 2..10000, got "3" (string)',
      ),
    );
  });

  it('scenario.machines 5 while it lists 3 machines with 3 logs', () => {
    editManifest((manifest) => {
      manifest.scenario.machines = 5;
    });
    expect(expectRefusal()).toBe(
      refusal(
        'scenario.machines',
        'expected 3, the number of machines it lists (machines[0..2], one log each), got 5 (number)',
      ),
    );
  });

  it('formatVersion 99', () => {
    editManifest((manifest) => {
      manifest.formatVersion = 99;
    });
    expect(expectRefusal()).toBe(
      refusal(
        'formatVersion',
        'expected 1 (the manifest format this lamport-lab reads), got 99 (number)',
      ),
    );
  });

  it('durationUs 0 in a completed run of 10 s', () => {
    editManifest((manifest) => {
      manifest.durationUs = 0;
    });
    expect(expectRefusal()).toBe(
      refusal(
        'durationUs',
        'expected 10000000 (scenario.durationSec 10 s: the run completed), got 0 (number)',
      ),
    );
  });

  it('events -1', () => {
    editManifest((manifest) => {
      manifest.events = -1;
    });
    expect(expectRefusal()).toBe(
      refusal('events', 'expected a whole number of events, >= 0, got -1 (number)'),
    );
  });

  it('mode "udp"', () => {
    editManifest((manifest) => {
      manifest.mode = 'udp';
    });
    expect(expectRefusal()).toBe(
      refusal('mode', 'expected "virtual" or "tcp", got "udp" (string)'),
    );
  });

  it('a field inside an array is named with its index', () => {
    editManifest((manifest) => {
      (manifest.logs[1] as Json).rows = 2.5;
    });
    expect(expectRefusal()).toMatch(/^lamport-lab: run\/manifest\.json: logs\[1\]\.rows: /);
  });
});

describe('check fails a manifest that disagrees with the logs (exit 1, rule 0)', () => {
  it('logs[0].rows 9 while machine-0.csv has 30 rows', () => {
    editManifest((manifest) => {
      (manifest.logs[0] as Json).rows = 9;
    });
    expect(expectFailed()).toContain(
      'manifest.json: rule 0 (manifest): logs[0].rows: the manifest counts the rows of ' +
        'machine-0.csv; expected 30 (machine-0.csv has 30 rows), found 9\n',
    );
  });

  it('logs[1].bytes one short', () => {
    let bytes = 0;
    editManifest((manifest) => {
      bytes = (manifest.logs[1] as { bytes: number }).bytes;
      (manifest.logs[1] as Json).bytes = bytes - 1;
    });
    expect(expectFailed()).toContain(
      'manifest.json: rule 0 (manifest): logs[1].bytes: the manifest counts the bytes of ' +
        `machine-1.csv; expected ${bytes} (machine-1.csv has ${bytes} bytes), found ${bytes - 1}\n`,
    );
  });

  it('events 59 while the logs hold 60 rows', () => {
    editManifest((manifest) => {
      manifest.events = 59;
    });
    expect(expectFailed()).toContain(
      'manifest.json: rule 0 (manifest): events: the manifest counts every row of the logs; ' +
        'expected 60 (the 3 logs have 60 rows), found 59\n',
    );
  });

  it('logs lists a machine-3.csv the run does not have', () => {
    editManifest((manifest) => {
      manifest.logs.push({ ...(manifest.logs[2] as Json), file: 'machine-3.csv' });
    });
    expect(expectFailed()).toContain(
      "manifest.json: rule 0 (manifest): logs[3].file: the manifest lists each of the run's " +
        'logs once, and no other file; expected one of machine-0.csv .. machine-2.csv, found ' +
        'machine-3.csv\n',
    );
  });
});
