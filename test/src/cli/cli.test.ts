/**
 * Goal: the installed command behaves as its help promises: the files a run writes, its exit
 * codes, its one-line refusals of bad input, its JSON output and its handling of Ctrl-C.
 * Method: the CLI program (runCli, in this process) with a fresh temp dir as its working
 * directory, removed after every test. What needs a real process (a pipe, a shell, a signal, the
 * built binary) is in cli.process.test.ts.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBundledScenarioNames } from '../../../src/scenario/load.js';
import { type CliResult, cliIn, fileHashes } from '../../helpers/cli-process.js';
import {
  dataRows,
  expectLogsMatchManifest,
  logHeader,
  type ManifestMachine,
  readManifest,
} from '../../helpers/run-files.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-cli-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The CLI program in this process, in the test's working directory. */
const cli = cliIn(() => cwd);

/** Bad input: exit 2, one line on stderr without a stack trace, nothing on stdout. */
function expectRefusal(result: CliResult): string {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const message = result.stderr.slice(0, -1);
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/^\s+at /m);
  expect(message.length).toBeGreaterThan(0);
  return message;
}

describe('lamport-lab run', () => {
  it('writes one CSV per machine and a manifest for trial1', async () => {
    const runDir = join(cwd, 'r');
    const result = await cli('run', 'trial1', '--out', runDir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.startsWith('SEED=1001')).toBe(true);
    expect(readdirSync(runDir).sort()).toEqual([
      '.lamport-lab.json',
      'machine-0.csv',
      'machine-1.csv',
      'machine-2.csv',
      'manifest.json',
      'summary.json',
    ]);
    for (const id of [0, 1, 2]) {
      const csv = readFileSync(join(runDir, `machine-${id}.csv`), 'utf8');
      expect(csv.split('\n')[0]).toBe(logHeader);
      const rows = dataRows(csv);
      // 1 Hz for 60 s of model time: one event per tick.
      expect(rows).toHaveLength(60);
      for (const row of rows) expect(row.split(',')[0]).toBe(String(id));
    }
    const manifest = readManifest(runDir);
    expect(manifest.mode).toBe('virtual');
    expect(manifest.completed).toBe(true);
    expect(manifest.scenario.seed).toBe(1001);
    expect(manifest.scenario.rates).toEqual([1, 1, 1]);
    expect(manifest.machines.map((machine) => machine.rateHz)).toEqual([1, 1, 1]);
    expect(manifest.events).toBe(180);
    expectLogsMatchManifest(runDir, manifest);
  });

  it('writes the same bytes when run twice with the same scenario and seed', async () => {
    expect((await cli('run', 'trial2', '--out', 'one')).status).toBe(0);
    expect((await cli('run', 'trial2', '--out', 'two')).status).toBe(0);
    for (const file of readdirSync(join(cwd, 'one'))) {
      expect(readFileSync(join(cwd, 'two', file)), file).toEqual(
        readFileSync(join(cwd, 'one', file)),
      );
    }
  });

  it('writes to logs/default-seed42/ under the working directory by default', async () => {
    const result = await cli('run');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.startsWith('SEED=42')).toBe(true);
    const runDir = join(cwd, 'logs', 'default-seed42');
    expect(readdirSync(join(cwd, 'logs'))).toEqual(['default-seed42']);
    expect(readdirSync(runDir).sort()).toEqual([
      '.lamport-lab.json',
      'machine-0.csv',
      'machine-1.csv',
      'machine-2.csv',
      'manifest.json',
      'summary.json',
    ]);
    const manifest = readManifest(runDir);
    expect(manifest.scenario.name).toBe('default');
    expect(manifest.scenario.seed).toBe(42);
    expectLogsMatchManifest(runDir, manifest);
  });

  it('gives a run with flags that change the scenario a default directory of its own', async () => {
    expect((await cli('run', '--duration', '5', '--quiet')).status).toBe(0);
    expect(
      (await cli('run', '--duration', '5', '--machines', '4', '--fifo', '--quiet')).status,
    ).toBe(0);
    const dirs = readdirSync(join(cwd, 'logs')).sort();
    expect(dirs).toHaveLength(2);
    expect(dirs[0]).toMatch(/^default-seed42-[0-9a-f]{8}$/);
    expect(dirs[1]).toMatch(/^default-seed42-[0-9a-f]{8}$/);
    expect(readManifest(join(cwd, 'logs', dirs[0] as string)).machines).toHaveLength(3);
    // The same flags in another order name the same directory, which now holds a run.
    const again = await cli('run', '--fifo', '--machines', '4', '--duration', '5');
    expect(expectRefusal(again)).toMatch(
      /--out logs\/default-seed42-[0-9a-f]{8}: the directory is not empty/,
    );
  });

  it('tags a fault flag by its value, not as typed: 0.1 and 1e-1 name one directory', async () => {
    expect((await cli('run', '--duration', '5', '--loss', '0.1', '--quiet')).status).toBe(0);
    const same = await cli('run', '--duration', '5', '--loss', '1e-1', '--quiet');
    expect(expectRefusal(same)).toMatch(
      /--out logs\/default-seed42-[0-9a-f]{8}: the directory is not empty/,
    );
    expect((await cli('run', '--duration', '5', '--loss', '0.2', '--quiet')).status).toBe(0);
    const dirs = readdirSync(join(cwd, 'logs')).filter((dir) => dir.startsWith('default-seed42-'));
    expect(dirs).toHaveLength(2);
  });

  it('refuses a non-empty --out directory without --force and leaves it untouched', async () => {
    const runDir = join(cwd, 'r');
    mkdirSync(runDir);
    const notes = join(runDir, 'notes.txt');
    const before = Buffer.from('my own notes\n');
    writeFileSync(notes, before);
    const message = expectRefusal(await cli('run', 'trial1', '--out', runDir));
    expect(message).toContain('--force');
    expect(message).toContain(runDir);
    expect(readdirSync(runDir)).toEqual(['notes.txt']);
    expect(readFileSync(notes)).toEqual(before);
  });

  it('replaces the run in a non-empty --out directory with --force, keeping other files', async () => {
    const runDir = join(cwd, 'r');
    expect((await cli('run', 'trial3', '--out', runDir)).status).toBe(0);
    writeFileSync(join(runDir, 'notes.txt'), 'my own notes\n');
    const result = await cli('run', 'trial1', '--out', runDir, '--force');
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(runDir).sort()).toEqual([
      '.lamport-lab.json',
      'machine-0.csv',
      'machine-1.csv',
      'machine-2.csv',
      'manifest.json',
      'notes.txt',
      'summary.json',
    ]);
    const manifest = readManifest(runDir);
    expect(manifest.scenario.seed).toBe(1001);
    expectLogsMatchManifest(runDir, manifest);
    expect(readFileSync(join(runDir, 'notes.txt'), 'utf8')).toBe('my own notes\n');
  });

  it('writes no files with --no-logs', async () => {
    const result = await cli('run', 'trial1', '--no-logs');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.startsWith('SEED=1001')).toBe(true);
    expect(result.stdout).toContain('180 events');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints one JSON document on stdout with --json, and the seed on stderr', async () => {
    const result = await cli('run', 'trial4', '--json', '--out', 'r');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.startsWith('SEED=1004')).toBe(true);
    expect(result.stdout).not.toContain('SEED=');
    const summary = JSON.parse(result.stdout) as {
      events: number;
      machines: ManifestMachine[];
      runDir: string;
      seed: number;
    };
    expect(summary.seed).toBe(1004);
    expect(summary.runDir).toBe('r');
    expect(summary.machines).toHaveLength(3);
    expect(summary.machines.map((machine) => machine.rateHz)).toEqual([3, 2, 1]);
    const total = summary.machines.reduce((sum, machine) => sum + machine.events.total, 0);
    expect(summary.events).toBe(total);
    // 3 + 2 + 1 Hz for 60 s.
    expect(summary.events).toBe(360);
    expect(readManifest(join(cwd, 'r')).events).toBe(summary.events);
  });

  it('prints a repeat command that gives the same run again', async () => {
    const first = await cli(
      'run',
      'trial2',
      '--seed',
      '7',
      '--duration',
      '7.5',
      '--rates',
      '2,3',
      '--internal-probability',
      '0.25',
      '--latency',
      'uniform:1-5',
      '--fifo',
      '--json',
      '--no-logs',
    );
    expect(first.status, first.stderr).toBe(0);
    const repeat = /repeat: npx lamport-lab (.*)$/m.exec(first.stderr)?.[1];
    expect(repeat).toBeDefined();
    const again = await cli(...(repeat as string).split(' '), '--json', '--no-logs');
    expect(again.status, again.stderr).toBe(0);
    const firstSummary = JSON.parse(first.stdout) as { seed: number; durationSec: number };
    expect(firstSummary.seed).toBe(7);
    expect(firstSummary.durationSec).toBe(7.5);
    expect(JSON.parse(again.stdout)).toEqual(firstSummary);
  });

  it('keeps --name in the repeat command, so the repeat goes to the same directory', async () => {
    const first = await cli('run', '--seed', '5', '--duration', '5', '--name', 'myrun', '--quiet');
    expect(first.status, first.stderr).toBe(0);
    const logsLine = /^logs: .*$/m.exec(first.stdout + first.stderr)?.[0] ?? '';
    expect(logsLine).toContain('logs: logs/myrun-seed5-');
    const repeat = /repeat: npx lamport-lab (.*)$/m.exec(logsLine)?.[1] as string;
    expect(repeat).toMatch(/ --name myrun( |$)/);
    const again = await cli(...repeat.split(' '));
    expect(again.status, again.stderr).toBe(0);
    expect(/^logs: \S+/m.exec(again.stdout + again.stderr)?.[0]).toBe(
      /^logs: \S+/m.exec(logsLine)?.[0],
    );
  });

  describe('with bad input', () => {
    const cases: { readonly command: string; readonly names: string }[] = [
      { command: 'run --rates 1,-2,3', names: '--rates' },
      { command: 'run --rates 1,x,3', names: '--rates' },
      { command: 'run --internal-probability 1.5', names: '--internal-probability' },
      { command: 'run --machines 1', names: '--machines' },
      { command: 'run --duration 0', names: '--duration' },
      { command: 'run --rate-range 6-1', names: '--rate-range' },
      { command: 'run --rate-distribution {kind:uniform}', names: '--rate-distribution' },
      { command: 'run --rate-distribution [1,6]', names: '--rate-distribution' },
      {
        command: 'run --rate-distribution {"kind":"uniform","minHz":6,"maxHz":1}',
        names: '--rate-distribution (rateDistribution.maxHz)',
      },
      { command: 'run nosuch', names: 'nosuch' },
      { command: 'run ./missing.json', names: 'missing.json' },
      { command: 'run --seed abc', names: '--seed' },
      { command: 'run --seed -1', names: '--seed' },
      { command: 'run --latency bogus', names: '--latency' },
      { command: 'run --bogus', names: '--bogus' },
      { command: 'run --check-determinism --out somewhere', names: '--check-determinism' },
      { command: 'run --no-logs --out somewhere', names: '--out' },
      { command: 'run --strict', names: '--strict: expected --check beside it' },
      { command: 'run --check-determinism --strict', names: '--strict' },
      { command: 'run --host 127.0.0.1', names: '--host' },
      { command: 'run --ports 5555,6666,7777', names: '--ports' },
      { command: 'run --topology router', names: '--topology' },
      { command: 'nosuchcommand', names: 'nosuchcommand' },
    ];

    it.each(cases)(
      'refuses `$command` in one line naming $names, and writes nothing',
      async ({ command, names }) => {
        const message = expectRefusal(await cli(...command.split(' ')));
        expect(message).toContain(names);
        expect(readdirSync(cwd)).toEqual([]);
      },
    );

    it('names the scenario file and field, not a flag, when the file is bad', async () => {
      writeFileSync(join(cwd, 'bad.json'), '{ "machines": "three" }\n');
      const message = expectRefusal(await cli('run', 'bad.json'));
      expect(message).toContain('bad.json');
      expect(message).toContain('machines');
      expect(message).toContain('"three"');
      expect(message).not.toContain('--machines');
      expect(readdirSync(cwd)).toEqual(['bad.json']);
    });

    it('refuses a scenario file with invalid JSON in one line', async () => {
      writeFileSync(join(cwd, 'bad.json'), '{\n  "machines": three\n}\n');
      const message = expectRefusal(await cli('run', 'bad.json'));
      expect(message).toContain('bad.json');
      expect(message).toContain('invalid JSON');
      expect(readdirSync(cwd)).toEqual(['bad.json']);
    });
  });
});

