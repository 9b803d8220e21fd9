/**
 * Random streams derived from a run's seed. Each concern draws from its own named stream
 * (`machine/1/actions`, `machine/1/latency`, `machine/1/rate`), so adding a machine or changing
 * one machine's rate leaves every other stream's draws unchanged.
 *
 * The generator is seedrandom's Alea, fixed here on purpose: changing it changes every seeded
 * trace. Alea hashes the whole seed string (Mash), so streams with similar names are unrelated;
 * it is all IEEE-754 double arithmetic, which is identical on every platform.
 */
import seedrandom from 'seedrandom';
import type { Rng } from '../core/index.js';

export const rngAlgorithm = 'seedrandom.alea';

export type RngFactory = (stream: string) => Rng;

export function seededRng(seed: number, stream: string): Rng {
  const prng = seedrandom.alea(`lamport-lab/${seed}/${stream}`);
  return { nextU32: () => prng.int32() >>> 0 };
}

export function seededRngFactory(seed: number): RngFactory {
  return (stream) => seededRng(seed, stream);
}

export const streamNames = {
  actions: (machineId: number) => `machine/${machineId}/actions`,
  latency: (machineId: number) => `machine/${machineId}/latency`,
  rate: (machineId: number) => `machine/${machineId}/rate`,
} as const;
