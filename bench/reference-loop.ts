/**
 * The reference loop: the same model as the simulator, written as the smallest program that
 * does the work — typed arrays, the PRNG inline, no logging, no objects per event, no
 * abstractions. It exists to give the benchmark a yardstick that moves with the machine: the
 * figure to watch is project / reference, not absolute events per second.
 *
 * It must do the same work, so it makes the same decisions: the same Alea streams (seeded by
 * seedrandom, then stepped here), the same die, the same tick times and the same order of
 * events. The bench checks that: its final clocks, queue lengths and event counts must equal
 * the project's, or the ratio would compare two different things.
 *
 * Latency must be constant (every bench scenario's is): then messages arrive in the order they
 * were sent, and one FIFO ring of messages in flight is the whole network.
 */
import seedrandom from 'seedrandom';
import { buildActionPolicy } from '../core/index.js';
import type { RunConfig } from '../transports/run-config.js';
import { streamNames } from '../transports/seeded-rng.js';

export interface ReferenceResult {
  readonly events: number;
  /** Message copies sent. */
  readonly copies: number;
  readonly clocks: number[];
  readonly queueLengths: number[];
}

const twoTo32 = 4294967296;
const twoToMinus32 = 2.3283064365386963e-10;

export function runReferenceLoop(config: RunConfig): ReferenceResult {
  if (config.latency.kind !== 'constant')
    throw new Error('the reference loop needs constant latency');
  const latencyUs = config.latency.us;
  const n = config.ratesMilliHz.length;
  const endUs = config.durationUs;
  const policy = buildActionPolicy(n - 1, config.internalProbability);
  if (policy.die.wide) throw new Error('the reference loop draws 32-bit dice only');
  const faces = policy.faces;
  const limit = policy.die.limit;
  const sendOneEnd = policy.facesSendOne;
  const perPeer = policy.facesPerPeer;
  const sendAllEnd = policy.facesSendAllEnd;

  // Alea state per machine (s0, s1, s2, c), seeded exactly as the simulator's action streams.
  const alea = new Float64Array(n * 4);
  for (let id = 0; id < n; id += 1) {
    const seedText = `lamport-lab/${config.seed}/${streamNames.actions(id)}`;
    const state = seedrandom.alea(seedText, { state: true }).state() as {
      s0: number;
      s1: number;
      s2: number;
      c: number;
    };
    alea.set([state.s0, state.s1, state.s2, state.c], id * 4);
  }

  // Tick schedule per machine: floor(k·10^9 / R) µs by whole period plus remainder.
  const rate = Int32Array.from(config.ratesMilliHz);
  const periodUs = new Float64Array(n);
  const periodRest = new Float64Array(n);
  const rest = new Float64Array(n);
  const nextUs = new Float64Array(n);
  for (let id = 0; id < n; id += 1) {
    periodUs[id] = Math.floor(1e9 / (rate[id] as number));
    periodRest[id] = 1e9 % (rate[id] as number);
  }

  // Per machine: clock, and a ring of queued message clocks.
  const clock = new Float64Array(n);
  const qHead = new Int32Array(n);
  const qLen = new Int32Array(n);
  const qCap = new Int32Array(n).fill(16);
  const queues: Float64Array[] = Array.from({ length: n }, () => new Float64Array(16));

  // Messages in flight, in send order: arrival µs, receiver, clock.
  let flightCap = 1024;
  let flightArrive = new Float64Array(flightCap);
  let flightTo = new Int32Array(flightCap);
  let flightClock = new Float64Array(flightCap);
  let flightHead = 0;
  let flightLen = 0;

  // Binary heap of machine ids keyed (next tick µs, id).
  const heap = new Int32Array(n);
  for (let id = 0; id < n; id += 1) {
    let t = periodUs[id] as number;
    rest[id] = periodRest[id] as number;
    if ((rest[id] as number) >= (rate[id] as number)) {
      rest[id] = (rest[id] as number) - (rate[id] as number);
      t += 1;
    }
    nextUs[id] = t;
    heap[id] = id;
  }
  const siftDown = (start: number): void => {
    const id = heap[start] as number;
    const t = nextUs[id] as number;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let cId = heap[c] as number;
      let cT = nextUs[cId] as number;
      if (c + 1 < n) {
        const rId = heap[c + 1] as number;
        const rT = nextUs[rId] as number;
        if (rT < cT || (rT === cT && rId < cId)) {
          c += 1;
          cId = rId;
          cT = rT;
        }
      }
      if (t < cT || (t === cT && id < cId)) break;
      heap[i] = cId;
      i = c;
    }
    heap[i] = id;
  };
  for (let i = (n >> 1) - 1; i >= 0; i -= 1) siftDown(i);

  const enqueue = (to: number, messageClock: number): void => {
    let len = qLen[to] as number;
    let cap = qCap[to] as number;
    let ring = queues[to] as Float64Array;
    const head = qHead[to] as number;
    if (len === cap) {
      const grown = new Float64Array(cap * 2);
      for (let k = 0; k < len; k += 1) grown[k] = ring[(head + k) & (cap - 1)] as number;
      queues[to] = grown;
      ring = grown;
      qHead[to] = 0;
      cap *= 2;
      qCap[to] = cap;
      ring[len] = messageClock;
    } else {
      ring[(head + len) & (cap - 1)] = messageClock;
    }
    len += 1;
    qLen[to] = len;
  };
  const fly = (arriveUs: number, to: number, messageClock: number): void => {
    if (flightLen === flightCap) {
      const arrive = new Float64Array(flightCap * 2);
      const dest = new Int32Array(flightCap * 2);
      const clocks = new Float64Array(flightCap * 2);
      for (let k = 0; k < flightLen; k += 1) {
        const from = (flightHead + k) & (flightCap - 1);
        arrive[k] = flightArrive[from] as number;
        dest[k] = flightTo[from] as number;
        clocks[k] = flightClock[from] as number;
      }
      flightArrive = arrive;
      flightTo = dest;
      flightClock = clocks;
      flightHead = 0;
      flightCap *= 2;
    }
    const slot = (flightHead + flightLen) & (flightCap - 1);
    flightArrive[slot] = arriveUs;
    flightTo[slot] = to;
    flightClock[slot] = messageClock;
    flightLen += 1;
  };

  let events = 0;
  let copies = 0;
  let instantUs = -1;
  for (;;) {
    const id = heap[0] as number;
    const nowUs = nextUs[id] as number;
    if (nowUs > endUs) break;
    // At a new instant, arrivals up to it go to their queues before its ticks. Machines that
    // tick at the same instant never see each other's messages of that instant.
    if (nowUs !== instantUs) {
      instantUs = nowUs;
      while (flightLen > 0 && (flightArrive[flightHead] as number) <= nowUs) {
        enqueue(flightTo[flightHead] as number, flightClock[flightHead] as number);
        flightHead = (flightHead + 1) & (flightCap - 1);
        flightLen -= 1;
      }
    }
    events += 1;
    const len = qLen[id] as number;
    if (len > 0) {
      const head = qHead[id] as number;
      const messageClock = (queues[id] as Float64Array)[head] as number;
      qHead[id] = (head + 1) & ((qCap[id] as number) - 1);
      qLen[id] = len - 1;
      const mine = clock[id] as number;
      clock[id] = (mine > messageClock ? mine : messageClock) + 1;
    } else {
      const now = (clock[id] as number) + 1;
      clock[id] = now;
      // Alea, inline; a draw at or above `limit` is rejected (unbiased die).
      const a = id * 4;
      let face = 0;
      do {
        const t = 2091639 * (alea[a] as number) + (alea[a + 3] as number) * twoToMinus32;
        alea[a] = alea[a + 1] as number;
        alea[a + 1] = alea[a + 2] as number;
        const c = t | 0;
        alea[a + 3] = c;
        const s2 = t - c;
        alea[a + 2] = s2;
        face = (s2 * twoTo32) >>> 0;
      } while (face >= limit);
      face = 1 + (face % faces);
      const arriveUs = nowUs + latencyUs;
      if (face <= sendOneEnd) {
        const index = Math.floor((face - 1) / perPeer);
        fly(arriveUs, index < id ? index : index + 1, now);
        copies += 1;
      } else if (face <= sendAllEnd) {
        for (let to = 0; to < n; to += 1) if (to !== id) fly(arriveUs, to, now);
        copies += n - 1;
      }
    }
    // Next tick of this machine.
    let t = nowUs + (periodUs[id] as number);
    const r = (rest[id] as number) + (periodRest[id] as number);
    if (r >= (rate[id] as number)) {
      rest[id] = r - (rate[id] as number);
      t += 1;
    } else {
      rest[id] = r;
    }
    nextUs[id] = t;
    siftDown(0);
  }
  // What arrived by the end is queued; the rest is in flight (not part of the comparison).
  while (flightLen > 0 && (flightArrive[flightHead] as number) <= endUs) {
    enqueue(flightTo[flightHead] as number, flightClock[flightHead] as number);
    flightHead = (flightHead + 1) & (flightCap - 1);
    flightLen -= 1;
  }
  return { events, copies, clocks: Array.from(clock), queueLengths: Array.from(qLen) };
}
