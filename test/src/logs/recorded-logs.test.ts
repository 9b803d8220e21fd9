/**
 * Goal: what shows a run with faults as the run (analyze, report, plot, export in both formats)
 * shows it only with the faults.csv the run wrote, as it holds the machine logs to the manifest:
 * a missing faults.csv, an edited one (its sha256 not the manifest's), or a manifest whose
 * faults.csv entry counts other rows, is refused in one line with exit 2, and nothing is written
 * (summary.json is byte for byte what it was, no file is added). A run whose manifest names no
 * faults keeps ignoring a faults.csv beside its logs (test/src/logs/run-faults.test.ts).
 * Method: the CLI program in this process, on copies of one short virtual run of `lossy`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn } from '../../helpers/cli-process.js';

let cwd: string;

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-recorded-'));
  const made = await cli('run', 'lossy', '--duration', '10', '--out', 'made');
  expect(made.status, made.stderr).toBe(0);
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const cli = cliIn(() => cwd);

const commands: readonly (readonly string[])[] = [
  ['analyze'],
  ['report'],
  ['plot'],
  ['export', '--format', 'shiviz'],
  ['export', '--format', 'perfetto'],
];

const faultsPath = (runDir: string) => join(runDir, 'faults.csv');

const changes: readonly {
  readonly name: string;
  readonly change: (runDir: string) => void;
  readonly message: RegExp;
}[] = [
  {
    name: 'a missing faults.csv',
    change: (runDir) => rmSync(faultsPath(runDir)),
    message:
      /faults\.csv: expected the fault evidence of a run whose manifest lists faults \(scenario\.faults\), got no such file\n$/,
  },
  {
    name: 'an edited faults.csv',
    // One drop's reason: a file that still parses, so only its digest tells.
    change: (runDir) => {
      const text = readFileSync(faultsPath(runDir), 'latin1');
      expect(text).toContain('reason=loss');
      writeFileSync(faultsPath(runDir), text.replace('reason=loss', 'reason=boom'), 'latin1');
    },
    message: /faults\.csv: expected the log the manifest describes \(its sha256\), got another/,
  },
  {
    name: 'an edited machine log',
    // The internal event at 500 ms shown with a queue of 7: it still parses, only its digest
    // tells (export showed it as the run, where analyze, report and plot refused it).
    change: (runDir) => {
      const path = join(runDir, 'machine-0.csv');
      const text = readFileSync(path, 'latin1');
      expect(text).toContain('\n0,2,internal,500,2,0,,,\n');
      writeFileSync(
        path,
        text.replace('\n0,2,internal,500,2,0,,,\n', '\n0,2,internal,500,2,7,,,\n'),
      );
    },
    message: /machine-0\.csv: expected the log the manifest describes \(its sha256\), got another/,
  },
  {
    name: 'a manifest whose faults.csv entry counts other rows',
    change: (runDir) => {
      const path = join(runDir, 'manifest.json');
      const manifest = JSON.parse(readFileSync(path, 'utf8'));
      const entry = manifest.logs.find((log: { file: string }) => log.file === 'faults.csv');
      entry.rows += 1;
      writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    },
    message: /manifest\.json: logs\[3\]\.rows: expected \d+ \(faults\.csv has \d+\), got \d+/,
  },
];

describe.each(commands.map((command) => ({ command, name: command.join(' ') })))(
  'lamport-lab $name on a run with faults',
  ({ command }) => {
    it.each(changes)('refuses $name in one line, exit 2, writing nothing', async (c) => {
      const runDir = join(cwd, `${command.join('-')}-${c.name.replaceAll(' ', '-')}`);
      cpSync(join(cwd, 'made'), runDir, { recursive: true });
      c.change(runDir);
      const before = readdirSync(runDir).sort();
      const summary = readFileSync(join(runDir, 'summary.json'));
      const result = await cli(...command, runDir);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
      expect(result.stderr).toMatch(c.message);
      expect(readdirSync(runDir).sort()).toEqual(before);
      expect(readFileSync(join(runDir, 'summary.json')).equals(summary)).toBe(true);
    });

    it('shows the run with the faults.csv it wrote', async () => {
      const runDir = join(cwd, `${command.join('-')}-as-written`);
      cpSync(join(cwd, 'made'), runDir, { recursive: true });
      const result = await cli(...command, runDir);
      expect(result.status, result.stderr).toBe(0);
    });
  },
);
