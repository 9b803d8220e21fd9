/**
 * Goal: `check` on an imported run applies the rules for other implementations' typical bugs
 * (tickRate, offByOne, queueBound) and names the source line; says which rules the columns do
 * not allow; and a lamport-lab run's report carries none of it.
 * Method: small logs in lamport-lab's columns (the lamport-lab preset) or a spec without a
 * queue column, imported with importRun and checked with checkRun, each rule once broken and
 * once kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRun } from '../../../src/check/check-run.js';
import type { RuleId } from '../../../src/check/rules.js';
import { importRun } from '../../../src/import/import-run.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-imported-rules-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const header = 'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock';
let count = 0;

/** Imports `lines` (our columns, after the header) and checks the run. */
function importAndCheck(
  lines: readonly string[],
  options: { ratesHz?: number[]; format?: string } = {},
) {
  count += 1;
  const source = join(workDir, `log-${count}.csv`);
  writeFileSync(source, `${[header, ...lines].join('\n')}\n`);
  const outDir = join(workDir, `run-${count}`);
  importRun({
    inputs: [source],
    format: options.format ?? 'lamport-lab',
    outDir,
    force: false,
    toleranceMs: 0,
    ratesHz: options.ratesHz ?? null,
  });
  const report = checkRun(outDir, { maxErrors: 100 });
  const at = (line: number, rule: RuleId) =>
    report.violations.some(
      (violation) => violation.rule === rule && violation.where.startsWith(`${source}:${line} (`),
    );
  return { report, at, rules: new Set(report.violations.map((violation) => violation.rule)) };
}

/** Two machines at 1 Hz: 0 sends to 1 at 0 s, 1 receives it at 0.5 s; then internal events. */
function twoMachines(
  receiveClock: number,
  receiveQueue: number,
  machine1Times = [500, 1500, 2500],
): string[] {
  return [
    '0,1,send,0,1,0,1,0-1,1',
    `1,1,receive,${machine1Times[0]},${receiveClock},${receiveQueue},0,0-1,1`,
    '0,2,internal,1000,2,0,,,',
    `1,2,internal,${machine1Times[1]},${receiveClock + 1},0,,,`,
    '0,3,internal,2000,3,0,,,',
    `1,3,internal,${machine1Times[2]},${receiveClock + 2},0,,,`,
  ];
}

describe('check on an imported run', () => {
  it('holds a correct run, naming what it could not apply', () => {
    const { report } = importAndCheck(twoMachines(2, 0));
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.mode).toBe('imported');
    expect(report.notes.some((note) => note.startsWith('rule 4 fifo not applied'))).toBe(true);
    expect(report.notes.some((note) => note.startsWith('rule 13 queueBound not applied'))).toBe(
      false,
    );
  });

  it('offByOne: a receive at max(previous, msg_clock), at its source line', () => {
    const { at, report } = importAndCheck(twoMachines(1, 0));
    expect(at(3, 'offByOne')).toBe(true);
    expect(at(3, 'receiveRule')).toBe(true);
    expect(report.ok).toBe(false);
  });

  it('queueBound: more queued than was sent and not received; one more at a receive is allowed', () => {
    expect(importAndCheck(twoMachines(2, 1)).report.ok).toBe(true);
    const broken = importAndCheck(twoMachines(2, 2));
    expect(broken.at(3, 'queueBound')).toBe(true);
  });

  it('tickRate: lost ticks and bursts against the estimated rate', () => {
    /** Machine 1 receives at 0.5 s, then logs internal events at these times (ms). */
    const machine1 = (timesMs: readonly number[]): string[] => [
      '0,1,send,0,1,0,1,0-1,1',
      '1,1,receive,500,2,0,0,0-1,1',
      ...timesMs.map((timeMs, index) => `1,${index + 2},internal,${timeMs},${index + 3},0,,,`),
    ];
    expect(importAndCheck(machine1([1500, 2500, 3500, 4500])).report.ok).toBe(true);
    // Line 6 is machine 1's third internal event: three periods, or a tenth of one, after the one before.
    expect(importAndCheck(machine1([1500, 2500, 5500, 6500])).at(6, 'tickRate')).toBe(true);
    expect(importAndCheck(machine1([1500, 2500, 2600, 3500])).at(6, 'tickRate')).toBe(true);
  });

  it('tickRate: against a declared rate', () => {
    // One event a second is a tenth of the ticks of 10 Hz: nine lost before every row.
    const { rules } = importAndCheck(twoMachines(2, 0), { ratesHz: [10] });
    expect(rules.has('tickRate')).toBe(true);
    // Rule 11 judges a declared rate; rule 0 does not hold it as a claim of the manifest's.
    expect([...rules]).toEqual(['tickRate']);
    expect(importAndCheck(twoMachines(2, 0), { ratesHz: [1] }).report.ok).toBe(true);
  });

  it('without a queue column the queue rule is not applied, and the notes say so', () => {
    const spec = join(workDir, 'no-queue.json');
    writeFileSync(
      spec,
      JSON.stringify({
        kind: 'csv',
        header: true,
        fields: {
          machine: 'machine',
          event: 'event',
          time: 'time_ms',
          clock: 'logical_clock',
          receivers: 'peers',
          sender: 'peers',
        },
        events: { send: ['send'], receive: ['receive'], internal: ['internal'] },
        time: { unit: 'ms' },
        machine: { from: 'field' },
      }),
    );
    const { report } = importAndCheck(twoMachines(2, 5), { format: spec });
    expect(report.ok).toBe(true);
    expect(report.notes).toContain('rule 13 queueBound not applied: the logs give no queue length');
    expect(
      report.notes.some((note) =>
        note.includes('judge msg_id, msg_clock as the import inferred them'),
      ),
    ).toBe(true);
  });

  it('a receive the import matched to no send is a message no one sent, at its line', () => {
    const { at, report } = importAndCheck([
      '0,1,internal,0,1,0,,,',
      '1,1,receive,500,2,0,0,0-9,1',
      '0,2,internal,1000,2,0,,,',
      '1,2,internal,1500,3,0,,,',
    ]);
    expect(at(3, 'receiveRule')).toBe(true);
    expect(report.violations[0]?.message).toMatch(/^received a message no one sent/);
  });
});
