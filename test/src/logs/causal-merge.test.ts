/**
 * Goal: the heap-based causal merge feeds rows in exactly the order of the rule it replaced: at
 * each step look at every log's head, feed the earliest (time, machine id) one that need not
 * wait, else the earliest waiting one. That order is a contract (check reports, exports and
 * analyses are compared byte for byte), so the old O(N)-per-row merge is kept here as the model.
 * Method: fast-check makes random multi-machine logs (times that go backwards, receives before
 * their sends, of messages never sent or sent to someone else, senders outside the run, msg_ids
 * that disagree with seq) and feeds them to both merges with the consumers the tool uses (the
 * checker, the exporter's and the analysis's wait rules, none) plus one whose waits can come back;
 * the rows fed, the next rows handed over and the checker's verdicts must be the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertNever } from '../../../core/index.js';
import {
  type CausalConsumer,
  feedInCausalOrder,
  type ReceiveLogRow,
  type RowSource,
} from '../../../src/logs/causal-merge.js';
import { RunChecker } from '../../../src/check/checker.js';
import type { ParsedLogRow } from '../../../src/logs/log-row.js';

/** The merge as it was: every head asked and compared for every row fed. */
function feedByScanningEveryHead(sources: readonly RowSource[], consumer: CausalConsumer): void {
  const heads = sources.map((source) => source.next());
  const waits = (row: ParsedLogRow) => row.kind === 'receive' && consumer.mustWait(row);
  const earlier = (a: ParsedLogRow, aId: number, b: ParsedLogRow, bId: number) =>
    a.timeUs < b.timeUs || (a.timeUs === b.timeUs && aId < bId);
  for (;;) {
    let best = -1;
    let bestWaiting = -1;
    for (let id = 0; id < heads.length; id += 1) {
      const head = heads[id];
      if (head === undefined) continue;
      const blocked = waits(head);
      const pool = blocked ? bestWaiting : best;
      const better = pool < 0 || earlier(head, id, heads[pool] as ParsedLogRow, pool);
      if (better && blocked) bestWaiting = id;
      if (better && !blocked) best = id;
    }
    const next = best >= 0 ? best : bestWaiting;
    if (next < 0) return;
    const row = heads[next] as ParsedLogRow;
    heads[next] = (sources[next] as RowSource).next();
    consumer.accept(row, next, heads[next]);
  }
}

function arraySource(rows: readonly ParsedLogRow[]): RowSource {
  let index = 0;
  return { next: () => rows[index++] };
}

/** A consumer to compare, and what it saw; made fresh for each merge. */
interface Observed {
  readonly consumer: CausalConsumer;
  readonly fed: string[];
  verdict(): unknown;
}

type ConsumerKind = 'checker' | 'export' | 'analysis' | 'comes-back' | 'never';

function observe(kind: ConsumerKind, machineCount: number): Observed {
  const fed: string[] = [];
  const record = (row: ParsedLogRow, id: number, next: ParsedLogRow | undefined) =>
    fed.push(`${id}:${row.line}>${next?.line ?? '-'}`);
  const seqs = new Float64Array(machineCount);
  const key = (sender: number, seq: number) => seq * machineCount + sender;
  switch (kind) {
    case 'checker': {
      const checker = new RunChecker({
        machineCount,
        fifo: true,
        ratesMilliHz: null,
        maxErrors: 1000,
        timeToleranceUs: 0,
      });
      return {
        fed,
        consumer: {
          mustWait: (row) => checker.mustWait(row),
          accept: (row, id, next) => {
            record(row, id, next);
            checker.accept(row, id);
          },
        },
        verdict: () => ({
          violations: checker.violations,
          causality: checker.causality(),
          unreceived: checker.unreceivedByMachine(),
        }),
      };
    }
    case 'export':
      return {
        fed,
        consumer: {
          mustWait: (row) =>
            row.msgSender < machineCount && (seqs[row.msgSender] as number) < row.msgSeq,
          accept: (row, id, next) => {
            record(row, id, next);
            seqs[id] = row.seq;
          },
        },
        verdict: () => null,
      };
    case 'analysis':
    case 'comes-back': {
      // Sends open until every copy is taken; 'comes-back' also forgets a send at its first
      // receive, so a receive that could go may have to wait again (a duplicate receive).
      const open = new Map<number, number>();
      return {
        fed,
        consumer: {
          mustWait: (row: ReceiveLogRow) =>
            (seqs[row.msgSender] ?? Number.POSITIVE_INFINITY) < row.msgSeq &&
            !open.has(key(row.msgSender, row.msgSeq)),
          accept: (row, id, next) => {
            record(row, id, next);
            seqs[id] = row.seq;
            if (row.kind === 'send') open.set(key(id, row.msgSeq), row.receiverIds.length);
            if (row.kind !== 'receive') return;
            const sendKey = key(row.msgSender, row.msgSeq);
            const left = (open.get(sendKey) ?? 0) - 1;
            if (left <= 0 || kind === 'comes-back') open.delete(sendKey);
            else open.set(sendKey, left);
          },
        },
        verdict: () => null,
      };
    }
    case 'never':
      return {
        fed,
        consumer: { mustWait: () => false, accept: record },
        verdict: () => null,
      };
  }
}

interface RowDraft {
  readonly kind: 'internal' | 'send' | 'receive';
  readonly timeStepUs: number;
  readonly peerPick: number;
  readonly seqPick: number;
  readonly receivers: readonly number[];
  readonly seqSlip: boolean;
}

