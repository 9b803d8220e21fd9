/**
 * Goal: `check` under faults (issue 18). A run with every fault kind passes, with exactly the
 * consequences its faults explain, each with its cause; `--strict` fails on them; a deliberately
 * broken driver (delivers across a partition, drops without recording, lets a crashed machine
 * tick, restarts below a persisted clock) is caught with the right rule and line; faults.csv
 * that disagrees with the logs, or cannot be read, is found.
 * Method: hand-made run directories (test/helpers/fault-run.ts): three machines at 1 Hz for
 * 10 s, each row at the time the driver's rules put it (stated here, not computed by the code
 * under test). A broken driver's run is the same run built with the broken thing in it, its
 * manifest stating what such a driver would state.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CheckReport, checkRun } from '../../../src/check/check-run.js';
import type { ResolvedFaultJson } from '../../../src/logs/run-manifest-faults.js';
import { cliIn } from '../../helpers/cli-process.js';
import { FaultRunBuilder, type ManifestOverrides } from '../../helpers/fault-run.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-check-faults-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const cli = cliIn(() => workDir);
let dirs = 0;
const freshDir = (): string => {
  dirs += 1;
  return join(workDir, `run-${dirs}`);
};

type Mutation =
  | 'none'
  | 'crashed-machine-ticks'
  | 'delivers-across-partition'
  | 'drops-without-recording'
  | 'restarts-below-persisted'
  | 'ticks-through-a-pause';

/**
 * Faults of the run, in list order:
 * 0 partition {0,2} | {1} over [2, 4) s; 1 crash of 1 at 5.5 s; 2 restart of 1 at 7.5 s
 * (reset, or persisted); 3 loss 0 → 2; 4 duplicate 2 → 0; 5 delay 1500 ms 0 → 1 over [8, 9) s;
 * 6 corrupt-clock of 2 from 8.5 s, one send, +100; 7 pause of 0 over [3.5, 5.5) s; 8 rate of 2
 * to 4 Hz at 9.5 s.
 */
function faultList(restartClock: 'reset' | 'persisted'): ResolvedFaultJson[] {
  return [
    { kind: 'partition', groups: [[0, 2], [1]], oneWay: false, atSec: 2, untilSec: 4 },
    { kind: 'crash', machine: 1, atSec: 5.5, inbox: 'drop' },
    { kind: 'restart', machine: 1, atSec: 7.5, clock: restartClock },
    { kind: 'loss', p: 0.5, from: [0], to: [2], atSec: 0, untilSec: null },
    { kind: 'duplicate', p: 0.5, from: [2], to: [0], atSec: 0, untilSec: null },
    { kind: 'delay', extraMs: 1500, from: [0], to: [1], atSec: 8, untilSec: 9 },
    { kind: 'corrupt-clock', machine: 2, atSec: 8.5, untilSec: null, count: 1, add: 100 },
    { kind: 'pause', machine: 0, atSec: 3.5, untilSec: 5.5 },
    { kind: 'rate', machine: 2, atSec: 9.5, rateHz: 4 },
  ];
}

const us = (sec: number): number => Math.round(sec * 1_000_000);

