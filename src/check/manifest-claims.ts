/**
 * What a manifest states that the logs determine, compared with the logs (LogFacts): the
 * events by kind, final clocks, largest jumps and queue lengths per machine, the message
 * totals, the happens-before statistics, and in a virtual run the rates (row k of a machine is
 * at its tick k) and in a TCP run each machine's ticks made and failure time (failure-claims.ts).
 * `check` reports each disagreement under rule 0; `analyze`, `plot` and `report` refuse the run
 * on the first, as they refuse an edited log. A field the manifest does
 * not state (an assembled manifest, an earlier version) is not compared.
 */

import type { CausalityStats } from '../../core/index.js';
import { rateHzToMilliHz, ticksWithin } from '../../core/tick-schedule.js';
import { faultConfigsOf } from '../logs/run-manifest-faults.js';
import { failureMismatches } from './failure-claims.js';
import { faultTicksDue } from './fault-schedule.js';
import type { LogFacts, MachineLogFacts } from './log-facts.js';
import type { ManifestMismatch } from './manifest-mismatch.js';

export type { ManifestMismatch };

import type { RunManifest } from '../logs/run-manifest.js';

const timeMs = (us: number): string => String(us / 1000);

/**
 * The messages sent to a machine and never received, by kind: queued and in flight at the end
 * (the manifest's own counts), undeliverable (counted by the senders) and lost (the rest, with a
 * failed machine). sent = received + queued + in flight + undeliverable + lost, with no overlap.
 */
export function lostTo(machine: RunManifest['machines'][number], facts: MachineLogFacts): number {
  return (
    facts.copiesTo -
    facts.receive -
    machine.queuedAtEnd -
    machine.inFlightAtEnd -
    (machine.undeliverableAtEnd ?? 0)
  );
}

/** Which of a manifest's claims to compare, beyond those every caller compares. */
export interface ClaimsToCompare {
  /** The logs' happens-before statistics, to compare with the manifest's; null: not compared. */
  readonly causality: CausalityStats | null;
  /**
   * Also compare the event totals (the run's and each machine's) with the rows, which `check`
   * compares with its own words elsewhere; an assembled manifest's come from the logs.
   */
  readonly rowCounts: boolean;
  /** The stated rates are the machines' own (not an assembled run's placeholders). */
  readonly ratesStated: boolean;
}

/** One figure the manifest states, next to what the logs give for it. */
interface Claim {
  readonly field: string;
  /** The manifest's; undefined when it does not state it (then it is not compared). */
  readonly stated: number | string | undefined;
  /** What the logs give. */
  readonly actual: number | string;
  readonly why: string;
  /** Where `actual` comes from, in words. */
  readonly source: string;
}

/** The mismatches found so far; a claim that holds, or is not stated, adds none. */
class Mismatches {
  readonly found: ManifestMismatch[] = [];

  compare(claim: Claim): void {
    if (claim.stated === undefined || claim.stated === claim.actual) return;
    this.found.push({
      field: claim.field,
      why: claim.why,
      expected: `${claim.actual} (${claim.source})`,
      found: String(claim.stated),
    });
  }
}

export function manifestMismatches(
  manifest: RunManifest,
  facts: LogFacts,
  compared: ClaimsToCompare,
): ManifestMismatch[] {
  const mismatches = new Mismatches();
  manifest.machines.forEach((_machine, id) => {
    machineMismatches({ manifest, facts, id, rowCounts: compared.rowCounts }, mismatches);
  });
  // Before the ticks due while a machine ran: a wrong failure time would also show as those.
  mismatches.found.push(...failureMismatches(manifest, facts, compared.ratesStated));
  mismatches.found.push(...completionMismatches(manifest, facts, compared.ratesStated));
  if (compared.rowCounts) {
    const rows = facts.machines.reduce(
      (total, machine) =>
        total + machine.internal + machine.send + machine.receive + machine.restarts,
      0,
    );
    mismatches.compare({
      field: 'events',
      stated: manifest.events,
      actual: rows,
      why: 'the manifest counts every row of the logs',
      source: `the ${facts.machines.length} logs have ${rows} rows`,
    });
  }
  messageMismatches(manifest, facts, mismatches);
  const causality = compared.causality;
  if (causality !== null && manifest.causality !== undefined && manifest.causality !== null) {
    const statedStats = manifest.causality;
    for (const key of Object.keys(statedStats) as (keyof CausalityStats)[]) {
      mismatches.compare({
        field: `causality.${key}`,
        stated: statedStats[key],
        actual: causality[key],
        why: 'the happens-before statistics of the logs',
        source: 'the logs give',
      });
    }
  }
  return mismatches.found;
}

/** One machine's claims to compare: `id` in `manifest` against its log's `facts`. */
interface MachineClaims {
  readonly manifest: RunManifest;
  readonly facts: LogFacts;
  readonly id: number;
  readonly rowCounts: boolean;
}

