/**
 * Link latency models. A message sent at time t reaches the receiver's queue at t + latency.
 * Latencies are integer microseconds, drawn from the sender's latency stream.
 */
import { assertNever, intInclusive, type Rng } from '../core/index.js';

export type LatencyModel =
  | { readonly kind: 'constant'; readonly us: number }
  | { readonly kind: 'uniform'; readonly minUs: number; readonly maxUs: number }
  | { readonly kind: 'exponential'; readonly meanUs: number };

const twoTo32 = 0x1_0000_0000;

export function drawLatencyUs(model: LatencyModel, rng: Rng): number {
  switch (model.kind) {
    case 'constant':
      return model.us;
    case 'uniform':
      return intInclusive(rng, model.minUs, model.maxUs);
    case 'exponential': {
      // u in (0, 1]: never 0, so the logarithm is finite. V8's Math.log is its own fdlibm
      // port, the same on every platform, so this stays reproducible.
      const u = (rng.nextU32() + 1) / twoTo32;
      return Math.round(-model.meanUs * Math.log(u));
    }
    default:
      return assertNever(model, 'latency model');
  }
}

export function describeLatency(model: LatencyModel): string {
  switch (model.kind) {
    case 'constant':
      return `constant ${model.us / 1000} ms`;
    case 'uniform':
      return `uniform ${model.minUs / 1000}-${model.maxUs / 1000} ms`;
    case 'exponential':
      return `exponential, mean ${model.meanUs / 1000} ms`;
    default:
      return assertNever(model, 'latency model');
  }
}
