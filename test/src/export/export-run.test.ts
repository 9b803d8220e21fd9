/**
 * Goal: exportRun is reproducible and careful with files: the same logs give the same bytes
 * (wherever the run directory is); output goes to <run-dir>/run.<format>... or --out; outputs
 * larger than a write chunk come out whole; logs whose host clocks disagree (a receive logged
 * earlier than its send) still export, the receive waiting for its send; and input it cannot
 * export (no directory, a missing or broken log, a receive of a message never sent to that
 * machine, an --out that is the run's own log, a directory or in no directory) is refused with
 * one InputError line naming where, leaving no file behind.
 * Method: real runs are made with executeRun into a temp dir; each case copies one, changes one
 * thing, exports, and compares bytes or the directory listing before and after.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/common/errors.js';
import { type ExportFormat, exportFormats, exportRun } from '../../../src/export/export-run.js';
import { formatTimeMs } from '../../../src/logs/format.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { restateLogs } from '../../helpers/run-files.js';

let workDir: string;
let trialDir: string;
let copyNumber = 0;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'lamport-export-run-'));
  trialDir = join(workDir, 'trial4');
  const loaded = loadScenario('trial4', { values: { durationSec: 60 }, flags: {} });
  await executeRun({ scenario: resolveScenario(loaded, 1004), outDir: trialDir, force: false });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A fresh copy of the trial4 run, to change and export. */
function copyOfTrial(): string {
  copyNumber += 1;
  const dir = join(workDir, `copy-${copyNumber}`, 'run');
  cpSync(trialDir, dir, { recursive: true });
  return dir;
}

function logPath(runDir: string, machine: number): string {
  return join(runDir, `machine-${machine}.csv`);
}

/** Rewrites every data row of one log. */
function editRows(runDir: string, machine: number, edit: (fields: string[]) => void): void {
  const lines = readFileSync(logPath(runDir, machine), 'utf8').split('\n');
  for (let index = 1; index < lines.length; index += 1) {
    if (lines[index] === '') continue;
    const fields = (lines[index] as string).split(',');
    edit(fields);
    lines[index] = fields.join(',');
  }
  writeFileSync(logPath(runDir, machine), lines.join('\n'));
}