/** What the manifest says of machine `id` against its log; nothing for a machine with no log. */
function machineMismatches(claims: MachineClaims, mismatches: Mismatches): void {
  const { manifest, facts, id } = claims;
  const machine = manifest.machines[id];
  const fromLog = facts.machines[id];
  if (machine === undefined || fromLog === undefined) return;
  // First: a wrong rate puts every row off its tick, and the rest follows from it.
  const offTick = facts.offTick[id];
  if (offTick !== undefined) {
    mismatches.found.push({
      field: `scenario.rates[${id}]`,
      why:
        `row ${offTick.seq} of machine-${id}.csv is at tick ${offTick.seq} of the rate ` +
        `(${offTick.file}:${offTick.line}; a virtual run ticks on exact times)`,
      expected: `time_ms ${timeMs(offTick.expectedUs)} at ${manifest.scenario.rates[id]} Hz`,
      found:
        offTick.foundUs === null ? 'no such row: the log ends before' : timeMs(offTick.foundUs),
    });
  }
  machineCountMismatches(claims, machine, fromLog, mismatches);
  const log = `machine-${id}.csv`;
  const at = `machines[${id}]`;
  mismatches.compare({
    field: `${at}.finalClock`,
    stated: machine.finalClock,
    actual: fromLog.finalClock,
    why: `the clock of ${log}'s last row`,
    source: `${log} ends at ${fromLog.finalClock}`,
  });
  mismatches.compare({
    field: `${at}.clockJumpMax`,
    stated: machine.clockJumpMax,
    actual: fromLog.clockJumpMax,
    why: `the largest clock jump at a receive in ${log} (logical_clock - previous - 1)`,
    source: `${log}'s largest`,
  });
  mismatches.compare({
    field: `${at}.queueLengthMax`,
    stated: machine.queueLengthMax,
    actual: fromLog.queueLengthMax,
    why: `the largest queue_length of a receive row in ${log}`,
    source: `${log}'s largest`,
  });
}

/** A machine's rate, its ticks and its events by kind against its log's rows. */
function machineCountMismatches(
  { manifest, id, rowCounts }: MachineClaims,
  machine: RunManifest['machines'][number],
  fromLog: MachineLogFacts,
  mismatches: Mismatches,
): void {
  const log = `machine-${id}.csv`;
  const at = `machines[${id}]`;
  // Restart rows (a run with faults) are rows too: events.total counts every row.
  const rows = fromLog.internal + fromLog.send + fromLog.receive + fromLog.restarts;
  mismatches.compare({
    field: `${at}.rateHz`,
    stated: machine.rateHz,
    actual: manifest.scenario.rates[id] as number,
    why: "the machine's rate is the scenario's",
    source: `scenario.rates[${id}]`,
  });
  if (rowCounts) {
    mismatches.compare({
      field: `${at}.events.total`,
      stated: machine.events.total,
      actual: rows,
      why: `the manifest counts the rows of ${log}`,
      source: `${log} has ${rows}`,
    });
  }
  // A TCP machine logs one row per tick it made, up to its failure: its ticks are its rows
  // (a restart's row, of a run with faults, is no tick).
  const tickRows = rows - fromLog.restarts;
  mismatches.compare({
    field: `tcp.machines[${id}].ticksMade`,
    stated: manifest.tcp?.machines?.[id]?.ticksMade,
    actual: tickRows,
    why: `a TCP machine logs one row per tick it made${fromLog.restarts > 0 ? ' (its restart rows are no ticks)' : ''}`,
    source: `${log} has ${tickRows}`,
  });
  for (const kind of ['internal', 'send', 'receive'] as const) {
    mismatches.compare({
      field: `${at}.events.${kind}`,
      stated: machine.events[kind],
      actual: fromLog[kind],
      why: `the manifest counts the ${kind} rows of ${log}`,
      source: `${log} has ${fromLog[kind]}`,
    });
  }
}

