/**
 * What the rates and probabilities alone predict about each machine's queue: a fluid model.
 *
 * A machine with rate r_i ticks r_i times a second. A tick with mail receives; a tick without
 * acts. Let a_i be machine i's actions per second and λ_i the messages arriving at it per second.
 * Each action sends to a given peer j with probability
 *     q = (1 - p) · (2/3) / (N - 1)   (send to one peer, chosen uniformly)
 *       + (1 - p) · (1/3)             (send to all peers),
 * so λ_j = q · Σ_{i≠j} a_i. In the fluid (long-run average) view a machine receives as fast as
 * messages arrive while it can, λ_i per second, and acts on the ticks left over:
 *     a_i = max(0, r_i - λ_i).
 * If λ_i > r_i the machine can never catch up: it receives on every tick, never acts, and its
 * queue grows at λ_i - r_i messages per second. Otherwise the queue is stable (it fluctuates but
 * does not grow).
 *
 * Solving it: with S = Σ a_i, λ_i = q (S - a_i), so a machine that acts has
 * a_i = (r_i - q S) / (1 - q), and one with r_i <= q S never acts. S must equal the sum of these,
 * and that sum falls as S rises, so S is the single root of a decreasing function: found by
 * bisection, exactly and for every p and N (plain fixed-point iteration can oscillate).
 *
 * The model ignores randomness, so near the boundary (λ_i close to r_i) a "stable" queue still
 * wanders widely; the analysis compares the prediction with the fitted growth rate.
 */

export interface MachinePrediction {
  readonly id: number;
  readonly rateHz: number;
  /** Messages arriving per second. */
  readonly arrivalsPerSec: number;
  /** Actions (internal or send) per second. */
  readonly actionsPerSec: number;
  /** Fraction of ticks spent receiving (1 when the queue grows). */
  readonly busyFraction: number;
  readonly verdict: 'stable' | 'growing';
  /** Messages per second the queue grows by (0 when stable). */
  readonly queueGrowthPerSec: number;
}

/** Halvings of the search interval: enough for full double precision on any rates. */
const bisectionSteps = 200;

/** Probability that one action sends a copy to one given peer. */
export function sendProbabilityPerPeer(machineCount: number, internalProbability: number): number {
  const sendShare = 1 - internalProbability;
  return (sendShare * (2 / 3)) / (machineCount - 1) + sendShare / 3;
}

export function predictQueues(
  ratesHz: readonly number[],
  internalProbability: number,
): MachinePrediction[] {
  const machineCount = ratesHz.length;
  // q = 1 only for two machines that always send; keep 1 - q off zero.
  const q = Math.min(sendProbabilityPerPeer(machineCount, internalProbability), 1 - 1e-9);
  const actionsFor = (total: number) =>
    ratesHz.map((rate) => Math.max(0, (rate - q * total) / (1 - q)));
  const excess = (total: number) =>
    actionsFor(total).reduce((sum, value) => sum + value, 0) - total;
  let low = 0;
  let high = ratesHz.reduce((sum, rate) => sum + rate, 0) / (1 - q);
  for (let step = 0; step < bisectionSteps; step += 1) {
    const middle = (low + high) / 2;
    if (excess(middle) > 0) low = middle;
    else high = middle;
  }
  const total = (low + high) / 2;
  const actions = actionsFor(total);
  return ratesHz.map((rateHz, id) => {
    const arrivalsPerSec = q * (total - (actions[id] as number));
    const growing = arrivalsPerSec > rateHz * (1 + 1e-9);
    return {
      id,
      rateHz,
      arrivalsPerSec,
      actionsPerSec: actions[id] as number,
      busyFraction: Math.min(1, arrivalsPerSec / rateHz),
      verdict: growing ? 'growing' : 'stable',
      queueGrowthPerSec: growing ? arrivalsPerSec - rateHz : 0,
    };
  });
}
