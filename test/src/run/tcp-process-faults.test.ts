/**
 * Goal: what each machine process of a TCP run is told about its own faults: its rate steps,
 * the crash that ends it, where its state lives, and for a restart's process the restart's
 * time, rule, inbox and the run's start; and the missed ticks a pause's resume row states are
 * the machine's grid ticks in the window, rate steps followed (the model's count).
 * Method: fault lists in the driver's units, as the scenario resolver makes them.
 */
import { describe, expect, it } from 'vitest';
import { gridTicksIn, machineFaultsOf } from '../../../src/run/tcp-process-faults.js';
import type { FaultConfig } from '../../../transports/fault-config.js';

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
});
