/**
 * Goal: no command writes over or removes a file of the user's. lamport-lab replaces and removes
 * only what its record (`.lamport-lab.json`) says it wrote, with the bytes it wrote; `--force`
 * does not widen that, and a name like one of ours attributes nothing.
 * Method: the BUILT CLI, in a fresh working directory. Into each command's output directory the
 * user's files of every kind are planted (files, a directory tree, an empty directory, a link to
 * a file and one to a directory, and files named like the command's own); each writing command
 * runs with and without --force; every planted file must be there after, byte for byte.
 * Refusals are exit code 2 and one line naming the path.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, fileHashes, runBuiltCli } from '../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-owned-'));
  // What the links in the output directories point at: outside them, the user's too.
  mkdirSync(join(cwd, 'outside', 'folder'), { recursive: true });
  writeFileSync(join(cwd, 'outside', 'file.txt'), 'outside file\n');
  writeFileSync(join(cwd, 'outside', 'folder', 'inner.txt'), 'outside folder\n');
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function cli(...args: string[]): CliResult {
  return runBuiltCli(cwd, args);
}

function expectOk(result: CliResult): void {
  expect(result.status, result.stderr).toBe(0);
}

/** Exit code 2 and one line on stderr naming `path`; returns the line. */
function expectRefusal(result: CliResult, path: string): string {
  expect(result.status, result.stderr + result.stdout).toBe(2);
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines, result.stderr).toHaveLength(1);
  const line = lines[0] as string;
  expect(line.startsWith('lamport-lab: ')).toBe(true);
  expect(line).toContain(path);
  return line;
}

/** Files the user keeps in every output directory, whatever the command. */
const userFilesEverywhere = ['notes.txt', 'mine/data.csv', 'mine/deeper/more.txt'];

/**
 * Plants the user's files in `directory`: those above, `likeOurs` (named like what lamport-lab
 * writes, somewhere), an empty directory and two links. Returns what to find there after.
 */
function plant(directory: string, likeOurs: readonly string[]): UserFiles {
  const before = existsSync(directory) ? fileHashes(directory) : new Map<string, string>();
  for (const name of [...userFilesEverywhere, ...likeOurs]) {
    mkdirSync(dirname(join(directory, name)), { recursive: true });
    writeFileSync(join(directory, name), `the user's own ${name}\n`);
  }
  mkdirSync(join(directory, 'empty'));
  symlinkSync(join(cwd, 'outside', 'file.txt'), join(directory, 'link-to-file'));
  symlinkSync(join(cwd, 'outside', 'folder'), join(directory, 'link-to-folder'));
  const planted = new Map(
    [...fileHashes(directory)].filter(([file, hash]) => before.get(file) !== hash),
  );
  return { directory, planted, emptyDirectories: ['empty'] };
}

interface UserFiles {
  readonly directory: string;
  readonly planted: ReadonlyMap<string, string>;
  readonly emptyDirectories: readonly string[];
}

/** Every planted file, directory and link is still there, byte for byte; and outside too. */
function expectSurvived(user: UserFiles): void {
  const now = fileHashes(user.directory);
  for (const [file, hash] of user.planted) expect(now.get(file), file).toBe(hash);
  for (const folder of user.emptyDirectories) {
    expect(existsSync(join(user.directory, folder)), folder).toBe(true);
  }
  // Nothing was written through the links.
  expect(readFileSync(join(cwd, 'outside', 'file.txt'), 'utf8')).toBe('outside file\n');
  expect(readdirSync(join(cwd, 'outside', 'folder'))).toEqual(['inner.txt']);
  expect(readFileSync(join(cwd, 'outside', 'folder', 'inner.txt'), 'utf8')).toBe(
    'outside folder\n',
  );
}

/** A refusal changes nothing at all. */
function expectRefusedUntouched(args: string[], path: string): string {
  const before = fileHashes(cwd);
  const line = expectRefusal(cli(...args), path);
  expect(fileHashes(cwd)).toEqual(before);
  return line;
}

/** What a run's output directory holds besides the run, the user's names like a run's. */
const likeRunOutputs = [
  'EXPERIMENTS.md',
  'REPORT.md',
  'runs/week1/data.csv',
  'figures/figure.svg',
  'charts/my-chart.svg',
  'machine-7.csv',
  'machine-9.json',
  'report.html',
  'run.shiviz.log',
];

