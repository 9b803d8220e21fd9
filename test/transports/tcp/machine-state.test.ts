/**
 * Goal: what a TCP machine persists for a restart reads back as written (seq, clock, stream
 * position, queue), a machine that never wrote has none, a rewrite replaces it whole, and a
 * stream resumed at its persisted position draws exactly what the unbroken stream draws next.
 * Method: a temp dir; the run's own seeded streams.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRng } from '../../../transports/seeded-rng.js';
import {
  CountingRng,
  readMachineState,
  writeMachineState,
} from '../../../transports/tcp/machine-state.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lamport-lab-state-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the state a TCP machine persists for a restart', () => {
  it('reads back as written, replaced whole by the next write, and none before the first', () => {
    const path = join(dir, 'machine-1.state.json');
    expect(readMachineState(path)).toBeNull();
    writeMachineState(path, { seq: 3, clock: 9, actionDraws: 4, queue: [[0, 2, 5]] });
    writeMachineState(path, { seq: 4, clock: 10, actionDraws: 4, queue: [] });
    expect(readMachineState(path)).toEqual({ seq: 4, clock: 10, actionDraws: 4, queue: [] });
    // Written beside and renamed: no temporary file is left.
    expect(readdirSync(dir)).toEqual(['machine-1.state.json']);
    expect(existsSync(`${path}.next`)).toBe(false);
  });

  it('a stream resumed at its persisted position draws what the unbroken stream draws next', () => {
    const unbroken = new CountingRng(seededRng(42, 'machine/1/actions'));
    for (let at = 0; at < 7; at += 1) unbroken.nextU32();
    expect(unbroken.draws).toBe(7);
    const resumed = new CountingRng(seededRng(42, 'machine/1/actions'), unbroken.draws);
    expect(resumed.draws).toBe(7);
    const next = Array.from({ length: 5 }, () => unbroken.nextU32());
    expect(Array.from({ length: 5 }, () => resumed.nextU32())).toEqual(next);
    expect(resumed.draws).toBe(12);
  });
});