function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** The export must throw one InputError line, and leave the directory as it was. */
function expectRefusal(runDir: string, format: ExportFormat, outPath: string | null): string {
  const watched = existsSync(runDir) && statSync(runDir).isDirectory() ? runDir : workDir;
  const before = listing(watched);
  let caught: unknown;
  try {
    exportRun(runDir, { format, outPath });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  const message = (caught as InputError).message;
  expect(message).not.toContain('\n');
  expect(listing(watched)).toEqual(before);
  return message;
}

describe('export: output files', () => {
  it.each(exportFormats)('%s goes to the default file, and to --out when given', (format) => {
    const runDir = copyOfTrial();
    const fileName = format === 'shiviz' ? 'run.shiviz.log' : 'run.perfetto.json';
    const result = exportRun(runDir, { format, outPath: null });
    expect(result.outPath).toBe(join(runDir, fileName));
    expect(result.bytes).toBe(statSync(result.outPath).size);
    expect([result.machines, result.events, result.messagesReceived]).toEqual([3, 360, 104]);
    const elsewhere = join(workDir, `elsewhere-${format}.out`);
    const other = exportRun(runDir, { format, outPath: elsewhere });
    expect(other.outPath).toBe(elsewhere);
    expect(readFileSync(elsewhere)).toEqual(readFileSync(result.outPath));
    // Only the export itself was added: no temporary file is left.
    expect(listing(runDir)).toEqual(
      [
        '.lamport-lab.json',
        'machine-0.csv',
        'machine-1.csv',
        'machine-2.csv',
        'manifest.json',
        fileName,
      ].sort(),
    );
  });

  it.each(exportFormats)('%s: the same logs give the same bytes, wherever they are', (format) => {
    const first = exportRun(copyOfTrial(), { format, outPath: null });
    const again = exportRun(copyOfTrial(), { format, outPath: null });
    const repeated = exportRun(copyOfTrial(), { format, outPath: null });
    const bytes = readFileSync(first.outPath);
    expect(readFileSync(again.outPath)).toEqual(bytes);
    expect(readFileSync(repeated.outPath)).toEqual(bytes);
  });

  it('an output of several write chunks comes out whole', async () => {
    const runDir = join(workDir, 'longer');
    const loaded = loadScenario('trial4', { values: { durationSec: 2400 }, flags: {} });
    await executeRun({ scenario: resolveScenario(loaded, 1004), outDir: runDir, force: false });
    const result = exportRun(runDir, { format: 'perfetto', outPath: null });
    expect(result.bytes).toBeGreaterThan(2 * (1 << 20));
    const text = readFileSync(result.outPath, 'utf8');
    expect(text.length).toBe(result.bytes);
    const trace = JSON.parse(text) as { traceEvents: { ph: string }[] };
    expect(trace.traceEvents.filter((event) => event.ph === 'X')).toHaveLength(result.events);
  });
});

describe('export: causal order', () => {
  it('logs whose clocks disagree (receives logged before their sends) export the same vectors', () => {
    const reference = readFileSync(
      exportRun(copyOfTrial(), { format: 'shiviz', outPath: null }).outPath,
      'utf8',
    );
    // Machines 0 and 1 log 100 s late, as a host whose clock runs ahead would: machine 2's
    // receives of their messages now come earlier in time than the sends.
    const skewed = copyOfTrial();
    for (const machine of [0, 1]) {
      editRows(skewed, machine, (fields) => {
        fields[3] = formatTimeMs(Math.round(Number(fields[3]) * 1000) + 100_000_000);
      });
    }
    // The manifest states the skewed logs: export refuses logs that are not the manifest's.
    restateLogs(skewed);
    const exported = readFileSync(
      exportRun(skewed, { format: 'shiviz', outPath: null }).outPath,
      'utf8',
    );
    const clocksByHost = (text: string) => {
      const clocks = new Map<string, string[]>();
      for (const match of text.matchAll(/^(machine\d+) (\{.*\})$/gm)) {
        const host = match[1] as string;
        clocks.set(host, [...(clocks.get(host) ?? []), match[2] as string]);
      }
      return clocks;
    };
    expect(clocksByHost(exported)).toEqual(clocksByHost(reference));
    expect(exported).not.toBe(reference);
  });
});

describe('export refuses what it cannot export', () => {
  it('a run directory that does not exist', () => {
    const message = expectRefusal(join(workDir, 'no-such-run'), 'shiviz', null);
    expect(message).toBe(`${join(workDir, 'no-such-run')}: no such run directory`);
  });

  it('a machine log missing while the manifest lists it', () => {
    const runDir = copyOfTrial();
    rmSync(logPath(runDir, 1));
    const message = expectRefusal(runDir, 'perfetto', null);
    expect(message).toContain('machine-1.csv');
    expect(message).toContain('no such file');
  });

  it('a bad header', () => {
    const runDir = copyOfTrial();
    const text = readFileSync(logPath(runDir, 0), 'utf8').replace('time_ms', 'time');
    writeFileSync(logPath(runDir, 0), text);
    // Named by its path (as given), not its bare file name.
    expect(
      expectRefusal(runDir, 'shiviz', null).startsWith(
        `${logPath(runDir, 0)}:1: expected the header "`,
      ),
    ).toBe(true);
  });

  it('a bad row, part way through: nothing is left of the output', () => {
    const runDir = copyOfTrial();
    const lines = readFileSync(logPath(runDir, 2), 'utf8').split('\n');
    lines[40] = (lines[40] as string).replace(/,receive,|,send,|,internal,/, ',tick,');
    writeFileSync(logPath(runDir, 2), lines.join('\n'));
    expect(
      expectRefusal(runDir, 'perfetto', null).startsWith(`${logPath(runDir, 2)}:41: event: `),
    ).toBe(true);
  });

  it.each(exportFormats)('%s: a receive of a message never sent to that machine', (format) => {
    const runDir = copyOfTrial();
    // Machine 2's first receive now names message 0-1, which machine 0 never sent (seq 1 is
    // an internal event): machine 0's log passes seq 1 without a send, so nothing matches.
    const lines = readFileSync(logPath(runDir, 2), 'utf8').split('\n');
    const index = lines.findIndex((line) => line.split(',')[2] === 'receive');
    const fields = (lines[index] as string).split(',');
    fields[6] = '0';
    fields[7] = '0-1';
    lines[index] = fields.join(',');
    writeFileSync(logPath(runDir, 2), lines.join('\n'));
    const message = expectRefusal(runDir, format, null);
    expect(message.startsWith(`${logPath(runDir, 2)}:${index + 1}: a receive of message 0-1`)).toBe(
      true,
    );
  });

  it('a receive whose send never comes (its sender logs fewer rows)', () => {
    const runDir = copyOfTrial();
    const lines = readFileSync(logPath(runDir, 1), 'utf8').split('\n');
    writeFileSync(logPath(runDir, 1), `${lines.slice(0, 11).join('\n')}\n`);
    const message = expectRefusal(runDir, 'shiviz', null);
    expect(message.startsWith(runDir)).toBe(true);
    expect(message.slice(runDir.length)).toMatch(
      /^\/machine-[02]\.csv:\d+: a receive of message 1-\d+/,
    );
  });

  it("--out naming one of the run's own files", () => {
    const runDir = copyOfTrial();
    const before = readFileSync(logPath(runDir, 0));
    const message = expectRefusal(runDir, 'shiviz', logPath(runDir, 0));
    expect(message).toContain('machine-0.csv');
    expect(readFileSync(logPath(runDir, 0))).toEqual(before);
  });

  it('--out naming a directory, or a file in no directory', () => {
    const runDir = copyOfTrial();
    const directory = join(runDir, '..', 'a-directory');
    mkdirSync(directory);
    expect(expectRefusal(runDir, 'perfetto', directory)).toBe(
      `--out ${directory}: expected a file, got a directory`,
    );
    const nowhere = join(workDir, 'no-such-dir', 'out.json');
    expect(expectRefusal(runDir, 'perfetto', nowhere)).toBe(
      `--out ${nowhere}: cannot write the file (no such directory)`,
    );
  });
});
