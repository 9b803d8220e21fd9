/**
 * Goal: a killed TCP machine's ticks, read from its log, are judged against the machine's own
 * schedule: tick k due floor(k / rate) µs after the start (the virtual run's tick times, the
 * tick timer's deadlines), counted and measured in integers, not against k / rate in float.
 * Method: small hand-written logs of a 3 Hz machine, whose period is no whole number of µs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ticksFromLog } from '../../../src/logs/killed-machine-log.js';

const header = 'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock\n';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'killed-log-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function logOf(timesMs: readonly string[]): string {
  const path = join(dir, 'machine-0.csv');
  const rows = timesMs.map(
    (timeMs, index) => `0,${index + 1},internal,${timeMs},${index + 1},0,,,\n`,
  );
  writeFileSync(path, header + rows.join(''));
  return path;
}

describe('ticksFromLog', () => {
  it('measures lateness from the integer tick times: on time is 0, a µs late is 0.001 ms', () => {
    // 3 Hz: ticks due at 333 333, 666 666 and 1 000 000 µs.
    const onTime = ticksFromLog(logOf(['333.333', '666.666', '1000.000']), 3, 1000);
    expect(onTime.lateness.maxMs).toBe(0);
    const late = ticksFromLog(logOf(['333.334', '666.667', '1000.000']), 3, 1000);
    expect(late.lateness.maxMs).toBeCloseTo(0.001, 9);
    expect(late.lateness.p50Ms).toBeCloseTo(0.001, 9);
  });

  it('expects the ticks due while it was alive, tick k due at floor(k / rate) µs', () => {
    const path = logOf(['333.333']);
    // Alive to 666.6663 ms: that is 666 666 µs, when tick 2 was due.
    expect(ticksFromLog(path, 3, 666.6663).ticksExpected).toBe(2);
    expect(ticksFromLog(path, 3, 666.665).ticksExpected).toBe(1);
    expect(ticksFromLog(path, 3, 1000).ticksExpected).toBe(3);
    expect(ticksFromLog(path, 3, 1000).ticksMade).toBe(1);
  });
});
