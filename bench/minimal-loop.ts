/**
 * The minimal loop: the yardstick of the marginal rates (run-bench.ts). It is the model's
 * work at its barest — typed arrays, a binary heap of ticks, a ring per queue, one FIFO ring
 * of messages in flight, and an inline xorshift32 for the die — so that "project / minimal"
 * says how close the CLI's steady state comes to what a JavaScript loop on this machine can do.
 *
 * Unlike reference-loop.ts it does not replay the project's Alea streams: those cost a dozen
 * float operations a draw, and the yardstick the throughput target was set against (issue 17,
 * "≈ 37 M events/s") is this cheaper one. Its decisions therefore differ from the project's;
 * its tick times, and so its event count, do not (ticks depend on the rates alone), and the
 * bench checks that count. Latency must be constant, as in the reference loop.
 */
import { buildActionPolicy } from '../core/index.js';
import type { RunConfig } from '../transports/run-config.js';

export interface MinimalResult {
  readonly events: number;
  readonly copies: number;
}

export function runMinimalLoop(config: RunConfig): MinimalResult {
  if (config.latency.kind !== 'constant')
    throw new Error('the minimal loop needs constant latency');
  const latencyUs = config.latency.us;
  const n = config.ratesMilliHz.length;
  const endUs = config.durationUs;
  const policy = buildActionPolicy(n - 1, config.internalProbability);
  if (policy.die.wide) throw new Error('the minimal loop draws 32-bit dice only');
  const faces = policy.faces;
  const limit = policy.die.limit;
  const sendOneEnd = policy.facesSendOne;
  const perPeer = policy.facesPerPeer;
  const sendAllEnd = policy.facesSendAllEnd;

  // xorshift32 state per machine; never zero.
  const xs = new Int32Array(n);
  for (let id = 0; id < n; id += 1)
    xs[id] = (Math.imul(config.seed + 1, 0x9e3779b1) ^ (id + 1)) | 1;

  // Tick schedule: floor(k·10^9 / R) µs, by whole period plus a carried remainder.
  const rate = Int32Array.from(config.ratesMilliHz);
  const periodUs = new Float64Array(n);
  const periodRest = new Float64Array(n);
  const rest = new Float64Array(n);
  const nextUs = new Float64Array(n);
  const clock = new Float64Array(n);
  const qHead = new Int32Array(n);
  const qLen = new Int32Array(n);
  const qCap = new Int32Array(n).fill(16);
  const queues: Float64Array[] = Array.from({ length: n }, () => new Float64Array(16));
  let flightCap = 1024;
  let flightArrive = new Float64Array(flightCap);
  let flightTo = new Int32Array(flightCap);
  let flightClock = new Float64Array(flightCap);
  let flightHead = 0;
  let flightLen = 0;
  const heap = new Int32Array(n);
  for (let id = 0; id < n; id += 1) {
    const r = rate[id] as number;
    periodUs[id] = Math.floor(1e9 / r);
    periodRest[id] = 1e9 % r;
    rest[id] = periodRest[id] as number;
    nextUs[id] = periodUs[id] as number;
    if ((rest[id] as number) >= r) {
      rest[id] = (rest[id] as number) - r;
      nextUs[id] = (nextUs[id] as number) + 1;
    }
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
    const len = qLen[to] as number;
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
    qLen[to] = len + 1;
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
      let x = xs[id] as number;
      let face = 0;
      do {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        face = x >>> 0;
      } while (face >= limit);
      xs[id] = x;
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
  return { events, copies };
}
