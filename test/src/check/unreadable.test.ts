/**
 * Goal: `check` refuses input it cannot read the way every command refuses bad input: exit code 2,
 * one line on stderr naming the file:line (or the directory or file), no stack trace, nothing on
 * stdout and nothing written. A run directory without a manifest is not bad input: its logs are
 * checked alone, and the report says which manifest-based checks were skipped.
 * Method: one small correct run is made with executeRun; each case copies it into a fresh temp
 * dir, breaks one thing, runs the CLI program there (in this process) and compares every file before and after.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliIn, fileHashes } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';

const header = 'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock';

const workDir = useCopiedRun('check-unreadable');
let cwd: string;

beforeEach(() => {
  cwd = workDir();
});

/** The CLI program in this process, in the test's working directory. */
const cli = cliIn(() => cwd);

/** Every file under the working directory with its sha256: to prove nothing was written. */
function snapshot(): Map<string, string> {
  return fileHashes(cwd);
}

/**
 * Runs `check` on input it must refuse: exit 2, nothing on stdout, one line on stderr without a
 * stack trace, no file created, changed or removed. Returns the line.
 */
async function expectRefusal(...args: string[]): Promise<string> {
  const before = snapshot();
  const result = await cli('check', ...args);
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const message = result.stderr.slice(0, -1);
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .*\.js:\d+/);
  expect(message).not.toMatch(/internal error/);
  expect(message.startsWith('lamport-lab: ')).toBe(true);
  expect(snapshot()).toEqual(before);
  return message;
}

function logPath(machine: number): string {
  return join(cwd, 'run', `machine-${machine}.csv`);
}

/** Replaces one field of one line (1-based; the header is line 1) of a machine log. */
function setField(machine: number, line: number, column: number, value: string): void {
  const lines = readFileSync(logPath(machine), 'utf8').split('\n');
  const fields = (lines[line - 1] as string).split(',');
  expect(fields).toHaveLength(9);
  fields[column] = value;
  lines[line - 1] = fields.join(',');
  writeFileSync(logPath(machine), lines.join('\n'));
}

function editManifest(edit: (manifest: Record<string, unknown>) => void): void {
  const path = join(cwd, 'run', 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

describe('check refuses what it cannot read', () => {
  it('a run directory that does not exist', async () => {
    const message = await expectRefusal('no-such-run');
    expect(message).toBe('lamport-lab: no-such-run: no such run directory');
  });

  it('a path that is a file, not a run directory', async () => {
    const message = await expectRefusal('run/machine-0.csv');
    expect(message).toContain('run/machine-0.csv');
  });

  it('a machine log missing while the manifest lists it', async () => {
    rmSync(logPath(1));
    const message = await expectRefusal('run');
    expect(message).toContain('machine-1.csv');
    expect(message).toContain('no such file');
  });

  it('a directory where a machine log belongs, named', async () => {
    rmSync(logPath(1));
    mkdirSync(logPath(1));
    expect(await expectRefusal('run')).toBe(
      `lamport-lab: ${join('run', 'machine-1.csv')}: cannot read the log (it is a directory)`,
    );
  });

  it('a bad header', async () => {
    const text = readFileSync(logPath(0), 'utf8').replace('time_ms', 'time');
    writeFileSync(logPath(0), text);
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/machine-0\.csv:1: expected the header "/);
    expect(message).toContain(header);
  });

  it('an empty log', async () => {
    writeFileSync(logPath(2), '');
    expect(await expectRefusal('run')).toContain('run/machine-2.csv:1:');
  });

  it('a row with 8 columns', async () => {
    const lines = readFileSync(logPath(1), 'utf8').split('\n');
    lines[4] = (lines[4] as string).split(',').slice(0, 8).join(',');
    writeFileSync(logPath(1), lines.join('\n'));
    expect(await expectRefusal('run')).toBe(
      'lamport-lab: run/machine-1.csv:5: expected 9 columns, got 8',
    );
  });

  it('logical_clock "abc"', async () => {
    setField(0, 3, 4, 'abc');
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/machine-0\.csv:3: logical_clock: /);
    expect(message).toContain('"abc"');
  });

  it('seq "-1"', async () => {
    setField(2, 4, 1, '-1');
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/machine-2\.csv:4: seq: /);
    expect(message).toContain('"-1"');
  });

  it('time_ms "1.2345" (more than 3 decimals)', async () => {
    setField(1, 2, 3, '1.2345');
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/machine-1\.csv:2: time_ms: /);
    expect(message).toContain('"1.2345"');
  });

  it('an unknown event kind', async () => {
    setField(0, 6, 2, 'tick');
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/machine-0\.csv:6: event: /);
    expect(message).toContain('"tick"');
  });

  it('invalid manifest JSON', async () => {
    writeFileSync(join(cwd, 'run', 'manifest.json'), '{"mode": "virtual",');
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/manifest\.json: invalid JSON/);
  });

  it('a manifest missing a required field', async () => {
    editManifest((manifest) => {
      delete manifest.completed;
    });
    const message = await expectRefusal('run');
    expect(message).toMatch(/^lamport-lab: run\/manifest\.json: completed: /);
  });

  it('a manifest whose scenario gives fewer rates than it has machines', async () => {
    editManifest((manifest) => {
      (manifest.scenario as { rates: number[] }).rates = [3];
    });
    const message = await expectRefusal('run');
    expect(message).toContain('manifest.json');
    expect(message).toContain('rates');
  });
});

