/**
 * Goal: no command writes over or removes a file of the user's. lamport-lab replaces and removes
 * only what its record (`.lamport-lab.json`) says it wrote, with the bytes it wrote; `--force`
 * does not widen that, and a name like one of ours attributes nothing.
 * Method: the CLI program (in this process), in a fresh working directory. Into each command's output directory the
 * user's files of every kind are planted (files, a directory tree, an empty directory, a link to
 * a file and one to a directory, and files named like the command's own); each writing command
 * runs with and without --force; every planted file must be there after, byte for byte.
 * Refusals are exit code 2 and one line naming the path.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliIn, fileHashes } from '../../helpers/cli-process.js';
import {
  expectOk,
  expectRefusal,
  likeRunOutputs,
  useUserWorkDir,
  userFilesIn,
} from '../../helpers/user-files.js';

const workDir = useUserWorkDir();
let cwd: string;
beforeEach(() => {
  cwd = workDir();
});

/** The CLI program in this process, in the test's working directory. */
const cli = cliIn(() => cwd);
const userFiles = userFilesIn(() => cwd);
const { plant, expectSurvived } = userFiles;

/** `lamport-lab <args>` refused, changing nothing at all. */
function expectRefusedUntouched(args: string[], path: string): Promise<string> {
  return userFiles.expectRefusedUntouched(() => cli(...args), path);
}

describe('run, replay and npm start keep the user files in their directory', () => {
  it('run --force replaces its own earlier run and nothing else', async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'proj', '--quiet'));
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    const refusal = await expectRefusedUntouched(
      ['run', '--duration', '5', '--out', 'proj'],
      'proj',
    );
    expect(refusal).toContain('--force');
    expectOk(await cli('run', 'trial1', '--out', 'proj', '--force', '--quiet'));
    expectSurvived(user);
  });

  it("a run into a directory of the user's files, with --force, adds and removes only its own", async () => {
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    expectOk(await cli('run', '--duration', '5', '--out', 'proj', '--force', '--quiet'));
    expectSurvived(user);
  });

  it("refuses, even with --force, a file of the user's where it writes one: made, edited or a link", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'proj', '--quiet'));
    const user = plant(join(cwd, 'proj'), likeRunOutputs);
    writeFileSync(join(cwd, 'proj', 'summary.json'), '{"mine": true}\n');
    const refusals: string[] = [];
    for (const force of [[], ['--force']]) {
      refusals.push(
        await expectRefusedUntouched(['run', '--duration', '5', '--out', 'proj', ...force], 'proj'),
      );
    }
    expect(refusals[1]).toContain(
      'summary.json: expected nothing there or a file lamport-lab wrote, got a file changed since',
    );
    // Named like a log of ours, never listed: the user's.
    mkdirSync(join(cwd, 'fresh'));
    writeFileSync(join(cwd, 'fresh', 'machine-0.csv'), 'my own machine-0.csv\n');
    expect(
      await expectRefusedUntouched(
        ['run', '--duration', '5', '--out', 'fresh', '--force'],
        'fresh',
      ),
    ).toContain(
      'machine-0.csv: expected nothing there or a file lamport-lab wrote, got a file lamport-lab did not write',
    );
    mkdirSync(join(cwd, 'linked'));
    symlinkSync(join(cwd, 'outside', 'file.txt'), join(cwd, 'linked', 'manifest.json'));
    expect(
      await expectRefusedUntouched(
        ['run', '--duration', '5', '--out', 'linked', '--force'],
        'linked',
      ),
    ).toContain(
      'manifest.json: expected nothing there or a file lamport-lab wrote, got a symbolic link',
    );
    expectSurvived(user);
  });

  it('npm start (run default --force) replaces its earlier run, also one made before records', async () => {
    expectOk(await cli('run', 'default', '--force', '--quiet'));
    const runDir = join(cwd, 'logs', 'default-seed42');
    const user = plant(runDir, likeRunOutputs);
    expectOk(await cli('run', 'default', '--force', '--quiet'));
    expectSurvived(user);
    // A run by an earlier version has no record: its manifest vouches for its logs, for
    // itself and for the summary of that run; nothing else is taken for ours.
    rmSync(join(runDir, '.lamport-lab.json'));
    expectOk(await cli('run', 'default', '--force', '--quiet'));
    expectSurvived(user);
    expect(existsSync(join(runDir, '.lamport-lab.json'))).toBe(true);
    // The first record written into such a run (here by analyze) keeps what the manifest
    // vouched for: the run stays replaceable.
    rmSync(join(runDir, '.lamport-lab.json'));
    expectOk(await cli('analyze', 'logs/default-seed42'));
    expectOk(await cli('run', 'default', '--force', '--quiet'));
    expectSurvived(user);
    // A log edited since: the manifest no longer vouches for it, nor for itself.
    rmSync(join(runDir, '.lamport-lab.json'));
    writeFileSync(join(runDir, 'machine-1.csv'), 'edited by the user\n', { flag: 'a' });
    await expectRefusedUntouched(['run', 'default', '--force'], 'machine-1.csv');
  });

  it('replay --force replaces its own replay and nothing else', async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'source', '--quiet'));
    expectOk(await cli('replay', 'source', '--out', 'again'));
    const user = plant(join(cwd, 'again'), likeRunOutputs);
    await expectRefusedUntouched(['replay', 'source', '--out', 'again'], 'again');
    expectOk(await cli('replay', 'source', '--out', 'again', '--force', '--verify'));
    expectSurvived(user);
    writeFileSync(join(cwd, 'again', 'machine-2.csv'), 'mine now\n');
    await expectRefusedUntouched(
      ['replay', 'source', '--out', 'again', '--force'],
      'machine-2.csv',
    );
  });
});

