/**
 * Goal: a Perfetto export of a run with faults adds, after the machines' tracks, a "faults" track
 * with an instant per fault action (crash, restart, drop ...) at its time, and a track per
 * partition, pause or down time holding one slice over it; a run without faults exports byte for
 * byte the same with a faults.csv beside it; one whose manifest names faults is refused without
 * its faults.csv.
 * Method: the hand-made faults of fault-fixture.ts on a copied real run, exported by the CLI
 * program in this process, the JSON parsed.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';
import { addFixtureFaults } from '../../helpers/fault-fixture.js';
import { restateLogs } from '../../helpers/run-files.js';

const workDir = useCopiedRun('perfetto-faults');
const cli = cliIn(workDir);

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly cat?: string;
  readonly tid?: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly s?: string;
  readonly args?: Record<string, unknown>;
}

async function exported(): Promise<string> {
  const result = await cli('export', 'run', '--format', 'perfetto', '--out', 'out.json');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return readFileSync(join(workDir(), 'out.json'), 'utf8');
}

function trackNames(events: readonly TraceEvent[]): Map<number, string> {
  return new Map(
    events
      .filter((event) => event.name === 'thread_name')
      .map((event) => [event.tid as number, String(event.args?.name)]),
  );
}

describe('the Perfetto export of a run with faults', () => {
  it('puts an instant per fault action on a faults track', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    const events = (JSON.parse(await exported()) as { traceEvents: TraceEvent[] }).traceEvents;
    expect(trackNames(events).get(3)).toBe('faults');
    const instants = events.filter((event) => event.ph === 'i');
    expect(
      instants.every((event) => event.tid === 3 && event.s === 't' && event.cat === 'fault'),
    ).toBe(true);
    expect(instants).toHaveLength(12);
    const named = (name: string) => instants.filter((event) => event.name === name);
    expect(named('crash')).toEqual([
      expect.objectContaining({
        ts: 5_200_000,
        args: { fault: 2, machine: 1, inbox: 'drop', queued: '0' },
      }),
    ]);
    expect(
      named('drop').map((event) => [event.ts, event.args?.msg_id, event.args?.reason]),
    ).toEqual([
      [3_000_000, '0-9', 'loss'],
      [6_000_000, '0-18', 'crash'],
    ]);
    expect(named('restart')).toEqual([
      expect.objectContaining({
        ts: 7_200_000,
        args: expect.objectContaining({ before: '14', after: '0' }),
      }),
    ]);
  });

  it('gives each partition, pause and down time a track with a slice over it', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    const events = (JSON.parse(await exported()) as { traceEvents: TraceEvent[] }).traceEvents;
    const names = trackNames(events);
    const spans = events
      .filter((event) => event.cat === 'fault' && event.ph === 'X')
      .map((event) => [names.get(event.tid as number), event.name, event.ts, event.dur]);
    expect(spans).toEqual([
      ['fault 4: machine 2 paused', 'pause', 2_500_000, 1_000_000],
      ['fault 0: partition 0|1+2', 'partition', 4_000_000, 2_000_000],
      ['fault 2: machine 1 down', 'down', 5_200_000, 2_000_000],
    ]);
  });

  it("is byte for byte the same export with a faults.csv beside a run without faults (the user's)", async () => {
    const before = await exported();
    const manifestPath = join(workDir(), 'run', 'manifest.json');
    const faultFree = readFileSync(manifestPath);
    addFixtureFaults(join(workDir(), 'run'));
    expect(await exported()).not.toBe(before);
    writeFileSync(manifestPath, faultFree);
    expect(await exported()).toBe(before);
  });

  it('refuses a run whose manifest names faults without its faults.csv, writing nothing', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    rmSync(join(workDir(), 'run', 'faults.csv'));
    const result = await cli('export', 'run', '--format', 'perfetto', '--out', 'refused.out');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^lamport-lab: \S*faults\.csv: expected the fault evidence .* got no such file\n$/,
    );
    expect(existsSync(join(workDir(), 'refused.out'))).toBe(false);
  });
});

describe('the export of a duplicated copy', () => {
  /** Machine 2 receives 1-4 a second time at the end of its log, as a duplicate fault makes it. */
  function receiveTwice(): void {
    const log = join(workDir(), 'run', 'machine-2.csv');
    writeFileSync(log, `${readFileSync(log, 'utf8')}2,11,receive,10000,27,0,1,1-4,4\n`);
    // The manifest states the log with its second receive, as a run that made it would.
    restateLogs(join(workDir(), 'run'));
  }

  it('gives the second receive its own arrow when faults.csv records the duplicate', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    receiveTwice();
    const events = (JSON.parse(await exported()) as { traceEvents: TraceEvent[] }).traceEvents;
    const flows = events.filter((event) => event.name === 'message');
    // Each receive slice of 1-4 is followed by its flow's end.
    const receiveAt = events.flatMap((event, index) =>
      event.name === 'receive' && event.args?.msg_id === '1-4' ? [index] : [],
    );
    expect(receiveAt.map((index) => events[index]?.ts)).toEqual([3_000_000, 10_000_000]);
    const endIds = receiveAt.map((index) => {
      const end = events[index + 1] as TraceEvent & { id: number };
      expect(end).toMatchObject({ name: 'message', ph: 'f', tid: 2 });
      return end.id;
    });
    expect(new Set(endIds).size).toBe(2);
    const startIds = new Set(
      flows
        .filter((event) => event.ph === 's')
        .map((event) => (event as unknown as { id: number }).id),
    );
    for (const id of endIds) expect(startIds.has(id)).toBe(true);
  });

  it('refuses a second receive that faults.csv does not record', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    receiveTwice();
    const path = join(workDir(), 'run', 'faults.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^.*,duplicate,.*\n/m, ''));
    const result = await cli('export', 'run', '--format', 'perfetto', '--out', 'out.json');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/machine-2\.csv:12: a receive of message 1-4.*received twice/);
  });
});