/** The run a correct driver makes of faultList (or a broken one, per `mutation`). */
function everyFaultRun(
  mutation: Mutation = 'none',
  restartClock: 'reset' | 'persisted' = 'reset',
): string {
  const persisted = restartClock === 'persisted' || mutation === 'restarts-below-persisted';
  const run = new FaultRunBuilder({
    rates: [1, 1, 1],
    durationSec: 10,
    faults: faultList(persisted ? 'persisted' : 'reset'),
  });
  // Machine 0: ticks 4 and 5 fall in its pause and run at 5.5 s.
  const m01 = run.send(0, 1, [1, 2]);
  const m02 = run.send(0, 2, [1]);
  run.internal(0, 3);
  // Machine 2: its send at 3 s is duplicated to 0.
  run.internal(2, 1).receive(2, 2, m01);
  const m23 = run.send(2, 3, [0]);
  for (const sec of [4, 5, 6, 7, 8]) run.internal(2, sec);
  // A driver that ignores the pause ticks at 4 s and 5 s.
  if (mutation === 'ticks-through-a-pause') run.receive(0, 4, m23).receive(0, 5, m23);
  else run.receive(0, 5.5, m23).receive(0, 5.5, m23);
  run.internal(0, 6);
  const m07 = run.send(0, 7, [2]);
  const m08 = run.send(0, 8, [1]);
  run.internal(0, 9).internal(0, 10);
  // Machine 2's send at 9 s carries its clock + 100; then its new grid at 4 Hz from 9.5 s.
  const trueClock = run.clockOf(2) + 1;
  const m29 = run.send(2, 9, [1], trueClock + 100);
  run.internal(2, 9.75).internal(2, 10);
  // Machine 1: down from 5.5 s to 7.5 s.
  run.internal(1, 1).receive(1, 2, m01);
  if (mutation === 'delivers-across-partition') run.receive(1, 3, m02);
  else run.internal(1, 3);
  run.internal(1, 4).internal(1, 5);
  if (mutation === 'crashed-machine-ticks') run.internal(1, 6);
  const clockBefore = run.clockOf(1);
  const clockAfter = mutation === 'restarts-below-persisted' ? 3 : persisted ? clockBefore : 0;
  run.restart(1, 7.5, clockAfter).internal(1, 8).internal(1, 9).receive(1, 10, m29);
  const copy = (id: string, receiverId: number) => ({
    senderId: Number(id.split('-')[0]),
    sendSeq: Number(id.split('-')[1]),
    receiverId,
  });
  run.record({ action: 'partition-start', timeUs: us(2), faultIndex: 0 });
  if (mutation !== 'delivers-across-partition') {
    run.record({
      action: 'drop',
      timeUs: us(2),
      faultIndex: 0,
      reason: 'partition',
      ...copy(m02, 1),
    });
  }
  run
    .record({ action: 'duplicate', timeUs: us(3), faultIndex: 4, ...copy(m23, 0) })
    .record({ action: 'pause', timeUs: us(3.5), faultIndex: 7, machine: 0 })
    .record({ action: 'partition-heal', timeUs: us(4), faultIndex: 0 })
    .record({ action: 'crash', timeUs: us(5.5), faultIndex: 1, machine: 1, queued: 0 })
    .record({ action: 'resume', timeUs: us(5.5), faultIndex: 7, machine: 0, missedTicks: 2 });
  if (mutation !== 'drops-without-recording') {
    run.record({ action: 'drop', timeUs: us(7), faultIndex: 3, reason: 'loss', ...copy(m07, 2) });
  }
  run
    .record({
      action: 'restart',
      timeUs: us(7.5),
      faultIndex: 2,
      machine: 1,
      clockBefore,
      clockAfter,
    })
    .record({ action: 'delay', timeUs: us(8), faultIndex: 5, extraUs: 1_500_000, ...copy(m08, 1) })
    .record({
      action: 'corrupt',
      timeUs: us(9),
      faultIndex: 6,
      trueClock,
      carriedClock: trueClock + 100,
      clamped: false,
      ...copy(m29, 1),
    })
    .record({
      action: 'rate',
      timeUs: us(9.5),
      faultIndex: 8,
      machine: 2,
      fromMilliHz: 1000,
      toMilliHz: 4000,
    });
  // A driver that drops without recording says the copy is nowhere: not queued, not dropped.
  const overrides: ManifestOverrides =
    mutation === 'drops-without-recording' ? { queuedAtEnd: [0, 1, 0] } : {};
  return run.write(freshDir(), overrides);
}

function check(runDir: string, strict = false): CheckReport {
  return checkRun(runDir, { maxErrors: 100, rerun: 'never', strict });
}

const rulesOf = (report: CheckReport) =>
  report.violations.map((violation) => `${violation.rule} ${violation.where}`);