describe('run, replay and npm start keep the user files in their directory', () => {
  it('run --force replaces its own earlier run and nothing else', () => {
    expectOk(cli('run', '--duration', '5', '--out', 'proj', '--quiet'));
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    const refusal = expectRefusedUntouched(['run', '--duration', '5', '--out', 'proj'], 'proj');
    expect(refusal).toContain('--force');
    expectOk(cli('run', 'trial1', '--out', 'proj', '--force', '--quiet'));
    expectSurvived(user);
  });

  it("a run into a directory of the user's files, with --force, adds and removes only its own", () => {
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    expectOk(cli('run', '--duration', '5', '--out', 'proj', '--force', '--quiet'));
    expectSurvived(user);
  });

  it("refuses, even with --force, a file of the user's where it writes one: made, edited or a link", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'proj', '--quiet'));
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    writeFileSync(join(cwd, 'proj', 'summary.json'), '{"mine": true}\n');
    const refusals = [[], ['--force']].map((force) =>
      expectRefusedUntouched(['run', '--duration', '5', '--out', 'proj', ...force], 'proj'),
    );
    expect(refusals[1]).toContain(
      'summary.json: expected nothing there or a file lamport-lab wrote, got a file changed since',
    );
    // Named like a log of ours, never listed: the user's.
    mkdirSync(join(cwd, 'fresh'));
    writeFileSync(join(cwd, 'fresh', 'machine-0.csv'), 'my own machine-0.csv\n');
    expect(
      expectRefusedUntouched(['run', '--duration', '5', '--out', 'fresh', '--force'], 'fresh'),
    ).toContain(
      'machine-0.csv: expected nothing there or a file lamport-lab wrote, got a file lamport-lab did not write',
    );
    mkdirSync(join(cwd, 'linked'));
    symlinkSync(join(cwd, 'outside', 'file.txt'), join(cwd, 'linked', 'manifest.json'));
    expect(
      expectRefusedUntouched(['run', '--duration', '5', '--out', 'linked', '--force'], 'linked'),
    ).toContain(
      'manifest.json: expected nothing there or a file lamport-lab wrote, got a symbolic link',
    );
    expectSurvived(user);
  });

  it('npm start (run default --force) replaces its earlier run, also one made before records', () => {
    expectOk(cli('run', 'default', '--force', '--quiet'));
    const runDir = join(cwd, 'logs', 'default-seed42');
    const user = plant(runDir, likeRunOutputs);
    expectOk(cli('run', 'default', '--force', '--quiet'));
    expectSurvived(user);
    // A run by an earlier version has no record: its manifest vouches for its logs, for
    // itself and for the summary of that run; nothing else is taken for ours.
    rmSync(join(runDir, '.lamport-lab.json'));
    expectOk(cli('run', 'default', '--force', '--quiet'));
    expectSurvived(user);
    expect(existsSync(join(runDir, '.lamport-lab.json'))).toBe(true);
    // The first record written into such a run (here by analyze) keeps what the manifest
    // vouched for: the run stays replaceable.
    rmSync(join(runDir, '.lamport-lab.json'));
    expectOk(cli('analyze', 'logs/default-seed42'));
    expectOk(cli('run', 'default', '--force', '--quiet'));
    expectSurvived(user);
    // A log edited since: the manifest no longer vouches for it, nor for itself.
    rmSync(join(runDir, '.lamport-lab.json'));
    writeFileSync(join(runDir, 'machine-1.csv'), 'edited by the user\n', { flag: 'a' });
    expectRefusedUntouched(['run', 'default', '--force'], 'machine-1.csv');
  });

  it('a TCP run --force replaces the virtual run there and nothing else', () => {
    expectOk(cli('run', '--duration', '2', '--out', 'proj', '--quiet'));
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    // Ports chosen by the system (none given): loopback, no fixed port.
    const args = ['run', '--mode', 'tcp', '--machines', '2', '--duration', '1', '--out', 'proj'];
    expectOk(cli(...args, '--force', '--quiet'));
    expectSurvived(user);
    writeFileSync(join(cwd, 'proj', 'machine-1.csv'), 'mine now\n');
    expectRefusedUntouched([...args, '--force'], 'machine-1.csv');
  });

  it('replay --force replaces its own replay and nothing else', () => {
    expectOk(cli('run', '--duration', '5', '--out', 'source', '--quiet'));
    expectOk(cli('replay', 'source', '--out', 'again'));
    const user = plant(join(cwd, 'again'), likeRunOutputs);
    expectRefusedUntouched(['replay', 'source', '--out', 'again'], 'again');
    expectOk(cli('replay', 'source', '--out', 'again', '--force', '--verify'));
    expectSurvived(user);
    writeFileSync(join(cwd, 'again', 'machine-2.csv'), 'mine now\n');
    expectRefusedUntouched(['replay', 'source', '--out', 'again', '--force'], 'machine-2.csv');
  });
});

