/**
 * Goal: the installed command behaves as its help promises: the files a run writes, its exit
 * codes, its one-line refusals of bad input, its JSON output and its handling of Ctrl-C.
 * Method: the BUILT CLI (dist/src/cli.js, fresh because `npm test` runs tsc first) is spawned as
 * a real process, with a fresh temp dir as its working directory, removed after every test.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listBundledScenarioNames } from '../../../src/scenario/load.js';
import { type CliResult, cliPath, fileHashes, runBuiltCli } from '../../helpers/cli-process.js';
import { expectRunChecksOk } from '../../helpers/expect-run-checks.js';

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const logHeader = 'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock';

interface ManifestLog {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly rows: number;
}

interface ManifestMachine {
  readonly id: number;
  readonly rateHz: number;
  readonly events: { readonly total: number };
}

interface ManifestJson {
  readonly mode: string;
  readonly completed: boolean;
  readonly events: number;
  readonly scenario: { readonly seed: number; readonly rates: number[]; readonly name: string };
  readonly machines: ManifestMachine[];
  readonly logs: ManifestLog[];
}

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-cli-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function cli(...args: string[]): CliResult {
  return runBuiltCli(cwd, args);
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function readManifest(runDir: string): ManifestJson {
  return JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as ManifestJson;
}

/** Every log the manifest lists is on disk with the sha256, size and row count it claims. */
function expectLogsMatchManifest(runDir: string, manifest: ManifestJson): void {
  expectRunChecksOk(runDir);
  expect(manifest.logs.map((log) => log.file)).toEqual(
    manifest.machines.map((machine) => `machine-${machine.id}.csv`),
  );
  for (const log of manifest.logs) {
    const path = join(runDir, log.file);
    expect(sha256Of(path), log.file).toBe(log.sha256);
    const text = readFileSync(path, 'utf8');
    expect(Buffer.byteLength(text), log.file).toBe(log.bytes);
    expect(text.split('\n')[0], log.file).toBe(logHeader);
    expect(dataRows(text), log.file).toHaveLength(log.rows);
  }
}