describe('lamport-lab run --mode tcp, bad input', () => {
  // Each TCP machine is an OS process on this host. `--ports 5555` (one port) is a safety belt:
  // were the cap missing, the launcher would refuse the port count before forking anything, so
  // these tests can never start thousands of processes, bind a port or leave one behind.
  const capped = 'expected at most 64 machines in tcp mode (one process each on this host)';

  it('refuses more --machines than the cap, naming the flag and the cap', async () => {
    const message = expectRefusal(
      await cli(
        'run',
        '--mode',
        'tcp',
        '--machines',
        '10000',
        '--duration',
        '1',
        '--ports',
        '5555',
      ),
    );
    expect(message).toBe(`lamport-lab: --machines: ${capped}, got 10000 (number)`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses more --rates than the cap: they say how many machines', async () => {
    const rates = Array.from({ length: 65 }, () => '1').join(',');
    const message = expectRefusal(
      await cli('run', '--mode', 'tcp', '--rates', rates, '--ports', '5555'),
    );
    expect(message).toContain('--rates: expected at most 64 rates');
    expect(message).toContain('got an array of 65');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses a scenario file's machines over the cap, naming the file and field", async () => {
    writeFileSync(join(cwd, 'big.json'), '{ "machines": 65, "durationSec": 1 }\n');
    const message = expectRefusal(await cli('run', 'big.json', '--mode', 'tcp', '--ports', '5555'));
    expect(message).toBe(`lamport-lab: big.json: machines: ${capped}, got 65 (number)`);
    expect(readdirSync(cwd)).toEqual(['big.json']);
  });

  it('keeps the cap to tcp mode: a virtual run takes the same scenario', async () => {
    writeFileSync(join(cwd, 'big.json'), '{ "machines": 65, "durationSec": 1 }\n');
    const result = await cli('run', 'big.json', '--no-logs', '--quiet');
    expect(result.status, result.stderr).toBe(0);
  });

  it.each([
    [['--seed', 'abc'], '--seed: expected a number, got "abc"'],
    [
      ['--latency', 'bogus'],
      '--latency: expected MS, uniform:MIN-MAX or exp:MEAN (milliseconds), got "bogus"',
    ],
    [['--mode', 'udp'], '--mode: expected one of virtual, tcp, got "udp"'],
  ])('words a flag its parser refuses like every other refusal: %j', async (args, expected) => {
    expect(expectRefusal(await cli('run', ...args))).toBe(`lamport-lab: ${expected}`);
  });

  it.each(['', ' '])('refuses --host %j in one line naming --host', async (host) => {
    const message = expectRefusal(
      await cli('run', '--mode', 'tcp', '--host', host, '--ports', '5555'),
    );
    expect(message).toBe(
      `lamport-lab: --host: expected a host name or IP address like 127.0.0.1, got "${host}"`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each([
    [['--latency', '5'], '--latency'],
    [['--latency', 'uniform:1-20'], '--latency'],
    [['--fifo'], '--fifo'],
    [['--no-fifo'], '--no-fifo'],
  ])(
    "refuses the simulated network's %j in tcp mode, naming the flag, before anything starts",
    async (args, flag) => {
      // Ignored by a TCP run (the real network decides), it was taken and changed the directory tag.
      const message = expectRefusal(await cli('run', '--mode', 'tcp', ...args, '--ports', '5555'));
      expect(message).toBe(
        `lamport-lab: ${flag}: applies to --mode virtual only (a TCP run's latency and ordering are the real network's), got --mode tcp`,
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('names the cap in --help', async () => {
    const result = await cli('run', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/at most 64 in tcp\s+mode/);
  });
});

describe('lamport-lab with a place the system will not write', () => {
  it('refuses an --out below a file in one line naming --out, exit code 2', async () => {
    writeFileSync(join(cwd, 'file'), 'not a directory\n');
    const message = expectRefusal(await cli('run', '--out', 'file/run'));
    expect(message).toBe(
      'lamport-lab: --out file/run: cannot create the directory: a parent of it is a file, not a directory (ENOTDIR)',
    );
    expect(readdirSync(cwd)).toEqual(['file']);
  });

  it('refuses an --out below a broken symbolic link, naming the link', async () => {
    symlinkSync(join(cwd, 'gone'), join(cwd, 'link'));
    const message = expectRefusal(await cli('run', '--out', 'link/run'));
    expect(message).toContain('--out link/run');
    expect(message).toContain(`making ${join(cwd, 'link')}`);
    expect(message).toContain('symbolic link to something missing');
  });

  it.runIf(existsSync('/proc/self'))(
    'refuses an --out under /proc at once (Node 20 recursive mkdir never returns there)',
    async () => {
      const message = expectRefusal(await cli('run', '--out', '/proc/lamport-lab-test/run'));
      expect(message).toContain('--out /proc/lamport-lab-test/run');
    },
  );

  it.runIf(existsSync('/dev/full'))(
    'stops with the full file named, in one line and exit code 2, when the disk is full',
    async () => {
      expect((await cli('run', '--duration', '5', '--out', 'run', '--quiet')).status).toBe(0);
      // Every write to full.html goes to /dev/full, which answers ENOSPC. A link is never
      // lamport-lab's: only the file named by --out, with --force, is written through one.
      symlinkSync('/dev/full', join(cwd, 'full.html'));
      const message = expectRefusal(await cli('report', 'run', '--out', 'full.html', '--force'));
      expect(message).toBe(
        'lamport-lab: full.html: cannot write it: no space left on the device (ENOSPC)',
      );
    },
  );
});

describe('lamport-lab keeps what is already written when it refuses', () => {
  const snapshot = (): Map<string, string> => fileHashes(cwd);

  async function madeRun(): Promise<void> {
    expect((await cli('run', '--duration', '5', '--out', 'run', '--quiet')).status).toBe(0);
  }

  it('refuses an empty --out or run directory instead of taking it for "here"', async () => {
    await madeRun();
    writeFileSync(join(cwd, 'REPORT.md'), 'my own notes\n');
    const before = snapshot();
    expect(expectRefusal(await cli('run', '--out', ''))).toBe(
      'lamport-lab: --out: expected a value, got an empty string',
    );
    expect(expectRefusal(await cli('experiments', '--out', ''))).toBe(
      'lamport-lab: --out: expected a value, got an empty string',
    );
    expect(expectRefusal(await cli('check', ''))).toBe(
      'lamport-lab: <run-dir>: expected a value, got an empty string',
    );
    expect(snapshot()).toEqual(before);
  });

  it('checks experiments options before it empties --out', async () => {
    mkdirSync(join(cwd, 'exp'));
    writeFileSync(join(cwd, 'exp', 'REPORT.md'), 'an earlier report\n');
    const before = snapshot();
    const refusals: [string[], string][] = [
      [['--duration', '0'], '--duration: expected a duration in seconds'],
      [['--seeds', '0'], 'expected a whole number from 1 to 1000, got "0"'],
      [['--seeds', '1e12'], 'expected a whole number from 1 to 1000, got "1e12"'],
      [['--workers', '-1'], 'expected a whole number from 1 to 256, got "-1"'],
      [['--report-file', '../x.md'], '--report-file: expected a file name ending in .md'],
      [['--report-file', 'report.html'], '--report-file: expected a file name ending in .md'],
    ];
    for (const [flags, expected] of refusals) {
      const message = expectRefusal(await cli('experiments', ...flags, '--out', 'exp', '--force'));
      expect(message, flags.join(' ')).toContain(expected);
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses to replay a run into its own directory', async () => {
    await madeRun();
    const before = snapshot();
    expect(expectRefusal(await cli('replay', 'run', '--out', './run/', '--force'))).toBe(
      'lamport-lab: --out ./run/: expected a directory other than the run it reads (run)',
    );
    expect(snapshot()).toEqual(before);
  });

  it("refuses a report --out that is one of the run's own files", async () => {
    await madeRun();
    const before = snapshot();
    for (const file of ['manifest.json', 'summary.json', 'machine-0.csv']) {
      expect(expectRefusal(await cli('report', 'run', '--out', `run/${file}`))).toBe(
        `lamport-lab: --out run/${file}: expected a new file, got the run's own ${file} (it would be overwritten)`,
      );
    }
    expect(snapshot()).toEqual(before);
  });

  it('with --force, removes only what a run writes, and refuses a directory where one of its files goes', async () => {
    await madeRun();
    writeFileSync(join(cwd, 'run', 'charts'), 'a file of mine, not a folder of charts\n');
    rmSync(join(cwd, 'run', 'summary.json'), { force: true });
    mkdirSync(join(cwd, 'run', 'summary.json'));
    const before = snapshot();
    expect(expectRefusal(await cli('run', '--duration', '5', '--out', 'run', '--force'))).toBe(
      'lamport-lab: --out run: summary.json is a directory, where a run writes a file; expected a file or nothing',
    );
    expect(snapshot()).toEqual(before);
    rmSync(join(cwd, 'run', 'summary.json'), { recursive: true });
    expect((await cli('run', '--duration', '5', '--out', 'run', '--force', '--quiet')).status).toBe(
      0,
    );
    expect(readFileSync(join(cwd, 'run', 'charts'), 'utf8')).toBe(
      'a file of mine, not a folder of charts\n',
    );
  });
});

describe('lamport-lab run, long', () => {
  it('writes the logs of a run long enough for the log writer thread, digests matching', async () => {
    // 60 000 s of the default rates: over the 2^19 expected events from which run.ts writes
    // the logs on the log writer thread.
    const result = await cli('run', '--duration', '60000', '--out', 'r');
    expect(result.status, result.stderr).toBe(0);
    const manifest = readManifest(join(cwd, 'r'));
    expect(manifest.completed).toBe(true);
    expect(manifest.events).toBeGreaterThan(1 << 19);
    expectLogsMatchManifest(join(cwd, 'r'), manifest);
  });
});

describe("commander's usage errors, in the house form", () => {
  it.each([
    [
      ['check', '--bogus', 'x'],
      '--bogus: expected an option of lamport-lab check (npx lamport-lab check --help lists them), got an unknown option',
    ],
    [
      ['check', '--stat', 'x'],
      '--stat: expected an option of lamport-lab check (npx lamport-lab check --help lists them), got an unknown option; did you mean --stats?',
    ],
    [
      ['check', 'a', 'b'],
      'check: expected 1 argument (<run-dir>), got 2 (npx lamport-lab check --help)',
    ],
    [
      ['check'],
      '<run-dir>: expected a run directory (machine-<id>.csv files and manifest.json), got nothing (npx lamport-lab check --help)',
    ],
    [['export', 'logs/x'], '--format: expected shiviz or perfetto, got nothing'],
    [
      ['scenarios', 'x'],
      'scenarios: expected no argument, got 1 (npx lamport-lab scenarios --help)',
    ],
    [
      ['run', '--seed'],
      "--seed: expected seed, a whole number 0..4294967295 (default: the scenario's), got nothing",
    ],
    [
      ['chek', 'x'],
      '<command>: expected a command of lamport-lab (npx lamport-lab --help lists them), got "chek"; did you mean check?',
    ],
    [
      ['--bogus'],
      '--bogus: expected an option of lamport-lab (npx lamport-lab --help lists them), got an unknown option',
    ],
  ])('%j: one line, exit 2', async (args, line) => {
    const result = await cli(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`lamport-lab: ${line}\n`);
  });
});

describe('lamport-lab --help and --version', () => {
  it('shows the program help with examples', async () => {
    const result = await cli('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: lamport-lab');
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('scenarios');
  });

  it('shows the run help with examples and every option', async () => {
    const result = await cli('run', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    for (const option of ['--seed', '--out', '--force', '--no-logs', '--json', '--latency']) {
      expect(result.stdout).toContain(option);
    }
  });
});

describe('lamport-lab scenarios', () => {
  it('lists one line per bundled scenario, default first', async () => {
    const result = await cli('scenarios');
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const names = lines.map((line) => line.split(/\s+/)[0]);
    expect(names[0]).toBe('default');
    expect(names).toEqual(listBundledScenarioNames());
    expect(lines.find((line) => line.startsWith('trial5 '))).toMatch(/rates 1\/2\/6/);
    expect(lines.find((line) => line.startsWith('B4 '))).toMatch(/rates 6\/5\/4, p=0\.25/);
    expect(existsSync(join(cwd, 'logs'))).toBe(false);
  });
});
