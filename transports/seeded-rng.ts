/**
 * Random streams derived from a run's seed. Each concern draws from its own named stream
 * (`machine/1/actions`, `machine/1/latency`, `machine/1/rate`), so adding a machine or changing
 * one machine's rate leaves every other stream's draws unchanged.
 *
 * The generator is seedrandom's Alea, fixed here on purpose: changing it changes every seeded
 * trace. Alea hashes the whole seed string (Mash), so streams with similar names are unrelated;
 * it is all IEEE-754 double arithmetic, which is identical on every platform.
 *
 * Both halves of Alea are written out here, from its published description: the seeding (Mash
 * hashes the seed text into the initial state) and the steps (`AleaStream`, the recurrence on
 * four numbers held in one typed array). seedrandom's generator goes through two closures per
 * u32 and builds several objects per seeding; 10 000 machines seed 10 000 streams before the
 * first tick. A test checks that both give seedrandom's numbers, seed texts of any characters.
 */
import type { Rng } from '../core/index.js';

export const rngAlgorithm = 'seedrandom.alea';

export type RngFactory = (stream: string) => Rng;

/** 2^-32, the scale of Alea's carry. */
const twoToMinus32 = 2.3283064365386963e-10;
const twoTo32 = 0x1_0000_0000;

/**
 * Mash, the hash of Alea's seeding, over UTF-16 code units: takes its state `n` and returns it
 * after `data`; the hash itself is mashValue(n). The state is passed and returned rather than
 * kept in a closure: V8 boxes a double held in a closure's context, so every one of the eight
 * stores per code unit allocated a heap number (seeding a stream took ~3.3 µs; 10 000 machines
 * seed 10 000 streams before their first tick, and as many again to draw their rates).
 */
function mash(n: number, data: string): number {
  let state = n;
  for (let i = 0; i < data.length; i += 1) {
    state += data.charCodeAt(i);
    let h = 0.02519603282416938 * state;
    state = h >>> 0;
    h -= state;
    h *= state;
    state = h >>> 0;
    h -= state;
    state += h * twoTo32;
  }
  return state;
}

/** The hash of Mash's state, in [0, 1). */
function mashValue(n: number): number {
  return (n >>> 0) * twoToMinus32;
}

/**
 * Alea's seeding: Mash, whose state carries over between calls, is applied to ' ' three times
 * and then to the seed text three times, each hash subtracted from its part of the state
 * (wrapped into [0, 1)). Returns s0, s1, s2 and the carry c = 1.
 */
function aleaSeedState(seedText: string): Float64Array {
  let n = mash(0xefc8249d, ' ');
  const s0 = mashValue(n);
  n = mash(n, ' ');
  const s1 = mashValue(n);
  n = mash(n, ' ');
  const state = Float64Array.of(s0, s1, mashValue(n), 1);
  for (let part = 0; part < 3; part += 1) {
    n = mash(n, seedText);
    let value = (state[part] as number) - mashValue(n);
    if (value < 0) value += 1;
    state[part] = value;
  }
  return state;
}

export class AleaStream implements Rng {
  /**
   * s0, s1, s2, c. In a Float64Array, not four fields: V8 boxes a double held in an object
   * field, so every draw allocated four heap numbers (3x slower, measured: 30 ns vs 10 ns).
   */
  readonly #state: Float64Array;

  constructor(seedText: string) {
    this.#state = aleaSeedState(seedText);
  }

  nextU32(): number {
    const state = this.#state;
    const t = 2091639 * (state[0] as number) + (state[3] as number) * twoToMinus32;
    state[0] = state[1] as number;
    state[1] = state[2] as number;
    const carry = t | 0;
    state[3] = carry;
    const s2 = t - carry;
    state[2] = s2;
    // s2 is in [0, 1): its top 32 bits, exactly what seedrandom's int32() >>> 0 gives. The
    // product is exact and below 2^32, so its floor is that value; floor keeps it a double,
    // where `>>> 0` made an integer that the die's float arithmetic converted straight back
    // (a roll measured 5-7 % faster).
    return Math.floor(s2 * twoTo32);
  }
}

export function seededRng(seed: number, stream: string): Rng {
  return new AleaStream(`lamport-lab/${seed}/${stream}`);
}

export function seededRngFactory(seed: number): RngFactory {
  return (stream) => seededRng(seed, stream);
}

export const streamNames = {
  actions: (machineId: number) => `machine/${machineId}/actions`,
  latency: (machineId: number) => `machine/${machineId}/latency`,
  rate: (machineId: number) => `machine/${machineId}/rate`,
} as const;