/** The run's message totals against the logs' and the machines' own counts. */
function messageMismatches(manifest: RunManifest, facts: LogFacts, mismatches: Mismatches): void {
  const messages = manifest.messages;
  if (messages === undefined) return;
  const sum = (pick: (machine: MachineLogFacts) => number): number =>
    facts.machines.reduce((total, machine) => total + pick(machine), 0);
  const stated = (pick: (machine: RunManifest['machines'][number]) => number): number =>
    manifest.machines.reduce((total, machine) => total + pick(machine), 0);
  mismatches.compare({
    field: 'messages.sent',
    stated: messages.sent,
    actual: sum((machine) => machine.copiesSent),
    why: 'the message copies the logs send (a broadcast to k peers counts k)',
    source: 'the logs send',
  });
  mismatches.compare({
    field: 'messages.received',
    stated: messages.received,
    actual: sum((machine) => machine.receive),
    why: 'the receive rows of the logs',
    source: 'the logs receive',
  });
  mismatches.compare({
    field: 'messages.queuedAtEnd',
    stated: messages.queuedAtEnd,
    actual: stated((machine) => machine.queuedAtEnd),
    why: "the sum of the machines' queuedAtEnd",
    source: 'their sum',
  });
  mismatches.compare({
    field: 'messages.inFlightAtEnd',
    stated: messages.inFlightAtEnd,
    actual: stated((machine) => machine.inFlightAtEnd),
    why: "the sum of the machines' inFlightAtEnd",
    source: 'their sum',
  });
  mismatches.compare({
    field: 'messages.undeliverable',
    stated: messages.undeliverable,
    actual: stated((machine) => machine.undeliverableAtEnd ?? 0),
    why: "the sum of the machines' undeliverableAtEnd",
    source: 'their sum',
  });
  mismatches.compare({
    field: 'messages.lost',
    stated: messages.lost,
    // With faults (a TCP run's router), duplicates are copies too and drops are accounted for:
    // the manifest's own duplicated and dropped, which check holds to faults.csv.
    actual:
      manifest.machines.reduce(
        (total, machine, id) => total + lostTo(machine, facts.machines[id] as MachineLogFacts),
        0,
      ) +
      (messages.duplicated ?? 0) -
      (messages.dropped ?? 0),
    why: `sent - received - queued - in flight - undeliverable, per machine, summed${messages.dropped === undefined ? '' : ', + duplicated - dropped'}`,
    source: "the logs and the machines' counts give",
  });
}

/**
 * Whether the run completed, and at which rates, as far as the row counts tell. A virtual run
 * makes exactly `ticksWithin(rate, duration)` rows per machine: a manifest that says it stopped
 * early while every log holds every tick was edited (and would skip the checks a completed run
 * gets). A TCP machine makes its ticks on a real timer, late at times but none skipped: its rows
 * stay within `tcpTickSlack` of rate × the time it ran, so a rate stated twice or half the real
 * one (a manifest whose mode was edited to "tcp", say) is found. `ratesStated` false (an
 * assembled manifest) leaves the TCP bound out: its rates may be placeholders.
 */
function completionMismatches(
  manifest: RunManifest,
  facts: LogFacts,
  ratesStated: boolean,
): ManifestMismatch[] {
  const found: ManifestMismatch[] = [];
  const rowsOf = (id: number): number => {
    const machine = facts.machines[id] as MachineLogFacts;
    return machine.internal + machine.send + machine.receive;
  };
  const rates = manifest.scenario.rates;
  if (manifest.mode === 'virtual') {
    if (manifest.completed) return found;
    const durationUs = Math.round(manifest.scenario.durationSec * 1_000_000);
    const everyTick = rates.every(
      (rateHz, id) => rowsOf(id) >= ticksWithin(rateHzToMilliHz(rateHz), durationUs),
    );
    if (everyTick) {
      found.push({
        field: 'completed',
        why: `every log holds every tick of scenario.durationSec ${manifest.scenario.durationSec} s: the run was not stopped early`,
        expected: 'true',
        found: 'false',
      });
    }
    return found;
  }
  // An imported run's rates are declared or estimated: rule 11 (tickRate) holds the rows to them.
  if (!ratesStated || manifest.mode === 'imported') return found;
  rates.forEach((rateHz, id) => {
    const failure = manifest.tcp?.machines?.[id]?.failure ?? null;
    // A failure stated before the last row is reported as such (failure-claims.ts): the
    // machine ran at least until that row.
    const lastUs = (facts.machines[id] as MachineLogFacts).lastTimeUs;
    const ranUs =
      failure === null
        ? manifest.durationUs
        : Math.min(manifest.durationUs, Math.max(failure.atMs * 1000, lastUs));
    const dueTicks = dueTickRows(manifest, id, rateHzToMilliHz(rateHz), ranUs);
    const slack = tcpTickSlack(dueTicks);
    const rows = rowsOf(id);
    // Fewer rows than due only where the machine ran to the end: a stop or a death cuts them.
    const tooFew = manifest.completed && failure === null && rows < dueTicks - slack;
    if (rows > dueTicks + slack || tooFew) {
      found.push({
        field: `scenario.rates[${id}]`,
        why: `a TCP machine makes about rate × the time it ran ticks, one row each (within ${slack})`,
        expected: `about ${dueTicks} rows at ${rateHz} Hz over ${ranUs / 1_000_000} s`,
        found: `${rows} rows in machine-${id}.csv`,
      });
    }
  });
  return found;
}

/**
 * The ticks a machine has due up to `ranUs`: its rate's, or with faults the schedule its crashes,
 * restarts, pauses and rate steps make (restart rows are no ticks).
 */
function dueTickRows(
  manifest: RunManifest,
  id: number,
  rateMilliHz: number,
  ranUs: number,
): number {
  const resolved = manifest.scenario.faults;
  if (resolved === undefined) return ticksWithin(rateMilliHz, ranUs);
  return faultTicksDue(rateMilliHz, faultConfigsOf(resolved, []), id, ranUs);
}

/** How far a TCP machine's tick count may stray from rate × time: a tenth, and two ticks more. */
function tcpTickSlack(dueTicks: number): number {
  return Math.ceil(dueTicks / 10) + 2;
}
