/**
 * The notable situations `explore` counts runs reaching (its coverage, besides which fault
 * kinds fired): states a fault-free run never shows and that the rules are most likely to break
 * in. The ids are stable: explore.json keys its counts by them.
 */

export const situationTitles = {
  'receive-jump-10': 'a receive moved a clock up by 10 or more',
  'partition-healed-with-drops': 'a partition healed after dropping copies across its groups',
  'restart-reset': 'a machine restarted with its clock reset to 0',
  'restart-lease': 'a machine restarted with a lease clock',
  'duplicate-received': 'a machine received a duplicated copy a second time',
  'queue-growing': "a queue grew without end (the analysis's growth verdict)",
  'clock-over-1e6': 'a clock went past 10^6',
  'pause-burst': 'a paused machine ran its missed ticks at its resume',
  'crash-dropped-queue': 'a crash dropped a non-empty queue',
  'corrupt-inflated': 'a corrupt-clock fault pushed clocks above the longest causal chain',
  'fifo-broken': 'a delayed or duplicated copy overtook another on a channel',
} as const;

export type SituationId = keyof typeof situationTitles;

/** Every situation id, in the order of situationTitles (the coverage table's order). */
export const situationIds = Object.keys(situationTitles) as readonly SituationId[];
