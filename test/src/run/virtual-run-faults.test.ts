/**
 * Goal: a run with faults writes faults.csv (the driver's evidence, row for row, as lamport-lab's
 * own file, listed with its sha256 in the manifest), and the manifest's fault list, fired counts,
 * per-machine restarts and extended ledger agree with it; a run without faults writes exactly the
 * bytes it wrote before faults existed. Method: `run` in this process on small hand-made
 * scenarios; the expected rows of a partition are derived from the machine logs, independently
 * of the driver; fault-free runs are compared with the committed baseline run of `default`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundledScenariosDir } from '../../../src/common/paths.js';
import { cliIn } from '../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-run-faults-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const cli = cliIn(() => cwd);

function scenarioFile(fields: Record<string, unknown>): string {
  const path = join(cwd, 'scenario.json');
  writeFileSync(
    path,
    JSON.stringify({
      seed: 5,
      rates: [2, 1, 1],
      internalProbability: 0.4,
      durationSec: 10,
      latency: { kind: 'constant', ms: 0 },
      ...fields,
    }),
  );
  return path;
}

interface Row {
  readonly machine: number;
  readonly seq: number;
  readonly event: string;
  readonly timeMs: number;
  readonly clock: number;
  readonly peers: number[];
  readonly msgId: string;
}

function machineRows(runDir: string, id: number): Row[] {
  const lines = readFileSync(join(runDir, `machine-${id}.csv`), 'utf8')
    .trim()
    .split('\n');
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    return {
      machine: Number(f[0]),
      seq: Number(f[1]),
      event: f[2] as string,
      timeMs: Number(f[3]),
      clock: Number(f[4]),
      peers: f[6] === '' ? [] : (f[6] as string).split(';').map(Number),
      msgId: f[7] as string,
    };
  });
}

const sha256 = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex');

interface FaultsManifest {
  scenario: { faults?: unknown[] };
  faults?: { index: number; kind: string; stream: string; fired: number }[];
  messages: Record<string, unknown> & {
    sent: number;
    received: number;
    queuedAtEnd: number;
    inFlightAtEnd: number;
    duplicated?: number;
    dropped?: number;
    droppedBy?: Record<string, number>;
  };
  machines: { restarts?: number }[];
  logs: { file: string; sha256: string; bytes: number; rows: number }[];
}

const manifestOf = (runDir: string): FaultsManifest =>
  JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as FaultsManifest;

describe('a run with faults', () => {
  it('writes every dropped copy of a partition to faults.csv, in order, and lists its digest', async () => {
    const runDir = join(cwd, 'r');
    const path = scenarioFile({
      faults: [{ kind: 'partition', groups: [[0], [1, 2]], atSec: 2, untilSec: 4 }],
    });
    const result = await cli('run', path, '--out', runDir, '--quiet');
    expect(result.status, result.stderr).toBe(0);
    // Expected from the logs: every copy sent across the cut in [2 s, 4 s), at its send.
    const sends = [0, 1, 2]
      .flatMap((id) => machineRows(runDir, id))
      .filter((row) => row.event === 'send' && row.timeMs >= 2000 && row.timeMs < 4000)
      .sort((a, b) => a.timeMs - b.timeMs || a.machine - b.machine);
    const group = (id: number): number => (id === 0 ? 0 : 1);
    const drops = sends.flatMap((send) =>
      send.peers
        .filter((peer) => group(peer) !== group(send.machine))
        .map(
          (peer) =>
            `${send.timeMs},drop,${peer},${send.machine},${send.msgId},index=0;reason=partition`,
        ),
    );
    expect(drops.length).toBeGreaterThan(0);
    const expected = [
      'time_ms,fault,machine,peer,msg_id,detail',
      '2000,partition-start,,,,index=0;groups=0|1+2;oneWay=false',
      ...drops,
      '4000,partition-heal,,,,index=0',
    ].join('\n');
    const faultsPath = join(runDir, 'faults.csv');
    expect(readFileSync(faultsPath, 'utf8')).toBe(`${expected}\n`);
    const manifest = manifestOf(runDir);
    expect(manifest.logs.map((log) => log.file)).toEqual([
      'machine-0.csv',
      'machine-1.csv',
      'machine-2.csv',
      'faults.csv',
    ]);
    expect(manifest.logs[3]).toEqual({
      file: 'faults.csv',
      sha256: sha256(faultsPath),
      bytes: readFileSync(faultsPath).length,
      rows: drops.length + 2,
    });
    expect(manifest.faults).toEqual([
      {
        index: 0,
        kind: 'partition',
        stream: expect.stringMatching(/^fault\/[0-9a-f]{16}$/),
        fired: drops.length + 2,
      },
    ]);
    expect(manifest.messages.droppedBy).toEqual({ loss: 0, partition: drops.length, crash: 0 });
    // The copies sent across the cut are never received.
    const received = new Set(
      [0, 1, 2]
        .flatMap((id) => machineRows(runDir, id))
        .filter((r) => r.event === 'receive')
        .map((r) => `${r.machine}:${r.msgId}`),
    );
    for (const line of drops) {
      const [, , to, , msgId] = line.split(',');
      expect(received.has(`${to}:${msgId}`)).toBe(false);
    }
    // Recorded as lamport-lab's: a later --force run may replace it.
    const record = JSON.parse(readFileSync(join(runDir, '.lamport-lab.json'), 'utf8')) as unknown;
    expect(JSON.stringify(record)).toContain(sha256(faultsPath));
  });

  it('balances the ledger and counts fired, restarts and drops as faults.csv says', async () => {
    const runDir = join(cwd, 'r');
    const path = scenarioFile({
      durationSec: 20,
      faults: [
        { kind: 'loss', p: 0.3 },
        { kind: 'duplicate', p: 0.3 },
        { kind: 'crash', machine: 1, atSec: 5 },
        { kind: 'restart', machine: 1, atSec: 8, clock: 'reset' },
        { kind: 'pause', machine: 2, atSec: 3, untilSec: 6 },
      ],
    });
    const result = await cli('run', path, '--out', runDir, '--quiet');
    expect(result.status, result.stderr).toBe(0);
    const rows = readFileSync(join(runDir, 'faults.csv'), 'utf8').trim().split('\n').slice(1);
    const manifest = manifestOf(runDir);
    const fired = [0, 1, 2, 3, 4].map(
      (index) =>
        rows.filter((row) => row.endsWith(`index=${index}`) || row.includes(`index=${index};`))
          .length,
    );
    expect(manifest.faults?.map((fault) => fault.fired)).toEqual(fired);
    const count = (what: string) => rows.filter((row) => row.includes(what)).length;
    const { messages } = manifest;
    expect(messages.duplicated).toBe(count(',duplicate,'));
    expect(messages.droppedBy).toEqual({
      loss: count('reason=loss'),
      partition: 0,
      crash: count('reason=crash'),
    });
    expect(messages.dropped).toBe(count(',drop,'));
    expect(messages.sent + (messages.duplicated ?? 0)).toBe(
      messages.received + messages.queuedAtEnd + messages.inFlightAtEnd + (messages.dropped ?? 0),
    );
    expect(manifest.machines.map((machine) => machine.restarts)).toEqual([0, 1, 0]);
    const restartRows = machineRows(runDir, 1).filter((row) => row.event === 'restart');
    expect(restartRows).toMatchObject([{ timeMs: 8000, clock: 0 }]);
    const before = machineRows(runDir, 1)
      .filter((row) => row.timeMs < 5000)
      .at(-1)?.clock;
    expect(rows).toContain(`8000,restart,1,,,index=3;clock=reset;before=${before};after=0`);
    expect(count(',duplicate,')).toBeGreaterThan(0);
    expect(count('reason=loss')).toBeGreaterThan(0);
  });

  it('takes faults from flags, appended to the scenario list', async () => {
    const runDir = join(cwd, 'r');
    const path = scenarioFile({ faults: [{ kind: 'crash', machine: 1, atSec: 5 }] });
    const result = await cli(
      'run',
      path,
      '--out',
      runDir,
      '--quiet',
      '--restart',
      '1@8:lease=16',
      '--loss',
      '0.5:0>2@1-',
    );
    expect(result.status, result.stderr).toBe(0);
    // The file's entries first, then the flags' in the documented order of kinds.
    expect(manifestOf(runDir).scenario.faults).toEqual([
      { kind: 'crash', machine: 1, atSec: 5, inbox: 'drop' },
      { kind: 'loss', p: 0.5, from: [0], to: [2], atSec: 1, untilSec: null },
      { kind: 'restart', machine: 1, atSec: 8, clock: { lease: 16 } },
    ]);
    // The repeat command says the flags again, so the run can be repeated from it.
    expect(result.stdout).toContain("--loss '0.5:0>2@1-' --restart 1@8:lease=16");
  });

  it('writes the drops of copies that reach a crashed machine after its last tick, before the run ends', async () => {
    // Ticks at whole seconds, the run ends at 10.7 s: copies sent at 10 s arrive at 10.5 s, after
    // the last instant, and machine 2 is down then, so the run's end drops them.
    const path = scenarioFile({
      seed: 1,
      rates: [1, 1, 1],
      internalProbability: 0.2,
      durationSec: 10.7,
      latency: { kind: 'constant', ms: 500 },
      faults: [{ kind: 'crash', machine: 2, atSec: 1 }],
    });
    const run = await cli('run', path, '--out', 'end', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const runDir = join(cwd, 'end');
    const drops = readFileSync(join(runDir, 'faults.csv'), 'utf8')
      .split('\n')
      .filter((line) => line.includes(',drop,'));
    expect(drops.some((line) => line.startsWith('10500,drop,2,'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    expect(manifest.messages.dropped).toBe(drops.length);
    const check = await cli('check', 'end');
    expect(check.status, check.stdout).toBe(0);
  });

  it("writes the faults section into the run's summary.json, as analyze writes it", async () => {
    const run = await cli('run', 'crash-restart-reset', '--out', 'crr', '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const summaryPath = join(cwd, 'crr', 'summary.json');
    const written = readFileSync(summaryPath, 'utf8');
    expect(JSON.parse(written).faults).toBeDefined();
    const analyze = await cli('analyze', 'crr');
    expect(analyze.status, analyze.stderr).toBe(0);
    expect(readFileSync(summaryPath, 'utf8')).toBe(written);
  });

  it('writes faults.csv with its header even when nothing fired', async () => {
    const runDir = join(cwd, 'r');
    const path = scenarioFile({ faults: [{ kind: 'loss', p: 0 }] });
    expect((await cli('run', path, '--out', runDir, '--quiet')).status).toBe(0);
    expect(readFileSync(join(runDir, 'faults.csv'), 'utf8')).toBe(
      'time_ms,fault,machine,peer,msg_id,detail\n',
    );
    expect(manifestOf(runDir).faults?.[0]?.fired).toBe(0);
  });

  it("never replaces a user's faults.csv, even with --force, and removes its own", async () => {
    const runDir = join(cwd, 'r');
    const path = scenarioFile({ faults: [{ kind: 'loss', p: 0.1 }] });
    expect((await cli('run', path, '--out', runDir, '--quiet')).status).toBe(0);
    // Its own faults.csv goes with a fault-free run into the same directory.
    expect((await cli('run', 'trial1', '--out', runDir, '--quiet', '--force')).status).toBe(0);
    expect(existsSync(join(runDir, 'faults.csv'))).toBe(false);
    writeFileSync(join(runDir, 'faults.csv'), 'mine\n');
    const refused = await cli('run', path, '--out', runDir, '--quiet', '--force');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      'faults.csv: expected nothing there or a file lamport-lab wrote',
    );
    expect(readFileSync(join(runDir, 'faults.csv'), 'utf8')).toBe('mine\n');
  });
});

describe('a run without faults', () => {
  const baselineRun = join(bundledScenariosDir, 'baselines', 'runs', 'default');

  it('writes the bytes of the committed baseline run of default, and no faults.csv', async () => {
    const runDir = join(cwd, 'r');
    expect((await cli('run', 'default', '--out', runDir, '--quiet')).status).toBe(0);
    for (const file of ['machine-0.csv', 'machine-1.csv', 'machine-2.csv', 'manifest.json']) {
      expect(sha256(join(runDir, file)), file).toBe(sha256(join(baselineRun, file)));
    }
    expect(existsSync(join(runDir, 'faults.csv'))).toBe(false);
  });

  it('is the same with an empty faults list: same logs, no fault field anywhere', async () => {
    const runDir = join(cwd, 'r');
    const defaultFile = JSON.parse(
      readFileSync(join(bundledScenariosDir, 'default.json'), 'utf8'),
    ) as object;
    const path = join(cwd, 'default.json');
    writeFileSync(path, JSON.stringify({ ...defaultFile, $schema: undefined, faults: [] }));
    expect((await cli('run', './default.json', '--out', runDir, '--quiet')).status).toBe(0);
    for (const file of ['machine-0.csv', 'machine-1.csv', 'machine-2.csv']) {
      expect(sha256(join(runDir, file)), file).toBe(sha256(join(baselineRun, file)));
    }
    const manifest = readFileSync(join(runDir, 'manifest.json'), 'utf8');
    const baseline = readFileSync(join(baselineRun, 'manifest.json'), 'utf8');
    expect(
      manifest.replace('"source": "./default.json"', '"source": "scenarios/default.json"'),
    ).toBe(baseline);
    expect(existsSync(join(runDir, 'faults.csv'))).toBe(false);
  });
});