describe('plot, report, export, analyze and compare keep the user files', () => {
  const likeChartOutputs = ['clock-old.svg', 'charts/clock.svg', 'report.html'];

  it("plot --out refuses a chart of the user's and adds its own beside the rest", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(join(cwd, 'mydocs'), likeChartOutputs);
    writeFileSync(join(cwd, 'mydocs', 'clock.svg'), '<svg>my drawing</svg>\n');
    await expectRefusedUntouched(['plot', 'r', '--out', 'mydocs'], 'mydocs');
    rmSync(join(cwd, 'mydocs', 'clock.svg'));
    expectOk(await cli('plot', 'r', '--out', 'mydocs'));
    expectOk(await cli('plot', 'r', '--out', 'mydocs'));
    expectSurvived(user);
  });

  it("plot into a charts/ of the user's; a later run --force removes only its charts", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(join(cwd, 'r'), ['charts/mine.svg', 'charts/deeper/x.svg']);
    expectOk(await cli('plot', 'r'));
    expect(existsSync(join(cwd, 'r', 'charts', 'clock.svg'))).toBe(true);
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--force', '--quiet'));
    expect(existsSync(join(cwd, 'r', 'charts', 'clock.svg'))).toBe(false);
    expectSurvived(user);
    // Charts lamport-lab made in a charts/ it made: the directory goes with them.
    rmSync(join(cwd, 'r', 'charts'), { recursive: true });
    expectOk(await cli('plot', 'r'));
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--force', '--quiet'));
    expect(existsSync(join(cwd, 'r', 'charts'))).toBe(false);
  });

  it("report and export refuse a file of the user's unless --force names it", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(cwd, ['report.html', 'run.perfetto.json']);
    writeFileSync(join(cwd, 'essay.html'), 'my essay\n');
    writeFileSync(join(cwd, 'important.txt'), 'important\n');
    expect(
      await expectRefusedUntouched(['report', 'r', '--out', 'essay.html'], 'essay.html'),
    ).toContain('pass --force');
    expect(
      await expectRefusedUntouched(
        ['export', 'r', '--format', 'perfetto', '--out', 'important.txt'],
        'important.txt',
      ),
    ).toContain('pass --force');
    // Its own output is replaced without --force, as before.
    expectOk(await cli('report', 'r', '--out', 'page.html'));
    expectOk(await cli('report', 'r', '--out', 'page.html'));
    expectOk(await cli('export', 'r', '--format', 'shiviz', '--out', 'trace.log'));
    expectOk(await cli('export', 'r', '--format', 'shiviz', '--out', 'trace.log'));
    // --force replaces the one file --out names, nothing else.
    expectOk(await cli('report', 'r', '--out', 'essay.html', '--force'));
    expectOk(await cli('export', 'r', '--format', 'perfetto', '--out', 'important.txt', '--force'));
    expect(readFileSync(join(cwd, 'essay.html'), 'utf8')).toContain('<!DOCTYPE html>');
    expectSurvived(user);
  });

  it('report and export --force over a link replace the link, never the file it points at', async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const runBefore = fileHashes(join(cwd, 'r'));
    mkdirSync(join(cwd, 'q'));
    // One link into the run (its log), one to a file of the user's outside.
    symlinkSync(join('..', 'r', 'machine-0.csv'), join(cwd, 'q', 'page.html'));
    symlinkSync(join(cwd, 'outside', 'file.txt'), join(cwd, 'q', 'trace.json'));
    expectOk(await cli('report', 'r', '--out', 'q/page.html', '--force'));
    expectOk(await cli('export', 'r', '--format', 'perfetto', '--out', 'q/trace.json', '--force'));
    for (const [file, hash] of runBefore)
      expect(fileHashes(join(cwd, 'r')).get(file), file).toBe(hash);
    expect(readFileSync(join(cwd, 'outside', 'file.txt'), 'utf8')).toBe('outside file\n');
    expect(lstatSync(join(cwd, 'q', 'page.html')).isFile()).toBe(true);
    expect(readFileSync(join(cwd, 'q', 'page.html'), 'utf8')).toContain('<!DOCTYPE html>');
    expect(lstatSync(join(cwd, 'q', 'trace.json')).isFile()).toBe(true);
  });

  it("never takes lamport-lab's record for an output, --force or not", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    expectOk(await cli('plot', 'r'));
    const before = fileHashes(join(cwd, 'r'));
    for (const args of [
      ['report', 'r', '--out', 'r/.lamport-lab.json', '--force'],
      ['report', 'r', '--out', 'r/charts/.lamport-lab.json', '--force'],
      ['export', 'r', '--format', 'shiviz', '--out', 'r/.lamport-lab.json', '--force'],
    ]) {
      expect(expectRefusal(await cli(...args), '.lamport-lab.json')).toContain(
        "expected another file name, got .lamport-lab.json, lamport-lab's record",
      );
      expect(fileHashes(join(cwd, 'r'))).toEqual(before);
    }
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--force', '--quiet'));
  });

  it("report and export into the run directory refuse a default file of the user's, --force or not", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'r', '--quiet'));
    const user = plant(join(cwd, 'r'), ['report.html', 'run.perfetto.json', 'machine-5.csv']);
    for (const force of [[], ['--force']]) {
      await expectRefusedUntouched(['report', 'r', ...force], 'report.html');
      await expectRefusedUntouched(
        ['export', 'r', '--format', 'perfetto', ...force],
        'run.perfetto.json',
      );
    }
    expectOk(await cli('export', 'r', '--format', 'shiviz'));
    expectOk(await cli('report', 'r', '--out', 'r/page.html'));
    expectSurvived(user);
  });

  it("analyze and compare leave a summary or ShiViz file of the user's as it is", async () => {
    expectOk(await cli('run', '--duration', '5', '--out', 'a', '--quiet'));
    expectOk(await cli('run', '--duration', '5', '--seed', '7', '--out', 'b', '--quiet'));
    writeFileSync(join(cwd, 'a', 'summary.json'), '{"my": "summary"}\n');
    writeFileSync(join(cwd, 'b', 'compare.shiviz.log'), 'my notes\n');
    const user = plant(join(cwd, 'b'), ['summary.json.bak']);
    const before = fileHashes(cwd);
    const analyzed = await cli('analyze', 'a');
    expectOk(analyzed);
    expect(analyzed.stderr).toContain('a/summary.json left as it is');
    const compared = await cli('compare', 'a', 'b');
    expect(compared.status).toBe(1);
    expect(compared.stderr).toContain('b/compare.shiviz.log not written');
    expect(fileHashes(cwd)).toEqual(before);
    expectSurvived(user);
  });
});
