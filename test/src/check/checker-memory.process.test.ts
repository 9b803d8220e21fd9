/**
 * Goal: `check` holds memory for what is in flight or queued, a few tens of bytes a message, and
 * nothing for rows that are settled: a run of any length with a queue that grows forever (a
 * legitimate run) checks in memory bounded by that queue, not by the run.
 * Method: the BUILT checker is fed rows in a fresh `node --expose-gc` process (so the heap can be
 * measured after a full collection, with nothing of the test runner in it): machine 0 sends
 * 2^18 messages machine 1 never receives, then 2^18 more settled ones (sent and received at
 * once); the heap (JS objects and typed arrays) is measured before, after each phase.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const checkerUrl = pathToFileURL(join(packageRoot, 'dist', 'src', 'check', 'checker.js')).href;

const script = `
import { RunChecker } from ${JSON.stringify(checkerUrl)};
const heapBytes = () => {
  globalThis.gc();
  globalThis.gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};
const messages = 1 << 18;
const checker = new RunChecker({
  machineCount: 2, fifo: true, ratesMilliHz: null, maxErrors: 10, timeToleranceUs: 0,
});
const file0 = 'machine-0.csv';
const file1 = 'machine-1.csv';
let seq0 = 0;
let seq1 = 0;
let clock1 = 0;
const send = () => {
  seq0 += 1;
  checker.accept({ kind: 'send', machine: 0, seq: seq0, timeUs: seq0 * 1000, clock: seq0,
    queueLength: 0, file: file0, line: seq0 + 1, receiverIds: [1], msgSender: 0, msgSeq: seq0,
    msgClock: seq0 }, 0);
};
const before = heapBytes();
for (let index = 0; index < messages; index += 1) send();
const queued = heapBytes();
// Settled: each message is received right after it is sent. They queue behind the unreceived
// ones above (a FIFO channel), so they are not checked against the FIFO rule: receive them
// on a second channel instead, from machine 1 to machine 0.
for (let index = 0; index < messages; index += 1) {
  seq1 += 1;
  clock1 += 1;
  checker.accept({ kind: 'send', machine: 1, seq: seq1, timeUs: seq0 * 1000 + index, clock: clock1,
    queueLength: 0, file: file1, line: seq1 + 1, receiverIds: [0], msgSender: 1, msgSeq: seq1,
    msgClock: clock1 }, 1);
  seq0 += 1;
  const clock0 = Math.max(seq0 - 1, clock1) + 1;
  checker.accept({ kind: 'receive', machine: 0, seq: seq0, timeUs: seq0 * 1000 + index,
    clock: clock0, queueLength: 0, file: file0, line: seq0 + 1, peer: 1, msgSender: 1,
    msgSeq: seq1, msgClock: clock1 }, 0);
  if (index === messages / 2) globalThis.half = heapBytes();
}
const settled = heapBytes();
process.stdout.write(JSON.stringify({
  messages, queuedBytes: queued - before, settledHalfBytes: settled - globalThis.half,
  held: checker.heldMessages(), violations: checker.violationCounts.size,
}));
`;

describe('check memory', () => {
  it('holds tens of bytes per queued message and nothing per settled row', () => {
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    const measured = JSON.parse(result.stdout) as {
      messages: number;
      queuedBytes: number;
      settledHalfBytes: number;
      held: number;
      violations: number;
    };
    expect(measured.violations).toBe(0);
    // What the checker and its causality tracker keep for a message in a queue, including the
    // slack of rings that double: ~300 bytes a message before (an object holding the send's row).
    const perQueued = measured.queuedBytes / measured.messages;
    expect(perQueued).toBeLessThan(150);
    // The second half of the settled rows (2^17 sends and receives) adds nothing that stays.
    expect(measured.settledHalfBytes).toBeLessThan(1 << 20);
    // Held: the queued messages, and the settled ones of machine 1 none of which is open.
    expect(measured.held).toBe(measured.messages);
  });
});