const rowDraft: fc.Arbitrary<RowDraft> = fc.record({
  kind: fc.constantFrom('internal' as const, 'send' as const, 'receive' as const),
  // Mostly forwards, sometimes a tie or a step back (clocks of real hosts, broken logs).
  timeStepUs: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 3000 }) },
    { weight: 1, arbitrary: fc.integer({ min: -2000, max: 0 }) },
  ),
  peerPick: fc.nat(),
  seqPick: fc.nat(),
  receivers: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  seqSlip: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, fc.constant(true)),
});

/** Machine logs in our row format, built from drafts so that many receives match real sends. */
function buildLogs(drafts: readonly (readonly RowDraft[])[]): ParsedLogRow[][] {
  const machineCount = drafts.length;
  // One more than the machines: a sender outside the run now and then.
  const anyMachine = (pick: number) => pick % (machineCount + 1);
  return drafts.map((machineDrafts, machine) => {
    let timeUs = 0;
    return machineDrafts.map((draft, index): ParsedLogRow => {
      timeUs = Math.max(0, timeUs + draft.timeStepUs);
      // A slipped row's seq is anything: a sender's seq can go back, and waits come back.
      const seq = draft.seqSlip ? 1 + ((draft.seqPick * 7) % 30) : index + 1;
      const base = {
        machine,
        seq,
        timeUs,
        clock: index + 1,
        queueLength: 0,
        file: `machine-${machine}.csv`,
        line: index + 2,
      };
      switch (draft.kind) {
        case 'internal':
          return { ...base, kind: 'internal' };
        case 'send':
          return {
            ...base,
            kind: 'send',
            receiverIds: draft.receivers.map(anyMachine),
            msgSender: draft.seqSlip ? anyMachine(draft.peerPick) : machine,
            msgSeq: draft.seqSlip ? 1 + (draft.seqPick % 30) : seq,
            msgClock: index + 1,
          };
        case 'receive': {
          const sender = anyMachine(draft.peerPick);
          return {
            ...base,
            kind: 'receive',
            peer: sender,
            msgSender: sender,
            msgSeq: 1 + (draft.seqPick % 25),
            msgClock: draft.seqPick % 40,
          };
        }
        default:
          return assertNever(draft.kind, 'row kind');
      }
    });
  });
}

const runLogs = fc
  .array(fc.array(rowDraft, { maxLength: 25 }), { minLength: 1, maxLength: 9 })
  .map(buildLogs);

const consumerKinds: readonly ConsumerKind[] = [
  'checker',
  'export',
  'analysis',
  'comes-back',
  'never',
];

function bothOrders(logs: readonly ParsedLogRow[][], kind: ConsumerKind) {
  const model = observe(kind, logs.length);
  const merged = observe(kind, logs.length);
  feedByScanningEveryHead(logs.map(arraySource), model.consumer);
  feedInCausalOrder(logs.map(arraySource), merged.consumer);
  return { model, merged };
}

describe('feedInCausalOrder', () => {
  for (const kind of consumerKinds) {
    it(`feeds exactly the rows the scan-every-head model feeds, in its order (${kind})`, () => {
      fc.assert(
        fc.property(runLogs, (logs) => {
          const { model, merged } = bothOrders(logs, kind);
          expect(merged.fed).toEqual(model.fed);
          expect(merged.verdict()).toEqual(model.verdict());
          const rows = logs.reduce((total, log) => total + log.length, 0);
          expect(merged.fed).toHaveLength(rows);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('matches the model on many machines with few rows each (a deep heap)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(rowDraft, { maxLength: 4 }), { minLength: 60, maxLength: 300 }),
        (drafts) => {
          const logs = buildLogs(drafts);
          for (const kind of ['checker', 'comes-back'] as const) {
            const { model, merged } = bothOrders(logs, kind);
            expect(merged.fed).toEqual(model.fed);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('holds a receive back until its send is fed, though it is earlier', () => {
    const row = (machine: number, fields: Partial<ParsedLogRow> & Pick<ParsedLogRow, 'kind'>) =>
      ({
        machine,
        seq: 1,
        timeUs: 0,
        clock: 1,
        queueLength: 0,
        file: `machine-${machine}.csv`,
        line: 2,
        ...fields,
      }) as ParsedLogRow;
    // Machine 1's clock runs early: its receive is logged 5 ms before machine 0 sent.
    const logs = [
      [
        row(0, { kind: 'internal', timeUs: 1000 }),
        row(0, { kind: 'send', seq: 2, line: 3, timeUs: 9000, ...message(0, 2) }),
      ],
      [row(1, { kind: 'receive', timeUs: 4000, peer: 0, ...message(0, 2) })],
    ];
    const { merged } = bothOrders(logs, 'export');
    expect(merged.fed).toEqual(['0:2>3', '0:3>-', '1:2>-']);
  });

  it('feeds the earliest waiting receive when every log waits', () => {
    const receive = (machine: number, timeUs: number, sender: number) =>
      ({
        kind: 'receive',
        machine,
        seq: 1,
        timeUs,
        clock: 1,
        queueLength: 0,
        file: `machine-${machine}.csv`,
        line: 2,
        peer: sender,
        ...message(sender, 5),
      }) as ParsedLogRow;
    const logs = [[receive(0, 3000, 1)], [receive(1, 2000, 2)], [receive(2, 2000, 0)]];
    const { model, merged } = bothOrders(logs, 'export');
    expect(merged.fed).toEqual(['1:2>-', '2:2>-', '0:2>-']);
    expect(merged.fed).toEqual(model.fed);
  });
});

function message(sender: number, seq: number) {
  return { receiverIds: [1], msgSender: sender, msgSeq: seq, msgClock: seq };
}
