/**
 * Goal: `run --mode tcp --topology router` applies each per-copy fault kind (loss, duplicate,
 * delay with and without fifo, partition both ways and one way, corrupt-clock) on real sockets,
 * per frame, and the run is a checkable run with faults like a virtual one: faults.csv with the
 * router's rows (the parts assembled and gone), the manifest's fault fields and ledger, `check`
 * exits 0 with what fired (drops, duplicates, consequences), `replay --verify` re-executes it in
 * virtual time, and no process of the run is left.
 * Method: the BUILT CLI as a real process on loopback (ports from the OS), a short run of three
 * chatty machines (20 Hz, few internal events) per kind; then `check --json` and `replay --verify`
 * on its directory. Every test kills, by PID, whatever it started that is still alive.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuiltCli } from '../../helpers/cli-process.js';
import { TcpLaunch } from '../../helpers/tcp-launch.js';
import { within } from '../../helpers/waiting.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-tcp-faults-'));
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

interface ManifestJson {
  readonly completed: boolean;
  readonly messages: {
    readonly sent: number;
    readonly received: number;
    readonly queuedAtEnd: number;
    readonly inFlightAtEnd: number;
    readonly duplicated?: number;
    readonly dropped?: number;
    readonly droppedBy?: { readonly loss: number; readonly partition: number };
    readonly undeliverable?: number;
    readonly lost?: number;
  };
  readonly faults?: readonly { readonly kind: string; readonly stream: string; fired: number }[];
  readonly logs: readonly { readonly file: string; readonly rows: number }[];
}

interface CheckJson {
  readonly ok: boolean;
  readonly violations: readonly { readonly rule: string; readonly message: string }[];
  readonly faults?: {
    readonly consequences: readonly { readonly effect: string }[];
    readonly duplicated: number;
    readonly dropped: number;
  };
}

/** Three machines that send often, for 1.5 s: enough copies for every fault to act on. */
const chatty = ['--rates', '20,20,20', '--internal-probability', '0.2', '--duration', '1.5'];

/**
 * For the delays: a machine makes an action (a send, mostly) only when its queue is empty, so
 * machine 0 ticks fast and the others, which send to it, slowly: 0 sends to 1 many times inside
 * the delay's window (held) and after it (overtaking the held ones), and 1 receives them soon.
 */
const busy = ['--rates', '50,20,2'];

interface FaultedTcpRun {
  readonly runDir: string;
  readonly manifest: ManifestJson;
  readonly faultRows: readonly string[][];
  readonly check: CheckJson;
}

