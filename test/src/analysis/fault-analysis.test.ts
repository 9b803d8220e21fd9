/**
 * Goal: `analyze` shows a run's injected faults: per fault its kind, machine, window, fired count
 * and what it caused (copies dropped, the clock a restart left, a pause's missed ticks, a rate
 * step, corrupted copies), the copies by action and drop reason, and restarts with their clocks;
 * a run without faults.csv prints and writes exactly what it did before. The corrupted-clock
 * replay counts the events a corrupted clock pushed up, and how far; a lowering lie is said to
 * have carried clocks below the true ones, and a lie that changed no clock "clamped" only where
 * faults.csv says it was.
 * Method: the hand-made faults of fault-fixture.ts on a copied real run, analysed in this process
 * (analyzeRun without the re-run: a re-run of the manifest's scenario would make the faults'
 * own logs, not the fault-free ones the fixture keeps), and the CLI program on the fault-free run;
 * the replay on rows worked out by hand.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatAnalysis } from '../../../src/analysis/analysis-text.js';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { ClockInflation } from '../../../src/analysis/clock-inflation.js';
import { logHeaderLine } from '../../../src/logs/format.js';
import { cliIn } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';
import { addFixtureFaults } from '../../helpers/fault-fixture.js';

const workDir = useCopiedRun('fault-analysis');
const cli = cliIn(workDir);

describe('analyze, a run with faults', () => {
  it("says a pause's missed ticks never ran when a crash at its end took the machine down", async () => {
    const caused = async (...flags: string[]) => {
      const out = join(workDir(), `pause-${flags.length}`);
      const run = await cli('run', ...flags, '--duration', '5', '--out', out, '--quiet');
      expect(run.status, run.stderr).toBe(0);
      const faults = analyzeRun(out).summary.faults?.faults ?? [];
      return faults.find((fault) => fault.kind === 'pause')?.caused;
    };
    expect(await caused('--pause', '2@1-2', '--crash', '2@2')).toBe(
      'machine 2 paused 1-2 s; 1 missed tick, never run (crashed at its end)',
    );
    // Restarted at that instant too, the machine runs them (docs/FAULTS.md).
    expect(await caused('--pause', '2@1-2', '--crash', '2@2', '--restart', '2@2')).toBe(
      'machine 2 paused 1-2 s; 1 missed tick run at its resume',
    );
  });

  it('says a crash the run ends inside lasts to the end, in words', async () => {
    const out = join(workDir(), 'crash-for-good');
    const run = await cli('run', '--crash', '1@0', '--duration', '5', '--out', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    const caused = analyzeRun(out).summary.faults?.faults[0]?.caused ?? '';
    expect(caused).toMatch(/^machine 1 down from 0 s to the end; dropped \d+ cop/);
  });

  it('says how many corrupt rows left the clock as it was, a lie clamped at its bound', async () => {
    // add 2^52 is clamped to 2^52; once a clock is past it, the copies carry their true clock.
    const out = join(workDir(), 'clamped-lie');
    const run = await cli(
      'run',
      '--corrupt-clock',
      '0:add=4503599627370496',
      '--duration',
      '20',
      '--out',
      out,
      '--quiet',
    );
    expect(run.status, run.stderr).toBe(0);
    const rows = readFileSync(join(out, 'faults.csv'), 'utf8').split('\n');
    const corrupt = rows.filter((row) => row.includes(',corrupt,'));
    const same = corrupt.filter((row) => {
      const detail = Object.fromEntries(
        (row.split(',')[5] ?? '').split(';').map((pair) => pair.split('=')),
      );
      return detail.true === detail.carried;
    });
    expect(same.length).toBeGreaterThan(0);
    const caused = analyzeRun(out).summary.faults?.faults[0]?.caused ?? '';
    expect(caused).toContain(`corrupted ${corrupt.length} copies of `);
    expect(caused).toContain(
      `(${same.length} of them carried the true clock all the same: clamped at the bound)`,
    );
  });

  /** What the one corrupt-clock fault of a 10 s run with `flags` caused, in words. */
  const corruptCaused = async (name: string, ...flags: string[]) => {
    const out = join(workDir(), name);
    const run = await cli('run', ...flags, '--duration', '10', '--out', out, '--quiet');
    expect(run.status, run.stderr).toBe(0);
    return analyzeRun(out).summary.faults?.faults[0]?.caused ?? '';
  };
  /** Every event a send or a receive at 1 Hz: machine 0's first send carries clock 1. */
  const firstSendAtClock1 = ['--rates', '1,1,1', '--internal-probability', '0'];

  it('says a lowering lie carried clocks below the true ones, and by how much, not "inflated"', async () => {
    // check lists this as clockDeflated; the analysis said "inflated no event".
    const caused = await corruptCaused('sub-lie', '--corrupt-clock', '0@2-:sub=5');
    expect(caused).toMatch(
      /^corrupted \d+ cop(y|ies) of \d+ sends?; carried clocks below the true ones, by up to 5$/,
    );
  });

  it('says a lie that equalled the true clock carried it, clamped only where faults.csv says so', async () => {
    // set 1 on the first send, whose clock is 1: nothing was clamped.
    const equal = await corruptCaused(
      'equal-lie',
      ...firstSendAtClock1,
      '--corrupt-clock',
      '0:set=1:count=1',
    );
    expect(equal).toBe(
      'corrupted 1 copy of 1 send (1 of them carried the true clock: the lie equalled it)',
    );
    // sub 1 on it: the lie stops at 1 (clamped=true), the true clock all the same.
    const clamped = await corruptCaused(
      'clamped-sub',
      ...firstSendAtClock1,
      '--corrupt-clock',
      '0:sub=1:count=1',
    );
    expect(clamped).toBe(
      'corrupted 1 copy of 1 send (1 of them carried the true clock all the same: clamped at the bound)',
    );
  });

  it('lists each fault with what it caused, in the JSON summary', () => {
    addFixtureFaults(join(workDir(), 'run'));
    const summary = JSON.parse(JSON.stringify(analyzeRun(join(workDir(), 'run')).summary));
    const faults = summary.faults;
    expect(faults.copies).toEqual({
      dropped: 2,
      droppedBy: { loss: 1, partition: 0, crash: 1 },
      duplicated: 1,
      delayed: 1,
      corrupted: 1,
    });
    expect(faults.restarts).toEqual([
      { machine: 1, atSec: 7.2, rule: 'reset', clockBefore: 14, clockAfter: 0 },
    ]);
    const caused = faults.faults.map((fault: { caused: string }) => fault.caused);
    expect(caused).toEqual([
      'healed at 6 s',
      'dropped 1 copy',
      'machine 1 down 5.2-7.2 s; dropped 1 copy',
      'clock 14→0 on machine 1',
      'machine 2 paused 2.5-3.5 s; 1 missed tick run at its resume',
      // The logs are the fault-free run's: the carried clock never reached a receiver.
      'corrupted 1 copy of 1 send; inflated no event',
      'duplicated 1 copy',
      'delayed 1 copy',
      'machine 0 3→1 Hz',
      'nothing: it never fired',
    ]);
    expect(faults.faults[0]).toMatchObject({ kind: 'partition', machine: null, when: '4-6 s' });
    expect(faults.faults[2]).toMatchObject({
      kind: 'crash',
      machine: 1,
      when: 'at 5.2 s',
      fired: 2,
    });
    expect(faults.faults[1]).toMatchObject({ when: 'whole run', what: 'p 0.5, 0,1,2 → 0,1,2' });
  });

  it('prints a faults table in the text', () => {
    addFixtureFaults(join(workDir(), 'run'));
    const text = formatAnalysis(analyzeRun(join(workDir(), 'run')).summary);
    expect(text).toContain('injected faults (faults.csv):');
    expect(text).toMatch(/3 +restart +1 +at 7\.2 s +machine 1, clock reset +1 +clock 14→0/);
    expect(text).toContain(
      'copies: 2 dropped (loss 1, partition 0, crash 1), 1 duplicated, 1 delayed, 1 corrupted',
    );
    expect(text).toContain(
      'restart: machine 1 at 7.200 s, clock 14→0 (reset): its clock went down 14;',
    );
  });

  it('says nothing of faults without faults.csv, in the text, the JSON and summary.json', async () => {
    const text = await cli('analyze', 'run');
    expect(text.status).toBe(0);
    expect(text.stdout).not.toContain('fault');
    const json = await cli('analyze', 'run', '--json');
    expect(Object.keys(JSON.parse(json.stdout))).not.toContain('faults');
    const written = readFileSync(join(workDir(), 'run', 'summary.json'), 'utf8');
    expect(written).not.toContain('fault');
  });
});