describe('check under faults', () => {
  it('passes a run with every fault kind, listing what its faults broke and why', () => {
    const report = check(everyFaultRun());
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    const consequences = (report.faults?.consequences ?? []).map((one) => ({
      effect: one.effect,
      where: one.where,
      count: one.count,
      fault: one.cause.faultIndex,
      line: one.cause.faultsLine,
    }));
    // faults.csv: 2 partition-start, 3 drop, 4 duplicate, 5 pause, 6 heal, 7 crash, 8 resume,
    // 9 drop, 10 restart, 11 delay, 12 corrupt, 13 rate.
    expect(consequences).toEqual(
      expect.arrayContaining([
        // The reset restart row (machine-1.csv:7), and the restart row and the two events after
        // it below their chains.
        { effect: 'clockReset', where: 'machine-1.csv:7', count: 1, fault: 2, line: 10 },
        { effect: 'clockCorrupted', where: 'machine-2.csv:10', count: 1, fault: 6, line: 12 },
        // The receive of the corrupted message: 110 where its chain is 10 long.
        { effect: 'clockInflated', where: 'machine-1.csv:10', count: 1, fault: 6, line: 12 },
      ]),
    );
    expect(consequences).toHaveLength(3);
    const reset = report.faults?.consequences.find((one) => one.effect === 'clockReset');
    expect(reset?.message).toContain('3 later events');
    expect(reset?.cause).toMatchObject({ kind: 'restart', machine: 1, timeMs: 7500 });
    const inflated = report.faults?.consequences.find((one) => one.effect === 'clockInflated');
    expect(inflated?.message).toContain('by up to 100');
    expect(report.faults).toMatchObject({ duplicated: 1, dropped: 2 });
  });

  it('says "1 later event follows" a reset restart when one does, in the singular', () => {
    const run = new FaultRunBuilder({
      rates: [1, 1],
      // It ends before machine 1's next tick: the restart row is the one event after the reset.
      durationSec: 4.75,
      faults: [
        { kind: 'crash', machine: 1, atSec: 3.5, inbox: 'drop' },
        { kind: 'restart', machine: 1, atSec: 4.5, clock: 'reset' },
      ],
    });
    for (const sec of [1, 2, 3, 4]) run.internal(0, sec);
    run.internal(1, 1).internal(1, 2).internal(1, 3);
    run.restart(1, 4.5, 0);
    run.record({ action: 'crash', timeUs: us(3.5), faultIndex: 0, machine: 1, queued: 0 }).record({
      action: 'restart',
      timeUs: us(4.5),
      faultIndex: 1,
      machine: 1,
      clockBefore: 3,
      clockAfter: 0,
    });
    const report = check(run.write(freshDir()));
    expect(report.violations).toEqual([]);
    const reset = report.faults?.consequences.find((one) => one.effect === 'clockReset');
    expect(reset?.message).toContain('; 1 later event follows off its longest causal chain');
  });

  it('prints the consequences apart, exits 0, and 1 with --strict', async () => {
    const runDir = everyFaultRun();
    const result = await cli('check', runDir, '--no-rerun');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^OK .*, 2 dropped, 1 duplicated\), \d+ checks, FIFO checked; 3 consequences of injected faults$/,
    );
    expect(lines[1]).toBe(
      'consequences of injected faults (expected: not failures; --strict fails on them):',
    );
    expect(lines[2]).toBe(
      `  ${join(runDir, 'machine-1.csv')}:7: clockReset (rule 1 machineOrder): the clock goes down at a reset restart; 3 later events follow off their longest causal chain (the clock condition, rule 5), by up to 6; 1 time; cause: restart of machine 1 at 7500 ms (fault 2, faults.csv:10)`,
    );
    const strict = await cli('check', runDir, '--no-rerun', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stdout.split('\n')[0]).toMatch(
      /^FAILED .*: --strict fails on consequences of injected faults; .*; 3 consequences of injected faults$/,
    );
  });

  it('finds nothing to report after a persisted restart but the clocks it leaves one below their chains', () => {
    const report = check(everyFaultRun('none', 'persisted'));
    expect(report.violations).toEqual([]);
    expect((report.faults?.consequences ?? []).map((one) => one.effect).sort()).toEqual([
      'clockCorrupted',
      'clockDeflated',
      'clockInflated',
    ]);
  });

  describe("a TCP run's corrupt-clock (the router rewrites the copies)", () => {
    /** Machine 0 sends at clock 1 to machine 1 under a lie of its router carrying `carried`. */
    function routerLieRun(carried: number): CheckReport {
      const run = new FaultRunBuilder({
        rates: [1, 1],
        durationSec: 5,
        faults: [
          { kind: 'corrupt-clock', machine: 0, atSec: 0, untilSec: null, count: 1, set: carried },
        ],
      });
      // A row a second, as a 1 Hz TCP machine makes (check holds it to about that many).
      const id = run.send(0, 1, [1]);
      for (const sec of [2, 3, 4, 5]) run.internal(0, sec);
      run.internal(1, 1).routerCarries(id, carried).receive(1, 2, id);
      for (const sec of [3, 4, 5]) run.internal(1, sec);
      run.record({
        action: 'corrupt',
        timeUs: us(1),
        faultIndex: 0,
        trueClock: 1,
        carriedClock: carried,
        clamped: false,
        senderId: 0,
        sendSeq: 1,
        receiverId: 1,
      });
      return check(run.write(freshDir(), { mode: 'tcp' }));
    }

    it('lists the rewritten clock as a consequence', () => {
      const report = routerLieRun(50);
      expect(report.violations).toEqual([]);
      expect(report.faults?.consequences.map((one) => [one.effect, one.where])).toEqual(
        expect.arrayContaining([['clockCorrupted', 'machine-0.csv:2']]),
      );
    });

    it('lists nothing where the lie carried the true clock (set to the value it had)', () => {
      const report = routerLieRun(1);
      expect(report.violations).toEqual([]);
      expect(report.faults?.consequences ?? []).toEqual([]);
    });
  });

  describe('catches a broken driver with the right rule and line', () => {
    it('that lets a crashed machine tick', () => {
      const report = check(everyFaultRun('crashed-machine-ticks'));
      expect(report.ok).toBe(false);
      expect(rulesOf(report)).toContain('crashSilence machine-1.csv:7');
    });

    it('that delivers across a partition', () => {
      const report = check(everyFaultRun('delivers-across-partition'));
      expect(report.ok).toBe(false);
      expect(rulesOf(report)[0]).toBe('partition machine-1.csv:4');
    });

    it('that drops a copy without recording it', () => {
      const report = check(everyFaultRun('drops-without-recording'));
      expect(report.ok).toBe(false);
      expect(rulesOf(report)).toContain('conservation machine-2.csv (end)');
      const ledger = report.violations.find((violation) => violation.rule === 'conservation');
      expect(ledger?.message).toContain('never received: 0-7');
    });

    it('that ticks through a pause (the schedule the fault list makes, rule 0)', () => {
      const report = check(everyFaultRun('ticks-through-a-pause'));
      expect(report.ok).toBe(false);
      expect(rulesOf(report)).toEqual(['manifest machine-0.csv:5']);
      expect(report.violations[0]).toMatchObject({ expected: 'time_ms 5500', found: '4000' });
    });

    it('that restarts below a persisted clock', () => {
      const report = check(everyFaultRun('restarts-below-persisted'));
      expect(report.ok).toBe(false);
      expect(rulesOf(report)).toEqual(['restartClock machine-1.csv:7']);
      expect(report.violations[0]).toMatchObject({ expected: 'logical_clock 5', found: '3' });
    });
  });

  /**
   * Machine 0's send at 1 s carries 2^52 (a set lie); machine 1 receives it at 2 s, crashes at
   * 2.5 s and restarts at 3.5 s with a lease of 2^52, which the simulator stops at its clock: the
   * next multiple of the lease, 2^53, is past what a double counts in ones.
   */
  function bigLeaseRun(): string {
    const run = new FaultRunBuilder({
      rates: [1, 1],
      durationSec: 5,
      faults: [
        { kind: 'corrupt-clock', machine: 0, atSec: 0, untilSec: null, count: 1, set: 2 ** 52 },
        { kind: 'crash', machine: 1, atSec: 2.5, inbox: 'drop' },
        { kind: 'restart', machine: 1, atSec: 3.5, clock: { lease: 2 ** 52 } },
      ],
    });
    const lie = run.send(0, 1, [1], 2 ** 52);
    for (const sec of [2, 3, 4, 5]) run.internal(0, sec);
    run.internal(1, 1).receive(1, 2, lie);
    const clockBefore = run.clockOf(1);
    run.restart(1, 3.5, clockBefore).internal(1, 4).internal(1, 5);
    run
      .record({
        action: 'corrupt',
        timeUs: us(1),
        faultIndex: 0,
        trueClock: 1,
        carriedClock: 2 ** 52,
        clamped: false,
        senderId: 0,
        sendSeq: 1,
        receiverId: 1,
      })
      .record({ action: 'crash', timeUs: us(2.5), faultIndex: 1, machine: 1, queued: 0 })
      .record({
        action: 'restart',
        timeUs: us(3.5),
        faultIndex: 2,
        machine: 1,
        clockBefore,
        clockAfter: clockBefore,
      });
    return run.write(freshDir());
  }

  it('takes a lease restart that stopped at the clock past 2^52 as its rule gives', () => {
    // Before the rule stopped, check expected 2^53 here (and the simulator stopped with an error).
    const report = check(bigLeaseRun());
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
  });

  /** Machine 0's first copy to 1 is held 1500 ms and overtaken by its second. */
  function overtakenRun(fifo: boolean, recordDelay = true): string {
    const run = new FaultRunBuilder({
      rates: [1, 1],
      durationSec: 5,
      fifo,
      faults: [{ kind: 'delay', extraMs: 1500, from: [0], to: [1], atSec: 1, untilSec: 2 }],
    });
    const first = run.send(0, 1, [1]);
    const second = run.send(0, 2, [1]);
    run.internal(0, 3).internal(0, 4).internal(0, 5);
    run.internal(1, 1).internal(1, 2).receive(1, 3, second).receive(1, 4, first).internal(1, 5);
    if (recordDelay) {
      run.record({
        action: 'delay',
        timeUs: us(1),
        faultIndex: 0,
        extraUs: 1_500_000,
        senderId: 0,
        sendSeq: 1,
        receiverId: 1,
      });
    }
    return run.write(freshDir());
  }

  it('lists FIFO broken by a delayed copy as a consequence without the fifo option', () => {
    const report = check(overtakenRun(false));
    expect(report.violations).toEqual([]);
    expect(report.faults?.consequences).toEqual([
      expect.objectContaining({
        effect: 'fifoBroken',
        rule: 'fifo',
        where: 'machine-1.csv:5',
        count: 1,
        cause: { kind: 'delay', faultIndex: 0, machine: -1, timeMs: 1000, faultsLine: 2 },
      }),
    ]);
  });

  it("check --json's message counts add up as docs/CHECK.md says, duplicates included", async () => {
    const runDir = freshDir();
    const run = await cli(
      'run',
      '--duplicate',
      '0.3',
      '--loss',
      '0.1',
      '--duration',
      '20',
      '--out',
      runDir,
      '--quiet',
    );
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse((await cli('check', runDir, '--json', '--no-rerun')).stdout);
    const { messages, faults } = report;
    expect(faults.duplicated).toBeGreaterThan(0);
    expect(messages.sent + faults.duplicated).toBe(
      messages.received +
        messages.queuedAtEnd +
        messages.inFlightAtEnd +
        messages.undeliverable +
        messages.lostWithFailure +
        faults.dropped,
    );
    // notReceived: copies sent that no receive logs and faults.csv does not drop (loss drops
    // every copy of a message at its send), counted from the logs here.
    const receivedOnce = new Set<string>();
    for (const id of [0, 1, 2]) {
      for (const line of readFileSync(join(runDir, `machine-${id}.csv`), 'utf8').split('\n')) {
        const cells = line.split(',');
        if (cells[2] === 'receive') receivedOnce.add(`${cells[7]}>${id}`);
      }
    }
    expect(messages.notReceived).toBe(messages.sent - faults.dropped - receivedOnce.size);
    // Each field of the report's ledger is named in docs/CHECK.md.
    const docs = readFileSync(join(__dirname, '../../../docs/CHECK.md'), 'utf8');
    for (const key of Object.keys(messages)) expect(docs).toContain(`messages.${key}`);
    for (const key of Object.keys(faults)) expect(docs).toContain(`faults.${key}`);
  });

  it('with --strict names one consequence once, in the singular', async () => {
    const strict = await cli('check', overtakenRun(false), '--no-rerun', '--strict');
    expect(strict.status).toBe(1);
    const verdict = strict.stdout.split('\n')[0] ?? '';
    expect(verdict).toMatch(
      /^FAILED .*: --strict fails on consequences of injected faults; .*; 1 consequence of injected faults$/,
    );
    expect(verdict.match(/\d+ consequences? of injected faults/g)).toEqual([
      '1 consequence of injected faults',
    ]);
  });

  it('check --help says fifoBroken is where FIFO is promised only by latency or TCP, as check does', async () => {
    const help = (await cli('check', '--help')).stdout.replace(/\s+/g, ' ');
    expect(help).not.toContain('where the fifo option is not set');
    expect(help).toContain(
      'fifoBroken FIFO broken by a delayed or duplicated copy on a channel FIFO only by its constant latency or TCP (no fifo option); with a varying latency and no fifo option FIFO is not checked',
    );
  });

  it('fails FIFO broken by a delayed copy where the fifo option is set, or where no fault explains it', () => {
    expect(rulesOf(check(overtakenRun(true)))).toEqual(['fifo machine-1.csv:5']);
    // No delay row: nothing explains the overtaking (and the delay fault fired 0 times).
    expect(rulesOf(check(overtakenRun(false, false)))).toEqual(['fifo machine-1.csv:5']);
  });

  it('takes a second receive of a copy only where faults.csv duplicated it', () => {
    const run = new FaultRunBuilder({
      rates: [1, 1],
      durationSec: 3,
      faults: [{ kind: 'duplicate', p: 1, from: [0], to: [1], atSec: 2, untilSec: null }],
    });
    const id = run.send(0, 1, [1]);
    run.internal(0, 2).internal(0, 3);
    run.internal(1, 1).receive(1, 2, id).receive(1, 3, id);
    // No duplicate row (the duplicate fault's window opens after the send): nothing made a copy.
    const report = check(run.write(freshDir(), { queuedAtEnd: [0, 0] }));
    expect(rulesOf(report)[0]).toBe('conservation machine-1.csv:4');
    expect(report.violations[0]?.message).toBe('message 0-1 is received twice');
  });

  it('holds faults.csv to the logs: a corrupt row that misstates the clocks', () => {
    const runDir = everyFaultRun();
    const path = join(runDir, 'faults.csv');
    const text = readFileSync(path, 'utf8').replace('carried=109', 'carried=108');
    writeFileSync(path, text);
    // The manifest's digest now differs (rule 0) and the row disagrees with the send.
    const report = check(runDir);
    expect(rulesOf(report)).toEqual(
      expect.arrayContaining(['faultEvidence faults.csv:12', 'manifest faults.csv']),
    );
    // As for a machine log: expected is the digest the manifest states, found the file's.
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8'));
    const stated = manifest.logs.find((log: { file: string }) => log.file === 'faults.csv');
    const digest = report.violations.find(
      (violation) => violation.rule === 'manifest' && violation.where === 'faults.csv',
    );
    expect(digest).toMatchObject({
      expected: stated.sha256,
      found: createHash('sha256').update(text).digest('hex'),
    });
  });

  it('refuses a faults.csv it cannot read, naming the line (exit 2)', async () => {
    const runDir = everyFaultRun();
    const path = join(runDir, 'faults.csv');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '3000,duplicate,0,2,2-3,index=4',
        '3000,duplicate,0,2,2-3',
      ),
    );
    const result = await cli('check', runDir, '--no-rerun');
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      `lamport-lab: ${join(runDir, 'faults.csv')}:4: expected 6 fields, got 5`,
    );
  });
});