/** Runs one TCP router run with `faultArgs` (or a scenario file), checks and replays it. */
async function faultedTcpRun(
  name: string,
  faultArgs: readonly string[],
  scenario = 'trial4',
): Promise<FaultedTcpRun> {
  const runDir = join(cwd, name);
  const args = ['run', scenario, '--mode', 'tcp', '--topology', 'router', '--seed', '7'];
  const launch = new TcpLaunch(cwd, [...args, ...chatty, ...faultArgs, '--out', runDir]);
  try {
    const exit = await within(launch.exited, 30_000, `the ${name} run`);
    expect(exit, launch.describe()).toEqual({ code: 0, signal: null });
    await launch.childrenGone();
    expect(launch.pidsOf('router')).toHaveLength(1);
  } finally {
    await launch.cleanUp();
  }
  // The parts are merged into faults.csv and gone.
  expect(readdirSync(runDir).filter((file) => file.includes('.part.'))).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as ManifestJson;
  const faultRows = readFileSync(join(runDir, 'faults.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const checked = runBuiltCli(cwd, ['check', runDir, '--json']);
  expect(checked.status, checked.stdout + checked.stderr).toBe(0);
  const check = JSON.parse(checked.stdout) as CheckJson;
  const replayed = runBuiltCli(cwd, ['replay', runDir, '--verify']);
  expect(replayed.status, replayed.stdout + replayed.stderr).toBe(0);
  expect(replayed.stdout).toContain('reproduced:');
  expectLedger(manifest, faultRows);
  return { runDir, manifest, faultRows, check };
}

/** The manifest's fault fields agree with faults.csv, and the ledger balances. */
function expectLedger(manifest: ManifestJson, faultRows: readonly string[][]): void {
  const rowsOf = (action: string) => faultRows.filter((row) => row[1] === action).length;
  const { messages } = manifest;
  expect(messages.duplicated).toBe(rowsOf('duplicate'));
  expect(messages.dropped).toBe(rowsOf('drop'));
  expect(manifest.faults?.reduce((total, fault) => total + fault.fired, 0)).toBe(faultRows.length);
  expect(manifest.logs.find((log) => log.file === 'faults.csv')?.rows).toBe(faultRows.length);
  expect(messages.sent + (messages.duplicated ?? 0)).toBe(
    messages.received +
      messages.queuedAtEnd +
      messages.inFlightAtEnd +
      (messages.dropped ?? 0) +
      (messages.undeliverable ?? 0) +
      (messages.lost ?? 0),
  );
}

const actions = (run: FaultedTcpRun) => new Set(run.faultRows.map((row) => row[1]));

describe('run --mode tcp --topology router with per-copy faults', () => {
  it('loss: the router drops copies, check counts them, replay reproduces the run', async () => {
    const run = await faultedTcpRun('loss', ['--loss', '0.3']);
    expect(run.manifest.messages.droppedBy?.loss).toBeGreaterThan(0);
    expect(run.check.faults?.dropped).toBe(run.manifest.messages.dropped);
    expect(actions(run)).toEqual(new Set(['drop']));
    // Named as in virtual mode: fault/ and 16 hex digits of the entry's hash.
    expect(run.manifest.faults?.[0]?.stream).toMatch(/^fault\/[0-9a-f]{16}$/);
  });

  it('duplicate: a copy arrives twice, each receive checked', async () => {
    const run = await faultedTcpRun('duplicate', ['--duplicate', '0.3']);
    expect(run.manifest.messages.duplicated).toBeGreaterThan(0);
    expect(run.check.faults?.duplicated).toBe(run.manifest.messages.duplicated);
    expect(run.manifest.messages.received).toBeGreaterThan(0);
  });

  it('delay without fifo: held copies are overtaken, a consequence (fifoBroken)', async () => {
    // Every copy 0 -> 1 sent in [0.2 s, 0.7 s) is held 300 ms; those sent after pass them.
    const run = await faultedTcpRun('delay', [...busy, '--delay', '300:0>1@0.2-0.7']);
    expect(actions(run)).toEqual(new Set(['delay']));
    expect(run.check.faults?.consequences.map((one) => one.effect)).toContain('fifoBroken');
  });

  it('delay with fifo: later copies wait behind a held one, FIFO holds', async () => {
    const scenario = join(cwd, 'fifo.json');
    writeFileSync(scenario, JSON.stringify({ rates: [20, 20, 20], fifo: true }));
    const run = await faultedTcpRun(
      'delay-fifo',
      [...busy, '--delay', '300:0>1@0.2-0.7'],
      scenario,
    );
    expect(actions(run)).toEqual(new Set(['delay']));
    expect(run.check.faults?.consequences).toEqual([]);
  });

  it('partition, then healed: copies across it dropped, start and heal rows', async () => {
    const run = await faultedTcpRun('partition', ['--partition', '0|1,2@0.3-0.9']);
    expect(run.manifest.messages.droppedBy?.partition).toBeGreaterThan(0);
    expect(actions(run)).toEqual(new Set(['partition-start', 'drop', 'partition-heal']));
    const drops = run.faultRows.filter((row) => row[1] === 'drop');
    // Both ways: from 0 to the others and to 0 from them.
    expect(drops.some((row) => row[3] === '0')).toBe(true);
    expect(drops.some((row) => row[2] === '0')).toBe(true);
  });

  it('partition one way: only copies from the earlier group are dropped', async () => {
    const run = await faultedTcpRun('one-way', ['--partition', '0|1,2@0.3:oneway']);
    const drops = run.faultRows.filter((row) => row[1] === 'drop');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((row) => row[3] === '0')).toBe(true);
    expect(actions(run)).toEqual(new Set(['partition-start', 'drop']));
  });

  it('corrupt-clock: the router rewrites the carried clock; check explains it, and catches a lie it did not write', async () => {
    const run = await faultedTcpRun('corrupt', ['--corrupt-clock', '0@0.3-0.9:add=1000']);
    const corrupt = run.faultRows.filter((row) => row[1] === 'corrupt');
    expect(corrupt.length).toBeGreaterThan(0);
    expect(corrupt[0]?.[5]).toMatch(/^index=0;true=(\d+);carried=\d+$/);
    const effects = run.check.faults?.consequences.map((one) => one.effect);
    expect(effects).toContain('clockCorrupted');
    expect(effects).toContain('clockInflated');
    // A receive that shows another clock than the corrupt row says was carried breaks rule 2:
    // the first corrupted copy that was received (not still queued at the end) is tampered with.
    const received = corrupt
      .map((row) => {
        const [, , receiver, sender, msgId, detail] = row as string[];
        const log = join(run.runDir, `machine-${receiver}.csv`);
        const lines = readFileSync(log, 'utf8').split('\n');
        const at = lines.findIndex((line) => {
          const fields = line.split(',');
          return fields[2] === 'receive' && fields[7] === msgId && fields[6] === sender;
        });
        return { log, lines, at, carried: /carried=(\d+)/.exec(detail as string)?.[1] };
      })
      .find((copy) => copy.at >= 0);
    expect(received, 'a corrupted copy that was received').toBeDefined();
    const { log, lines, at, carried } = received as NonNullable<typeof received>;
    const fields = (lines[at] as string).split(',');
    expect(fields[8]).toBe(carried);
    fields[8] = String(Number(carried) + 1);
    lines[at] = fields.join(',');
    writeFileSync(log, lines.join('\n'));
    const tampered = runBuiltCli(cwd, ['check', run.runDir, '--json', '--no-rerun']);
    expect(tampered.status).toBe(1);
    const report = JSON.parse(tampered.stdout) as CheckJson;
    expect(report.violations.some((one) => one.rule === 'receiveRule')).toBe(true);
  });
});