describe('experiments keeps the user files in its directory', () => {
  const experiments = (...args: string[]) =>
    cli(
      'experiments',
      '--seeds',
      '1',
      '--duration',
      '5',
      '--workers',
      '2',
      '--out',
      'proj2',
      ...args,
    );

  it("refuses a --report-file of the user's, even with --force, and replaces only its own", () => {
    const user = plant(join(cwd, 'proj2'), [
      'README.md',
      'runs/week1/data.csv',
      'figures/figure.svg',
      'sub/x.txt',
      'report.md',
    ]);
    for (const force of [[], ['--force']]) {
      const line = expectRefusal(experiments('--report-file', 'README.md', ...force), 'proj2');
      if (force.length > 0) expect(line).toContain('README.md');
    }
    expectSurvived(user);
    expectOk(experiments('--report-file', 'NOTES.md', '--force'));
    expectSurvived(user);
    expectOk(experiments('--report-file', 'NOTES.md', '--force', '--no-keep-runs'));
    expectSurvived(user);
    expect(existsSync(join(cwd, 'proj2', 'runs', 'default-seed42'))).toBe(false);
    // A figure of the user's where one of ours goes: refused before anything is removed.
    writeFileSync(join(cwd, 'proj2', 'figures', 'A1-queue.svg'), '<svg>mine</svg>\n');
    expectRefusedUntouched(
      ['experiments', '--seeds', '1', '--duration', '5', '--out', 'proj2', '--force'],
      'A1-queue.svg',
    );
  });
});

