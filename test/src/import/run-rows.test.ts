/**
 * Goal: the rows written for an import say what docs/IMPORT.md promises: a send's peers as
 * stated (itself and repeats dropped, with a finding), every other machine for "all", or who
 * took it when not stated; a matched receive names its send and that send's clock; an unmatched
 * one names msg id <sender>-0 and what its clock implies; each copy never received is a finding.
 */
import { describe, expect, it } from 'vitest';
import type { ImportedRow } from '../../../src/import/imported-row.js';
import { matchMessages } from '../../../src/import/match-messages.js';
import { runRows } from '../../../src/import/run-rows.js';

function row(
  machine: number,
  seq: number,
  spec: Partial<ImportedRow> & Pick<ImportedRow, 'kind' | 'timeUs' | 'clock'>,
): ImportedRow {
  return {
    source: { file: `m${machine}.log`, line: seq },
    machine,
    seq,
    previousClock: 0,
    queue: null,
    receivers: null,
    sender: null,
    msgClock: null,
    msgId: null,
    ...spec,
  };
}

/** The data rows (header left out) of each machine's log. */
function written(rows: ImportedRow[][]): { logs: string[][]; findings: string[] } {
  const result = runRows(rows, matchMessages(rows, 0));
  return {
    logs: result.logs.map((text) => text.trimEnd().split('\n').slice(1)),
    findings: result.findings.map((finding) => `${finding.kind} ${finding.where}`),
  };
}

describe('runRows', () => {
  it('writes peers as stated, for all, or as taken; never-received copies are findings', () => {
    const rows = [
      [
        row(0, 1, { kind: 'send', timeUs: 0, clock: 1, receivers: [1, 0, 1] }),
        row(0, 2, { kind: 'send', timeUs: 1000, clock: 2, receivers: 'all', queue: 3 }),
        row(0, 3, { kind: 'send', timeUs: 2000, clock: 3 }),
      ],
      [
        row(1, 1, { kind: 'receive', timeUs: 3000, clock: 2 }),
        row(1, 2, { kind: 'receive', timeUs: 4000, clock: 4, previousClock: 2 }),
      ],
      [row(2, 1, { kind: 'internal', timeUs: 500, clock: 1 })],
    ];
    const { logs, findings } = written(rows);
    expect(logs[0]).toEqual([
      '0,1,send,0,1,0,1,0-1,1',
      '0,2,send,1,2,3,1;2,0-2,2',
      '0,3,send,2,3,0,1,0-3,3',
    ]);
    expect(logs[1]).toEqual(['1,1,receive,3,2,0,0,0-1,1', '1,2,receive,4,4,0,0,0-3,3']);
    expect(findings).toEqual([
      'bad-receiver m0.log:1',
      'never-received m0.log:2',
      'never-received m0.log:2',
    ]);
  });

  it('writes an unmatched receive as msg id <sender>-0 with the clock it implies', () => {
    const rows = [
      [row(0, 1, { kind: 'internal', timeUs: 0, clock: 1 })],
      [
        row(1, 1, { kind: 'internal', timeUs: 0, clock: 1 }),
        row(1, 2, { kind: 'receive', timeUs: 10, clock: 7, previousClock: 1, sender: 0 }),
        row(1, 3, { kind: 'receive', timeUs: 20, clock: 8, previousClock: 7 }),
      ],
    ];
    const { logs, findings } = written(rows);
    expect(logs[1]?.slice(1)).toEqual([
      '1,2,receive,0.01,7,0,0,0-0,6',
      '1,3,receive,0.02,8,0,1,1-0,7',
    ]);
    expect(findings).toEqual(['unmatched-receive m1.log:2', 'unmatched-receive m1.log:3']);
  });
});
