/**
 * Goal: a run of hand-started machines (no manifest.json) is assembled from their reports with
 * the scenario they state (rates, seed, probability, duration, start), refused in one line when
 * the reports disagree about the run, and left with an unknown scenario (not 1 Hz) when the
 * reports are of an earlier version that did not state it.
 * Method: reports written by hand beside header-only logs in a temp dir; readRunFiles reads them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunFiles } from '../../../src/logs/run-manifest.js';

let runDir: string;

beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), 'lamport-lab-assembled-'));
});

afterEach(() => {
  rmSync(runDir, { recursive: true, force: true });
});

const rates = [3, 1, 6];

function report(id: number, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    machineId: id,
    machineCount: 3,
    rateHz: rates[id],
    seed: 42,
    internalProbability: 0.7,
    durationSec: 60,
    completed: true,
    events: { internal: 0, send: 0, receive: 0, total: 0 },
    finalClock: 0,
    queuedAtEnd: 0,
    ticksMade: 0,
    ticksExpected: 0,
    achievedRateHz: 0,
    lateness: { p50Ms: 0, p99Ms: 0, maxMs: 0, lateTicks: 0 },
    elapsedMs: 60_000,
    startEpochMs: Date.UTC(2026, 11, 6, 12, 0, id),
    undeliverable: [0, 0, 0],
    badConnections: { count: 0, reasons: [] },
    disconnects: [],
    ...changes,
  };
}

function writeRun(reports: readonly Record<string, unknown>[]): void {
  reports.forEach((value, id) => {
    writeFileSync(
      join(runDir, `machine-${id}.csv`),
      'machine,seq,event,time_ms,logical_clock,queue_length,peers,msg_id,msg_clock\n',
    );
    writeFileSync(join(runDir, `machine-${id}.json`), JSON.stringify(value));
  });
}

describe('a run assembled from machine reports', () => {
  it('states the scenario the machines ran: rates, seed, probability, duration, start', () => {
    writeRun([0, 1, 2].map((id) => report(id)));
    const { manifest, assembled, scenarioKnown } = readRunFiles(runDir);
    expect(assembled).toBe(true);
    expect(scenarioKnown).toBe(true);
    expect(manifest?.scenario).toMatchObject({
      machines: 3,
      rates,
      seed: 42,
      internalProbability: 0.7,
      durationSec: 60,
    });
    expect(manifest?.durationUs).toBe(60_000_000);
    expect(manifest?.startTime).toBe('2026-12-06T12:00:00.000Z');
  });

  it.each([
    ['seed', 43],
    ['internalProbability', 0.25],
    ['durationSec', 30],
  ])('refuses reports that disagree about %s, naming the report', (field, value) => {
    writeRun([report(0), report(1, { [field]: value }), report(2)]);
    expect(() => readRunFiles(runDir)).toThrow(
      `${join(runDir, 'machine-1.json')}: ${field}: expected ${String(report(0)[field])}, as machine-0.json says (the machines of one run share it), got ${value} (number)`,
    );
  });

  it('leaves the scenario unknown for reports of an earlier version', () => {
    const old = (id: number) => {
      const { rateHz, seed, internalProbability, durationSec, machineCount, ...rest } = report(id);
      return rest;
    };
    writeRun([0, 1, 2].map(old));
    const { manifest, scenarioKnown } = readRunFiles(runDir);
    expect(scenarioKnown).toBe(false);
    expect(manifest?.scenario.seed).toBeUndefined();
    expect(manifest?.durationUs).toBe(0);
  });
});