describe('plot, report, export, analyze and compare keep the user files', () => {
  const likeChartOutputs = ['clock-old.svg', 'charts/clock.svg', 'report.html'];

  it("plot --out refuses a chart of the user's and adds its own beside the rest", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(join(cwd, 'mydocs'), likeChartOutputs);
    writeFileSync(join(cwd, 'mydocs', 'clock.svg'), '<svg>my drawing</svg>\n');
    expectRefusedUntouched(['plot', 'r', '--out', 'mydocs'], 'mydocs');
    rmSync(join(cwd, 'mydocs', 'clock.svg'));
    expectOk(cli('plot', 'r', '--out', 'mydocs'));
    expectOk(cli('plot', 'r', '--out', 'mydocs'));
    expectSurvived(user);
  });

  it("plot into a charts/ of the user's; a later run --force removes only its charts", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(join(cwd, 'r'), ['charts/mine.svg', 'charts/deeper/x.svg']);
    expectOk(cli('plot', 'r'));
    expect(existsSync(join(cwd, 'r', 'charts', 'clock.svg'))).toBe(true);
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--force', '--quiet'));
    expect(existsSync(join(cwd, 'r', 'charts', 'clock.svg'))).toBe(false);
    expectSurvived(user);
    // Charts lamport-lab made in a charts/ it made: the directory goes with them.
    rmSync(join(cwd, 'r', 'charts'), { recursive: true });
    expectOk(cli('plot', 'r'));
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--force', '--quiet'));
    expect(existsSync(join(cwd, 'r', 'charts'))).toBe(false);
  });

  it("report and export refuse a file of the user's unless --force names it", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(cwd, ['report.html', 'run.perfetto.json']);
    writeFileSync(join(cwd, 'essay.html'), 'my essay\n');
    writeFileSync(join(cwd, 'important.txt'), 'important\n');
    expect(expectRefusedUntouched(['report', 'r', '--out', 'essay.html'], 'essay.html')).toContain(
      'pass --force',
    );
    expect(
      expectRefusedUntouched(
        ['export', 'r', '--format', 'perfetto', '--out', 'important.txt'],
        'important.txt',
      ),
    ).toContain('pass --force');
    // Its own output is replaced without --force, as before.
    expectOk(cli('report', 'r', '--out', 'page.html'));
    expectOk(cli('report', 'r', '--out', 'page.html'));
    expectOk(cli('export', 'r', '--format', 'shiviz', '--out', 'trace.log'));
    expectOk(cli('export', 'r', '--format', 'shiviz', '--out', 'trace.log'));
    // --force replaces the one file --out names, nothing else.
    expectOk(cli('report', 'r', '--out', 'essay.html', '--force'));
    expectOk(cli('export', 'r', '--format', 'perfetto', '--out', 'important.txt', '--force'));
    expect(readFileSync(join(cwd, 'essay.html'), 'utf8')).toContain('<!DOCTYPE html>');
    expectSurvived(user);
  });

  it('report and export --force over a link replace the link, never the file it points at', () => {
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const runBefore = fileHashes(join(cwd, 'r'));
    mkdirSync(join(cwd, 'q'));
    // One link into the run (its log), one to a file of the user's outside.
    symlinkSync(join('..', 'r', 'machine-0.csv'), join(cwd, 'q', 'page.html'));
    symlinkSync(join(cwd, 'outside', 'file.txt'), join(cwd, 'q', 'trace.json'));
    expectOk(cli('report', 'r', '--out', 'q/page.html', '--force'));
    expectOk(cli('export', 'r', '--format', 'perfetto', '--out', 'q/trace.json', '--force'));
    for (const [file, hash] of runBefore)
      expect(fileHashes(join(cwd, 'r')).get(file), file).toBe(hash);
    expect(readFileSync(join(cwd, 'outside', 'file.txt'), 'utf8')).toBe('outside file\n');
    expect(lstatSync(join(cwd, 'q', 'page.html')).isFile()).toBe(true);
    expect(readFileSync(join(cwd, 'q', 'page.html'), 'utf8')).toContain('<!DOCTYPE html>');
    expect(lstatSync(join(cwd, 'q', 'trace.json')).isFile()).toBe(true);
  });

  it("never takes lamport-lab's record for an output, --force or not", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    expectOk(cli('plot', 'r'));
    const before = fileHashes(join(cwd, 'r'));
    for (const args of [
      ['report', 'r', '--out', 'r/.lamport-lab.json', '--force'],
      ['report', 'r', '--out', 'r/charts/.lamport-lab.json', '--force'],
      ['export', 'r', '--format', 'shiviz', '--out', 'r/.lamport-lab.json', '--force'],
    ]) {
      expect(expectRefusal(cli(...args), '.lamport-lab.json')).toContain(
        "expected another file name, got .lamport-lab.json, lamport-lab's record",
      );
      expect(fileHashes(join(cwd, 'r'))).toEqual(before);
    }
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--force', '--quiet'));
  });

  it("report and export into the run directory refuse a default file of the user's, --force or not", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(join(cwd, 'r'), ['report.html', 'run.perfetto.json', 'machine-5.csv']);
    for (const force of [[], ['--force']]) {
      expectRefusedUntouched(['report', 'r', ...force], 'report.html');
      expectRefusedUntouched(
        ['export', 'r', '--format', 'perfetto', ...force],
        'run.perfetto.json',
      );
    }
    expectOk(cli('export', 'r', '--format', 'shiviz'));
    expectOk(cli('report', 'r', '--out', 'r/page.html'));
    expectSurvived(user);
  });

  it("analyze and compare leave a summary or ShiViz file of the user's as it is", () => {
    expectOk(cli('run', '--duration', '5', '--out', 'a', '--quiet'));
    expectOk(cli('run', '--duration', '5', '--seed', '7', '--out', 'b', '--quiet'));
    writeFileSync(join(cwd, 'a', 'summary.json'), '{"my": "summary"}\n');
    writeFileSync(join(cwd, 'b', 'compare.shiviz.log'), 'my notes\n');
    const user = plant(join(cwd, 'b'), ['summary.json.bak']);
    const before = fileHashes(cwd);
    const analyzed = cli('analyze', 'a');
    expectOk(analyzed);
    expect(analyzed.stderr).toContain('a/summary.json left as it is');
    const compared = cli('compare', 'a', 'b');
    expect(compared.status).toBe(1);
    expect(compared.stderr).toContain('b/compare.shiviz.log not written');
    expect(fileHashes(cwd)).toEqual(before);
    expectSurvived(user);
  });
});
