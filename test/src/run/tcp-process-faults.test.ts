/**
 * Goal: what each machine process of a TCP run is told about its own faults: its rate steps,
 * the crash that ends it, where its state lives, and for a restart's process the restart's
 * time, rule, inbox and the run's start; and the missed ticks a pause's resume row states are
 * the machine's grid ticks in the window, rate steps followed (the model's count).
 * The runner kills, then writes the crash row and (inbox drop) one drop row per copy the machine
 * persisted in its queue; the restart row states the persisted clock and its rule's.
 * Method: fault lists in the driver's units, as the scenario resolver makes them; the runner with
 * hooks that record what it asks, on the real clock over a 0.2 s run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gridTicksIn,
  machineFaultsOf,
  ProcessFaultRunner,
  statePathOf,
} from '../../../src/run/tcp-process-faults.js';
import type { FaultConfig } from '../../../transports/fault-config.js';
import { writeMachineState } from '../../../transports/tcp/machine-state.js';
import { systemClock } from '../../../transports/tcp/wall-clock.js';

const faults: FaultConfig[] = [
  { kind: 'crash', index: 0, stream: 's0', machine: 1, atUs: 1_000_000, inbox: 'keep' },
  {
    kind: 'restart',
    index: 1,
    stream: 's1',
    machine: 1,
    atUs: 2_000_000,
    clock: { kind: 'lease', every: 16 },
  },
  { kind: 'crash', index: 2, stream: 's2', machine: 1, atUs: 3_000_000, inbox: 'drop' },
  { kind: 'rate', index: 3, stream: 's3', machine: 1, atUs: 500_000, rateMilliHz: 2000 },
  { kind: 'pause', index: 4, stream: 's4', machine: 0, atUs: 4_000_000, untilUs: 9_000_000 },
];
const parts = (machineId: number, life: number) => ({
  machineId,
  machineCount: 3,
  statesDir: '/states',
  life,
  startEpochMs: 1234,
  durationUs: 5_000_000,
});

describe('a machine process told its own faults', () => {
  it('first process: its rate steps, the crash that ends it, its state file; no restart', () => {
    expect(machineFaultsOf(faults, parts(1, 0))).toEqual({
      rateSteps: [{ atUs: 500_000, rateMilliHz: 2000 }],
      crashAtUs: 1_000_000,
      pausedToEndFromUs: null,
      pauseStartsUs: [],
      statePath: '/states/machine-1.state.json',
      restart: null,
    });
  });

  it("a restart's process: its restart, the next crash, and the run's start (no barrier)", () => {
    expect(machineFaultsOf(faults, parts(1, 1))).toMatchObject({
      crashAtUs: 3_000_000,
      restart: {
        atUs: 2_000_000,
        clock: { kind: 'lease', every: 16 },
        inbox: 'keep',
        startEpochMs: 1234,
      },
    });
  });

  it('a machine that never crashes keeps no state; a pause past the end silences its tail', () => {
    expect(machineFaultsOf(faults, parts(0, 0))).toEqual({
      rateSteps: [],
      crashAtUs: null,
      pausedToEndFromUs: 4_000_000,
      pauseStartsUs: [4_000_000],
      statePath: null,
      restart: null,
    });
    expect(machineFaultsOf([], parts(0, 0))).toBeUndefined();
  });

  it("counts a pause's missed ticks on the machine's grid, rate steps followed", () => {
    // 10 Hz: ticks at 100, 200, ... ms; [250, 650) holds 300, 400, 500, 600.
    expect(gridTicksIn(10_000, [], 250_000, 650_000)).toBe(4);
    // A window's end is outside it: [300, 600) holds 300, 400, 500.
    expect(gridTicksIn(10_000, [], 300_000, 600_000)).toBe(3);
    // 2 Hz from 450 ms: 100..400 on the old grid, then 950, 1450.
    expect(gridTicksIn(10_000, [{ atUs: 450_000, rateMilliHz: 2000 }], 350_000, 1_500_000)).toBe(3);
  });

  it('a crash kills, then drops the persisted queue row by row; the restart states its clocks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamport-lab-runner-'));
    try {
      const run: FaultConfig[] = [
        { kind: 'crash', index: 0, stream: 's0', machine: 1, atUs: 50_000, inbox: 'drop' },
        {
          kind: 'restart',
          index: 1,
          stream: 's1',
          machine: 1,
          atUs: 100_000,
          clock: { kind: 'reset' },
        },
      ];
      writeMachineState(statePathOf(dir, 1), {
        seq: 4,
        clock: 7,
        actionDraws: 3,
        queue: [
          [0, 5, 3],
          [2, 2, 6],
        ],
      });
      const asked: string[] = [];
      const runner = new ProcessFaultRunner(
        {
          faults: run,
          rates: [10, 10, 10],
          durationUs: 200_000,
          statesDir: dir,
          outDir: dir,
          clock: systemClock,
        },
        {
          kill: async (id) => {
            asked.push(`kill ${id}`);
          },
          pause: (id) => asked.push(`pause ${id}`),
          resume: (id) => asked.push(`resume ${id}`),
          restart: (id, life) => asked.push(`restart ${id} life ${life}`),
        },
      );
      expect(runner.restartAhead()).toBe(true);
      runner.start(systemClock.epochMs());
      await runner.done;
      expect(asked).toEqual(['kill 1', 'restart 1 life 1']);
      expect(runner.restartAhead()).toBe(false);
      expect(readFileSync(join(dir, 'faults-launcher.part.csv'), 'utf8')).toBe(
        [
          'time_ms,fault,machine,peer,msg_id,detail',
          '50,crash,1,,,index=0;inbox=drop;queued=2',
          '50,drop,1,0,0-5,index=0;reason=crash',
          '50,drop,1,2,2-2,index=0;reason=crash',
          '100,restart,1,,,index=1;clock=reset;before=7;after=0',
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
