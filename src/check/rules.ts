/**
 * The rules the checker verifies, numbered as in docs/CHECK.md. A violation names its rule, the
 * place (file:line), what was expected and what was found.
 */

export const checkRules = {
  machineOrder: {
    number: 1,
    title: 'per machine: seq 1, 2, 3 ..., clock rises, local events add 1',
  },
  receiveRule: {
    number: 2,
    title: 'receive: clock = max(previous, msg_clock) + 1 of a message really sent',
  },
  conservation: {
    number: 3,
    title: 'conservation: each message received at most once, by its addressee, or accounted for',
  },
  fifo: { number: 4, title: 'FIFO per channel where the network promises it' },
  clockCondition: {
    number: 5,
    title: 'clock condition: L(e) = length of the longest causal chain ending at e',
  },
  totalOrder: {
    number: 6,
    title: 'total order: (L, machine id) is a linear extension of happens-before',
  },
  restartClock: {
    number: 7,
    title:
      "restart: the restart row's clock is its rule's (persisted: the last clock, lease: rounded up past it, reset: 0)",
  },
  crashSilence: {
    number: 8,
    title:
      'a crashed machine logs nothing until its restart; a restart row only where the fault list restarts it',
  },
  partition: {
    number: 9,
    title: 'no copy sent inside a partition window across its groups is received',
  },
  faultEvidence: {
    number: 10,
    title: 'faults.csv agrees with the fault list, the logs and the manifest',
  },
  tickRate: {
    number: 11,
    title:
      'imported runs: one event a tick at the declared or estimated rate (no lost ticks, no bursts)',
  },
  offByOne: {
    number: 12,
    title:
      'imported runs: a receive is max(previous, msg_clock) + 1, not max(...) (a timestamp taken before the increment)',
  },
  queueBound: {
    number: 13,
    title:
      'imported runs: the queue holds no more messages than were sent to the machine and not yet received',
  },
  manifest: {
    number: 0,
    title:
      'the logs are the run the manifest describes (files, rows, bytes, sha256, ticks, every figure it states; a virtual run re-run)',
  },
} as const;

export type RuleId = keyof typeof checkRules;

export interface Violation {
  readonly rule: RuleId;
  /** `machine-1.csv:57`, or `manifest.json` / the run directory for run-wide rules. */
  readonly where: string;
  readonly message: string;
  readonly expected: string;
  readonly found: string;
}