function dataRows(csv: string): string[] {
  const lines = csv.split('\n');
  expect(lines.at(-1)).toBe('');
  return lines.slice(1, -1);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolveTimer) => setTimeout(resolveTimer, 5));
  }
}

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
  it('summarises rates and machines when there are many, and survives a closed pipe', () => {
    const result = cli('run', '--machines', '40', '--duration', '5', '--no-logs');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /40 machines, rates \d+(\.\d+)?\.\.\d+(\.\d+)? Hz \(mean \d+\.\d{3}\)/,
    );
    expect(result.stdout).toContain('(machines 10..29 not shown: see manifest.json');
    const tableRows = result.stdout.split('\n').filter((line) => /^\s+\d+\s+\d/.test(line));
    expect(tableRows).toHaveLength(20);
    // Reading one line and closing the pipe must not print a stack trace.
    const piped = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${cliPath}" run --machines 40 --duration 5 --no-logs | head -1`,
      ],
      {
        cwd,
        encoding: 'utf8',
      },
    );
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
  });

  it('writes one CSV per machine and a manifest for trial1', () => {
    const runDir = join(cwd, 'r');
    const result = cli('run', 'trial1', '--out', runDir);
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

  it('writes the same bytes when run twice with the same scenario and seed', () => {
    expect(cli('run', 'trial2', '--out', 'one').status).toBe(0);
    expect(cli('run', 'trial2', '--out', 'two').status).toBe(0);
    for (const file of readdirSync(join(cwd, 'one'))) {
      expect(readFileSync(join(cwd, 'two', file)), file).toEqual(
        readFileSync(join(cwd, 'one', file)),
      );
    }
  });

  it('writes to logs/default-seed42/ under the working directory by default', () => {
    const result = cli('run');
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

  it('gives a run with flags that change the scenario a default directory of its own', () => {
    expect(cli('run', '--duration', '5', '--quiet').status).toBe(0);
    expect(cli('run', '--duration', '5', '--machines', '4', '--fifo', '--quiet').status).toBe(0);
    const dirs = readdirSync(join(cwd, 'logs')).sort();
    expect(dirs).toHaveLength(2);
    expect(dirs[0]).toMatch(/^default-seed42-[0-9a-f]{8}$/);
    expect(dirs[1]).toMatch(/^default-seed42-[0-9a-f]{8}$/);
    expect(readManifest(join(cwd, 'logs', dirs[0] as string)).machines).toHaveLength(3);
    // The same flags in another order name the same directory, which now holds a run.
    const again = cli('run', '--fifo', '--machines', '4', '--duration', '5');
    expect(expectRefusal(again)).toMatch(
      /--out logs\/default-seed42-[0-9a-f]{8}: the directory is not empty/,
    );
  });

  it('refuses a non-empty --out directory without --force and leaves it untouched', () => {
    const runDir = join(cwd, 'r');
    mkdirSync(runDir);
    const notes = join(runDir, 'notes.txt');
    const before = Buffer.from('my own notes\n');
    writeFileSync(notes, before);
    const message = expectRefusal(cli('run', 'trial1', '--out', runDir));
    expect(message).toContain('--force');
    expect(message).toContain(runDir);
    expect(readdirSync(runDir)).toEqual(['notes.txt']);
    expect(readFileSync(notes)).toEqual(before);
  });

  it('replaces the run in a non-empty --out directory with --force, keeping other files', () => {
    const runDir = join(cwd, 'r');
    expect(cli('run', 'trial3', '--out', runDir).status).toBe(0);
    writeFileSync(join(runDir, 'notes.txt'), 'my own notes\n');
    const result = cli('run', 'trial1', '--out', runDir, '--force');
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

  it('writes no files with --no-logs', () => {
    const result = cli('run', 'trial1', '--no-logs');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.startsWith('SEED=1001')).toBe(true);
    expect(result.stdout).toContain('180 events');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('prints one JSON document on stdout with --json, and the seed on stderr', () => {
    const result = cli('run', 'trial4', '--json', '--out', 'r');
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

  it('prints a repeat command that gives the same run again', () => {
    const first = cli(
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
    const repeat = /repeat: lamport-lab (.*)$/m.exec(first.stderr)?.[1];
    expect(repeat).toBeDefined();
    const again = cli(...(repeat as string).split(' '), '--json', '--no-logs');
    expect(again.status, again.stderr).toBe(0);
    const firstSummary = JSON.parse(first.stdout) as { seed: number; durationSec: number };
    expect(firstSummary.seed).toBe(7);
    expect(firstSummary.durationSec).toBe(7.5);
    expect(JSON.parse(again.stdout)).toEqual(firstSummary);
  });

  it('prints a repeat command that, run as printed, makes the same logs again in place', () => {
    const first = cli('run', '--seed', '5', '--duration', '5', '--out', 'my run', '--quiet');
    expect(first.status, first.stderr).toBe(0);
    const logsLine = /^logs: .*$/m.exec(first.stdout + first.stderr)?.[0] ?? '';
    expect(logsLine).toContain('manifest.json, summary.json)');
    const repeat = /repeat: lamport-lab (.*)$/m.exec(logsLine)?.[1];
    expect(repeat).toBe("run default --seed 5 --duration 5 --out 'my run' --force");
    const before = sha256Of(join(cwd, 'my run', 'machine-0.csv'));
    const again = spawnSync('sh', ['-c', `"$0" "$1" ${repeat}`, process.execPath, cliPath], {
      cwd,
      encoding: 'utf8',
    });
    expect(again.status, again.stderr).toBe(0);
    expect(sha256Of(join(cwd, 'my run', 'machine-0.csv'))).toBe(before);
  });

  it('keeps --name in the repeat command, so the repeat goes to the same directory', () => {
    const first = cli('run', '--seed', '5', '--duration', '5', '--name', 'myrun', '--quiet');
    expect(first.status, first.stderr).toBe(0);
    const logsLine = /^logs: .*$/m.exec(first.stdout + first.stderr)?.[0] ?? '';
    expect(logsLine).toContain('logs: logs/myrun-seed5-');
    const repeat = /repeat: lamport-lab (.*)$/m.exec(logsLine)?.[1] as string;
    expect(repeat).toMatch(/ --name myrun( |$)/);
    const again = cli(...repeat.split(' '));
    expect(again.status, again.stderr).toBe(0);
    expect(/^logs: \S+/m.exec(again.stdout + again.stderr)?.[0]).toBe(
      /^logs: \S+/m.exec(logsLine)?.[0],
    );
  });

  it('draws rates from --rate-distribution and repeats the run through a shell', () => {
    const distribution = '{"kind":"choice","valuesHz":[1,6],"weights":[9,1]}';
    const first = cli(
      'run',
      '--seed',
      '11',
      '--machines',
      '6',
      '--rate-distribution',
      distribution,
      '--duration',
      '5',
      '--json',
      '--no-logs',
    );
    expect(first.status, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout) as { machines: { rateHz: number }[] };
    for (const machine of summary.machines) expect([1, 6]).toContain(machine.rateHz);
    const repeat = /repeat: lamport-lab (.*)$/m.exec(first.stderr)?.[1];
    expect(repeat).toContain(`--rate-distribution '${distribution}'`);
    const again = spawnSync(
      'sh',
      ['-c', `"$0" "$1" ${repeat} --json --no-logs`, process.execPath, cliPath],
      {
        cwd,
        encoding: 'utf8',
      },
    );
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(summary);
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
      { command: 'run --host 127.0.0.1', names: '--host' },
      { command: 'run --ports 5555,6666,7777', names: '--ports' },
      { command: 'run --topology router', names: '--topology' },
      { command: 'nosuchcommand', names: 'nosuchcommand' },
    ];

    it.each(cases)(
      'refuses `$command` in one line naming $names, and writes nothing',
      ({ command, names }) => {
        const message = expectRefusal(cli(...command.split(' ')));
        expect(message).toContain(names);
        expect(readdirSync(cwd)).toEqual([]);
      },
    );

    it('names the scenario file and field, not a flag, when the file is bad', () => {
      writeFileSync(join(cwd, 'bad.json'), '{ "machines": "three" }\n');
      const message = expectRefusal(cli('run', 'bad.json'));
      expect(message).toContain('bad.json');
      expect(message).toContain('machines');
      expect(message).toContain('"three"');
      expect(message).not.toContain('--machines');
      expect(readdirSync(cwd)).toEqual(['bad.json']);
    });

    it('refuses a scenario file with invalid JSON in one line', () => {
      writeFileSync(join(cwd, 'bad.json'), '{\n  "machines": three\n}\n');
      const message = expectRefusal(cli('run', 'bad.json'));
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

  it('refuses more --machines than the cap, naming the flag and the cap', () => {
    const message = expectRefusal(
      cli('run', '--mode', 'tcp', '--machines', '10000', '--duration', '1', '--ports', '5555'),
    );
    expect(message).toBe(`lamport-lab: --machines: ${capped}, got 10000 (number)`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses more --rates than the cap: they say how many machines', () => {
    const rates = Array.from({ length: 65 }, () => '1').join(',');
    const message = expectRefusal(cli('run', '--mode', 'tcp', '--rates', rates, '--ports', '5555'));
    expect(message).toContain('--rates: expected at most 64 rates');
    expect(message).toContain('got an array of 65');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("refuses a scenario file's machines over the cap, naming the file and field", () => {
    writeFileSync(join(cwd, 'big.json'), '{ "machines": 65, "durationSec": 1 }\n');
    const message = expectRefusal(cli('run', 'big.json', '--mode', 'tcp', '--ports', '5555'));
    expect(message).toBe(`lamport-lab: big.json: machines: ${capped}, got 65 (number)`);
    expect(readdirSync(cwd)).toEqual(['big.json']);
  });

  it('keeps the cap to tcp mode: a virtual run takes the same scenario', () => {
    writeFileSync(join(cwd, 'big.json'), '{ "machines": 65, "durationSec": 1 }\n');
    const result = cli('run', 'big.json', '--no-logs', '--quiet');
    expect(result.status, result.stderr).toBe(0);
  });

  it.each([
    [['--seed', 'abc'], '--seed: expected a number, got "abc"'],
    [
      ['--latency', 'bogus'],
      '--latency: expected MS, uniform:MIN-MAX or exp:MEAN (milliseconds), got "bogus"',
    ],
    [['--mode', 'udp'], '--mode: expected one of virtual, tcp, got "udp"'],
  ])('words a flag its parser refuses like every other refusal: %j', (args, expected) => {
    expect(expectRefusal(cli('run', ...args))).toBe(`lamport-lab: ${expected}`);
  });

  it.each(['', ' '])('refuses --host %j in one line naming --host', (host) => {
    const message = expectRefusal(cli('run', '--mode', 'tcp', '--host', host, '--ports', '5555'));
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
    (args, flag) => {
      // Ignored by a TCP run (the real network decides), it was taken and changed the directory tag.
      const message = expectRefusal(cli('run', '--mode', 'tcp', ...args, '--ports', '5555'));
      expect(message).toBe(
        `lamport-lab: ${flag}: applies to --mode virtual only (a TCP run's latency and ordering are the real network's), got --mode tcp`,
      );
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it('names the cap in --help', () => {
    const result = cli('run', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/at most 64 in tcp\s+mode/);
  });
});

describe('lamport-lab with a place the system will not write', () => {
  it('refuses an --out below a file in one line naming --out, exit code 2', () => {
    writeFileSync(join(cwd, 'file'), 'not a directory\n');
    const message = expectRefusal(cli('run', '--out', 'file/run'));
    expect(message).toBe(
      'lamport-lab: --out file/run: cannot create the directory: a parent of it is a file, not a directory (ENOTDIR)',
    );
    expect(readdirSync(cwd)).toEqual(['file']);
  });

  it('refuses an --out below a broken symbolic link, naming the link', () => {
    symlinkSync(join(cwd, 'gone'), join(cwd, 'link'));
    const message = expectRefusal(cli('run', '--out', 'link/run'));
    expect(message).toContain('--out link/run');
    expect(message).toContain(`making ${join(cwd, 'link')}`);
    expect(message).toContain('symbolic link to something missing');
  });

  it.runIf(existsSync('/proc/self'))(
    'refuses an --out under /proc at once (Node 20 recursive mkdir never returns there)',
    () => {
      const message = expectRefusal(cli('run', '--out', '/proc/lamport-lab-test/run'));
      expect(message).toContain('--out /proc/lamport-lab-test/run');
    },
  );

  it.runIf(existsSync('/dev/full'))(
    'stops with the full file named, in one line and exit code 2, when the disk is full',
    () => {
      expect(cli('run', '--duration', '5', '--out', 'run', '--quiet').status).toBe(0);
      // Every write to full.html goes to /dev/full, which answers ENOSPC. A link is never
      // lamport-lab's: only the file named by --out, with --force, is written through one.
      symlinkSync('/dev/full', join(cwd, 'full.html'));
      const message = expectRefusal(cli('report', 'run', '--out', 'full.html', '--force'));
      expect(message).toBe(
        'lamport-lab: full.html: cannot write it: no space left on the device (ENOSPC)',
      );
    },
  );
});

describe('lamport-lab keeps what is already written when it refuses', () => {
  const snapshot = (): Map<string, string> => fileHashes(cwd);

  function madeRun(): void {
    expect(cli('run', '--duration', '5', '--out', 'run', '--quiet').status).toBe(0);
  }

  it('refuses an empty --out or run directory instead of taking it for "here"', () => {
    madeRun();
    writeFileSync(join(cwd, 'REPORT.md'), 'my own notes\n');
    const before = snapshot();
    expect(expectRefusal(cli('run', '--out', ''))).toBe(
      'lamport-lab: --out: expected a value, got an empty string',
    );
    expect(expectRefusal(cli('experiments', '--out', ''))).toBe(
      'lamport-lab: --out: expected a value, got an empty string',
    );
    expect(expectRefusal(cli('check', ''))).toBe(
      'lamport-lab: <run-dir>: expected a value, got an empty string',
    );
    expect(snapshot()).toEqual(before);
  });

  it('checks experiments options before it empties --out', () => {
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
      const message = expectRefusal(cli('experiments', ...flags, '--out', 'exp', '--force'));
      expect(message, flags.join(' ')).toContain(expected);
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses to replay a run into its own directory', () => {
    madeRun();
    const before = snapshot();
    expect(expectRefusal(cli('replay', 'run', '--out', './run/', '--force'))).toBe(
      'lamport-lab: --out ./run/: expected a directory other than the run it reads (run)',
    );
    expect(snapshot()).toEqual(before);
  });

  it("refuses a report --out that is one of the run's own files", () => {
    madeRun();
    const before = snapshot();
    for (const file of ['manifest.json', 'summary.json', 'machine-0.csv']) {
      expect(expectRefusal(cli('report', 'run', '--out', `run/${file}`))).toBe(
        `lamport-lab: --out run/${file}: expected a new file, got the run's own ${file} (it would be overwritten)`,
      );
    }
    expect(snapshot()).toEqual(before);
  });

  it('with --force, removes only what a run writes, and refuses a directory where one of its files goes', () => {
    madeRun();
    writeFileSync(join(cwd, 'run', 'charts'), 'a file of mine, not a folder of charts\n');
    rmSync(join(cwd, 'run', 'summary.json'), { force: true });
    mkdirSync(join(cwd, 'run', 'summary.json'));
    const before = snapshot();
    expect(expectRefusal(cli('run', '--duration', '5', '--out', 'run', '--force'))).toBe(
      'lamport-lab: --out run: summary.json is a directory, where a run writes a file; expected a file or nothing',
    );
    expect(snapshot()).toEqual(before);
    rmSync(join(cwd, 'run', 'summary.json'), { recursive: true });
    expect(cli('run', '--duration', '5', '--out', 'run', '--force', '--quiet').status).toBe(0);
    expect(readFileSync(join(cwd, 'run', 'charts'), 'utf8')).toBe(
      'a file of mine, not a folder of charts\n',
    );
  });
});

describe('lamport-lab with its output pipe closed early', () => {
  /**
   * The built CLI with stdout a pipe whose reading end is closed before the CLI writes, as
   * `| head` does once it has its lines: every write then fails with EPIPE. Closing at once,
   * not after a chunk, makes that certain; after a chunk the rest may already sit in the pipe.
   */
  async function withStdoutClosed(...args: string[]): Promise<CliResult> {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.destroy();
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const status = await new Promise<number | null>((resolveExit) => {
      child.on('close', (code) => resolveExit(code));
    });
    return { status, stdout: '', stderr };
  }

  it('keeps a failing compare at exit 1, quietly', async () => {
    expect(cli('run', 'trial1', '--out', 'a').status).toBe(0);
    expect(cli('run', 'trial1', '--seed', '7', '--out', 'b').status).toBe(0);
    expect(cli('compare', 'a', 'b').status).toBe(1);
    const piped = await withStdoutClosed('compare', 'a', 'b');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(1);
  });

  it('keeps a passing command at exit 0 and lets it finish its work', async () => {
    const piped = await withStdoutClosed('run', 'trial1', '--out', 'r');
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
    expect(readManifest(join(cwd, 'r')).completed).toBe(true);
  });

  it('keeps bad input at exit 2', async () => {
    const piped = await withStdoutClosed('run', '--seed', 'abc');
    expect(piped.status).toBe(2);
    expect(piped.stderr).toContain('--seed');
  });
});

describe('lamport-lab run, long', () => {
  it('writes the logs of a run long enough for the log writer thread, digests matching', () => {
    // 60 000 s of the default rates: over the 2^19 expected events from which run.ts writes
    // the logs on the log writer thread.
    const result = cli('run', '--duration', '60000', '--out', 'r');
    expect(result.status, result.stderr).toBe(0);
    const manifest = readManifest(join(cwd, 'r'));
    expect(manifest.completed).toBe(true);
    expect(manifest.events).toBeGreaterThan(1 << 19);
    expectLogsMatchManifest(join(cwd, 'r'), manifest);
  });
});

describe('lamport-lab run, interrupted', () => {
  it('exits 130 on SIGINT and leaves an incomplete manifest whose digests match the logs', async () => {
    const runDir = join(cwd, 'r');
    let child: ChildProcess | undefined;
    try {
      const started = spawn(
        process.execPath,
        [cliPath, 'run', '--duration', '10000000', '--out', runDir],
        { cwd, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      // Read stderr (the progress bar, the warning) all along, so the child never blocks on a
      // full pipe.
      let stderr = '';
      started.stderr?.setEncoding('utf8');
      started.stderr?.on('data', (chunk: string) => {
        stderr += chunk;
      });
      let stdout = '';
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
        (resolveExit) => {
          started.on('exit', (code, signal) => resolveExit({ code, signal }));
        },
      );
      await new Promise<void>((resolveSeed, rejectSeed) => {
        started.stdout?.setEncoding('utf8');
        started.stdout?.on('data', (chunk: string) => {
          stdout += chunk;
          if (stdout.includes('SEED=')) resolveSeed();
        });
        started.on('exit', () => rejectSeed(new Error(`exited before its seed:\n${stdout}`)));
      });
      // The seed line comes a moment before the Ctrl-C handler is set; the logs are opened after
      // it. Waiting for them makes the signal land in the run, not in that moment.
      await waitFor(() => existsSync(join(runDir, 'machine-0.csv')), 10_000);
      expect(started.exitCode).toBeNull();
      started.kill('SIGINT');
      const { code, signal } = await exited;
      expect(signal).toBeNull();
      expect(code).toBe(130);
      expect(stdout.startsWith('SEED=42')).toBe(true);
      // 10^8 rows: said before the run started, with the ways not to write them.
      expect(stderr).toContain(
        'warning: this run will write about 5.4 GB of logs (100,000,000 rows); use --no-logs to run without logs, or --duration 1851851 or less to stay under 1 GB',
      );
      const manifest = readManifest(runDir);
      expect(manifest.completed).toBe(false);
      expect(manifest.scenario.seed).toBe(42);
      expectLogsMatchManifest(runDir, manifest);
      expect(manifest.events).toBe(manifest.logs.reduce((sum, log) => sum + log.rows, 0));
    } finally {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  });
});

describe('lamport-lab --help and --version', () => {
  it('shows the program help with examples', () => {
    const result = cli('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: lamport-lab');
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('scenarios');
  });

  it('shows the run help with examples and every option', () => {
    const result = cli('run', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Examples:');
    for (const option of ['--seed', '--out', '--force', '--no-logs', '--json', '--latency']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = cli('--version');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });
});

describe('lamport-lab scenarios', () => {
  it('lists one line per bundled scenario, default first', () => {
    const result = cli('scenarios');
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