describe('a run with faults and its rates', () => {
  /**
   * Machine 2 (1 Hz) logs its 3 s tick at 3.5 s, as the fixture's pause (2.5-3.5 s) makes it:
   * a missed tick runs at the resume. The manifest is given the edited log's digest.
   */
  function tickAtResume(runDir: string): void {
    const log = join(runDir, 'machine-2.csv');
    const text = readFileSync(log, 'utf8').replace('\n2,3,receive,3000,', '\n2,3,receive,3500,');
    writeFileSync(log, text);
    const manifestPath = join(runDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const entry = manifest.logs.find((one: { file: string }) => one.file === 'machine-2.csv');
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  }

  it('is not held to the rates’ grid, which pauses, crashes and rate steps leave', () => {
    const runDir = join(workDir(), 'run');
    addFixtureFaults(runDir);
    tickAtResume(runDir);
    expect(analyzeRun(runDir).summary.machines[2]?.events.total).toBe(10);
  });

  it('counts restart rows in the manifest’s events, as the run does', () => {
    const runDir = join(workDir(), 'run');
    addFixtureFaults(runDir);
    const log = join(runDir, 'machine-1.csv');
    const text = `${readFileSync(log, 'utf8')}1,21,restart,10000,0,0,,,\n`;
    writeFileSync(log, text);
    const manifestPath = join(runDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const entry = manifest.logs.find((one: { file: string }) => one.file === 'machine-1.csv');
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    entry.bytes = Buffer.byteLength(text);
    entry.rows += 1;
    manifest.events += 1;
    manifest.machines[1].events.total += 1;
    manifest.machines[1].finalClock = 0;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    const machine = analyzeRun(runDir).summary.machines[1];
    expect(machine?.restarts).toEqual([{ atSec: 10, clockBefore: 30, clockAfter: 0 }]);
  });

  it('is, without faults: a tick off the grid is an edited log', () => {
    const runDir = join(workDir(), 'run');
    tickAtResume(runDir);
    expect(() => analyzeRun(runDir)).toThrow(/scenario\.rates\[2\]: expected time_ms 3000 at 1 Hz/);
  });
});

describe('the analysis of restart rows', () => {
  it('counts them apart from events, keeps them in the series, and rates only the events’ steps', () => {
    const runDir = join(workDir(), 'restarts');
    mkdirSync(runDir);
    const rows = [
      '0,1,internal,1000,1,0,,,',
      '0,2,internal,2000,2,0,,,',
      '0,3,internal,3000,3,0,,,',
      '0,4,restart,4500,0,0,,,',
      '0,5,internal,5000,1,0,,,',
      '0,6,receive,6000,3,0,1,1-1,2',
    ];
    writeFileSync(
      join(runDir, 'machine-0.csv'),
      logHeaderLine + rows.map((row) => `${row}\n`).join(''),
    );
    writeFileSync(
      join(runDir, 'machine-1.csv'),
      `${logHeaderLine}1,1,internal,500,1,0,,,\n1,2,send,5500,2,0,0,1-1,2\n`,
    );
    const { summary, series } = analyzeRun(runDir);
    const machine = summary.machines[0];
    expect(machine?.events).toEqual({ internal: 4, send: 0, receive: 1, total: 5 });
    expect(machine?.ticksPerSec).toBeCloseTo(5 / 6, 10);
    expect(machine?.restarts).toEqual([{ atSec: 4.5, clockBefore: 3, clockAfter: 0 }]);
    // Steps of events: 1+1+1, then 1 (0→1) and 2 (1→3): 6 units, not the final clock 3.
    expect(machine?.clockUnitsPerSec).toBeCloseTo(6 / 6, 10);
    expect(machine?.finalClock).toBe(3);
    // The receive's jump is from the clock after the restart: 3 = max(1, 2) + 1 skips 1 unit.
    expect(machine?.jumps.max).toBe(1);
    expect([...(series[0]?.clock ?? [])]).toEqual([1, 2, 3, 0, 1, 3]);
    expect(summary.machines[1]?.restarts).toBeUndefined();
  });
});

describe('ClockInflation', () => {
  it('counts the events a corrupted clock pushed up, and by how much', () => {
    const inflation = new ClockInflation(2, []);
    // Machine 0 sends 0-1 with true clock 1 but carries 101; machine 1 (clock 1) receives it:
    // 102 where its shadow is max(1, 1) + 1 = 2 (inflated by 100); its next event 103 vs 3.
    inflation.accept({ kind: 'internal', seq: 1, clock: 1 }, 1);
    inflation.accept({ kind: 'send', seq: 1, clock: 1, msgClock: 101 }, 0);
    inflation.accept(
      { kind: 'receive', seq: 2, clock: 102, msgSender: 0, msgSeq: 1, msgClock: 101 },
      1,
    );
    inflation.accept({ kind: 'internal', seq: 3, clock: 103 }, 1);
    // A send machine 1 makes now carries its inflated clock: machine 0 is pushed up too.
    inflation.accept({ kind: 'send', seq: 4, clock: 104, msgClock: 104 }, 1);
    inflation.accept(
      { kind: 'receive', seq: 2, clock: 105, msgSender: 1, msgSeq: 4, msgClock: 104 },
      0,
    );
    expect(inflation.figures()).toEqual({ events: 4, maxBy: 100 });
  });

  it('measures a TCP run too, where the router rewrote the clock after the send row', () => {
    // The send row keeps its true clock in msg_clock; only faults.csv's corrupt row (the
    // `corruptedSends`) and the receive show the carried one.
    const feed = (inflation: ClockInflation) => {
      inflation.accept({ kind: 'send', seq: 1, clock: 1, msgClock: 1 }, 0);
      inflation.accept(
        { kind: 'receive', seq: 1, clock: 102, msgSender: 0, msgSeq: 1, msgClock: 101 },
        1,
      );
      return inflation.figures();
    };
    expect(feed(new ClockInflation(2, [], [{ sender: 0, seq: 1 }]))).toEqual({
      events: 1,
      maxBy: 100,
    });
    // Without the corrupt rows the carried clock would read as the true one: nothing inflated.
    expect(feed(new ClockInflation(2, []))).toEqual({ events: 0, maxBy: 0 });
  });

  it('follows a reset restart: the clocks after it are not inflated', () => {
    const inflation = new ClockInflation(1, [{ machine: 0, rule: 'reset' }]);
    inflation.accept({ kind: 'internal', seq: 1, clock: 1 }, 0);
    inflation.accept({ kind: 'internal', seq: 2, clock: 2 }, 0);
    inflation.accept({ kind: 'restart', seq: 3, clock: 0 }, 0);
    inflation.accept({ kind: 'internal', seq: 4, clock: 1 }, 0);
    expect(inflation.figures()).toEqual({ events: 0, maxBy: 0 });
  });
});
