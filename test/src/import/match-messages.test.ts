/**
 * Goal: receives are matched to sends as docs/IMPORT.md says, deterministically: a clock that
 * jumped took exactly clock - 1, one that did not took at most the previous clock; the earliest
 * fitting copy by (time, machine id), of the named sender or any other machine, not already
 * received by this machine, sent no later than the receive plus the tolerance; a stated message
 * clock or id decides; what no compatible copy fits is matched loosely, or not at all; two
 * machines fitting an unnamed sender is ambiguous.
 * Method: small runs built row by row, each case with a decoy that a wrong rule would take.
 */
import { describe, expect, it } from 'vitest';
import type { ImportedRow } from '../../../src/import/imported-row.js';
import { matchMessages, receiveMsgClock } from '../../../src/import/match-messages.js';

type RowSpec = Partial<ImportedRow> & Pick<ImportedRow, 'kind' | 'timeUs' | 'clock'>;

/** Machines' rows from specs: seq, previous clock and source filled in. */
function run(...machines: RowSpec[][]): ImportedRow[][] {
  return machines.map((specs, machine) => {
    let previousClock = 0;
    return specs.map((spec, index): ImportedRow => {
      const row: ImportedRow = {
        source: { file: `m${machine}.log`, line: index + 1 },
        machine,
        seq: index + 1,
        previousClock,
        queue: null,
        receivers: null,
        sender: null,
        msgClock: null,
        msgId: null,
        ...spec,
      };
      previousClock = spec.clock;
      return row;
    });
  });
}

const send = (
  timeUs: number,
  clock: number,
  receivers: ImportedRow['receivers'] = null,
): RowSpec => ({
  kind: 'send',
  timeUs,
  clock,
  receivers,
});
const internal = (timeUs: number, clock: number): RowSpec => ({ kind: 'internal', timeUs, clock });
const receive = (timeUs: number, clock: number, more: Partial<ImportedRow> = {}): RowSpec => ({
  kind: 'receive',
  timeUs,
  clock,
  ...more,
});

/** The (machine, seq) each receive of `rows` was matched to, `-` for none, by receive. */
function matched(rows: ImportedRow[][], toleranceUs = 0): Record<string, string> {
  const { matches } = matchMessages(rows, toleranceUs);
  const result: Record<string, string> = {};
  for (const [row, match] of matches) {
    const to = match.send === null ? '-' : `${match.send.machine}:${match.send.seq}`;
    result[`${row.machine}:${row.seq}`] =
      `${to}${match.how === 'loose' ? ' loose' : ''}${match.alsoFrom === null ? '' : ` also ${match.alsoFrom}`}`;
  }
  return result;
}

describe('matchMessages', () => {
  it('a clock that jumped took exactly clock - 1: not the earlier send', () => {
    const rows = run(
      [send(0, 1, [1]), internal(1, 2), send(2, 3, [1])],
      [internal(0, 1), receive(10, 4)],
    );
    expect(matched(rows)).toEqual({ '1:2': '0:3' });
    const { matches } = matchMessages(rows, 0);
    const [entry] = [...matches];
    const [row, match] = entry as [ImportedRow, Parameters<typeof receiveMsgClock>[1]];
    expect(receiveMsgClock(row, match)).toBe(3);
  });

  it('a clock that did not jump took at most the previous clock: the earliest such send', () => {
    const rows = run(
      [send(0, 5, [1]), send(1, 1, [1]), send(2, 2, [1])],
      [internal(0, 1), internal(1, 2), receive(10, 3)],
    );
    // 0:1 (clock 5) would have made the clock jump: not it.
    expect(matched(rows)).toEqual({ '1:3': '0:2' });
  });

  it('the named sender only; else the earliest by (time, machine id), flagged ambiguous', () => {
    const rows = run(
      [send(5, 1, [2])],
      [send(5, 1, [2])],
      [receive(10, 2, { sender: 1 }), receive(11, 3)],
    );
    expect(matched(rows)).toEqual({ '2:1': '1:1', '2:2': '0:1' });
    const unnamed = run([send(5, 1, [2])], [send(5, 1, [2])], [receive(10, 2)]);
    expect(matched(unnamed)).toEqual({ '2:1': '0:1 also 1' });
  });

  it('a copy is received once per machine; a send to others is not a candidate', () => {
    const rows = run(
      [send(0, 1, 'all'), send(1, 2, [2])],
      [receive(5, 2), receive(6, 3)],
      [receive(5, 2)],
    );
    // Machine 1's second receive finds no copy left for it: unmatched.
    expect(matched(rows)).toEqual({ '1:1': '0:1', '1:2': '-', '2:1': '0:1' });
  });

  it('a send logged after the receive matches only within the tolerance', () => {
    const rows = run([send(5_000, 1, [1])], [receive(0, 2)]);
    expect(matched(rows, 4_999)).toEqual({ '1:1': '-' });
    expect(matched(rows, 5_000)).toEqual({ '1:1': '0:1' });
  });

  it('a stated message clock decides; none compatible: the earliest copy, loosely', () => {
    const stated = run([send(0, 1, [1]), send(1, 2, [1])], [receive(5, 3, { msgClock: 2 })]);
    expect(matched(stated)).toEqual({ '1:1': '0:2' });
    // Off by one: clock 5 = max(4, 5), no jump by the rule, no send with a clock <= 4 open.
    const offByOne = run(
      [send(0, 5, [1])],
      [internal(0, 1), internal(1, 2), internal(2, 3), internal(3, 4), receive(5, 5)],
    );
    expect(matched(offByOne)).toEqual({ '1:5': '0:1 loose' });
  });

  it('message ids decide when both sides have them, and never match loosely', () => {
    const rows = run(
      [
        { ...send(0, 1, [1]), msgId: 'a' },
        { ...send(1, 2, [1]), msgId: 'b' },
      ],
      [receive(5, 3, { msgId: 'b' }), receive(6, 4, { msgId: 'zzz' })],
    );
    const { matches } = matchMessages(rows, 0);
    expect([...matches.values()].map((match) => [match.send?.msgId ?? null, match.how])).toEqual([
      ['b', 'id'],
      [null, null],
    ]);
  });

  it('is deterministic: the same rows give the same matching', () => {
    const make = () =>
      run(
        [send(0, 1, 'all'), send(3, 2, null)],
        [send(0, 1, 'all'), receive(4, 3)],
        [receive(1, 2), receive(2, 3), receive(5, 4)],
      );
    expect(matched(make())).toEqual(matched(make()));
  });
});