describe('check without a manifest', () => {
  function csvOnlyRun(): string {
    const dir = join(cwd, 'logs-only');
    mkdirSync(dir);
    for (const machine of [0, 1, 2]) {
      cpSync(logPath(machine), join(dir, `machine-${machine}.csv`));
    }
    return dir;
  }

  it('checks the logs alone: exit 0, with a note that the manifest-based checks were skipped', async () => {
    csvOnlyRun();
    const before = snapshot();
    const result = await cli('check', 'logs-only');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]?.startsWith('OK logs-only: ')).toBe(true);
    expect(lines).toContainEqual(
      expect.stringMatching(/^note: no manifest\.json: .*sha256.* not checked$/),
    );
    expect(snapshot()).toEqual(before);
  });

  it('a log that ends in the middle of a row, as a run cut short leaves it, is refused and says so', async () => {
    const dir = csvOnlyRun();
    const path = join(dir, 'machine-1.csv');
    const text = readFileSync(path, 'latin1');
    const lastRowStart = text.lastIndexOf('\n', text.length - 2) + 1;
    // "1,nn": the machine column and two digits of seq.
    writeFileSync(path, text.slice(0, lastRowStart + 4), 'latin1');
    const lastLine = text.slice(0, lastRowStart).split('\n').length;
    expect(await expectRefusal('logs-only')).toBe(
      `lamport-lab: logs-only/machine-1.csv:${lastLine}: expected 9 columns, got 2 (the file ends in the ` +
        'middle of this row: the run that wrote it may have been cut short)',
    );
  });

  it('reads a last row that only lacks its newline as it is', async () => {
    const dir = csvOnlyRun();
    const path = join(dir, 'machine-1.csv');
    writeFileSync(path, readFileSync(path, 'latin1').replace(/\n$/, ''), 'latin1');
    const result = await cli('check', 'logs-only');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout.startsWith('OK logs-only: ')).toBe(true);
  });

  it('still finds a broken rule in the logs', async () => {
    const dir = csvOnlyRun();
    // An internal event of machine 0 that adds 2 to the clock: rule 1, at that line.
    const lines = readFileSync(join(dir, 'machine-0.csv'), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.split(',')[2] === 'internal');
    const fields = (lines[index] as string).split(',');
    fields[4] = String(Number(fields[4]) + 1);
    lines[index] = fields.join(',');
    writeFileSync(join(dir, 'machine-0.csv'), lines.join('\n'));
    const result = await cli('check', 'logs-only');
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout.startsWith('FAILED logs-only: rule 1 machineOrder')).toBe(true);
    expect(result.stdout).toContain(`logs-only/machine-0.csv:${index + 1}: rule 1 (machineOrder)`);
  });
});
