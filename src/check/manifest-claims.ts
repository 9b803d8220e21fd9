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
import { failureMismatches } from './failure-claims.js';
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

/**
 * `rowCounts`: also compare the event totals (the run's and each machine's) with the rows, which
 * `check` compares with its own words elsewhere; an assembled manifest's come from the logs.
 */
export function manifestMismatches(
  manifest: RunManifest,
  facts: LogFacts,
  causality: CausalityStats | null,
  rowCounts = false,
  /** The stated rates are the machines' own (not an assembled run's placeholders). */
  ratesStated = rowCounts,
): ManifestMismatch[] {
  const found: ManifestMismatch[] = [];
  const compare = (
    field: string,
    stated: number | string | undefined,
    actual: number | string,
    why: string,
    source: string,
  ): void => {
    if (stated === undefined || stated === actual) return;
    found.push({ field, why, expected: `${actual} (${source})`, found: String(stated) });
  };
  manifest.machines.forEach((machine, id) => {
    const fromLog = facts.machines[id];
    if (fromLog === undefined) return;
    const log = `machine-${id}.csv`;
    const at = `machines[${id}]`;
    const rows = fromLog.internal + fromLog.send + fromLog.receive;
    // First: a wrong rate puts every row off its tick, and the rest follows from it.
    const offTick = facts.offTick[id];
    if (offTick !== undefined) {
      found.push({
        field: `scenario.rates[${id}]`,
        why:
          `row ${offTick.seq} of ${log} is at tick ${offTick.seq} of the rate ` +
          `(${offTick.file}:${offTick.line}; a virtual run ticks on exact times)`,
        expected: `time_ms ${timeMs(offTick.expectedUs)} at ${manifest.scenario.rates[id]} Hz`,
        found:
          offTick.foundUs === null ? 'no such row: the log ends before' : timeMs(offTick.foundUs),
      });
    }
    compare(
      `${at}.rateHz`,
      machine.rateHz,
      manifest.scenario.rates[id] as number,
      "the machine's rate is the scenario's",
      `scenario.rates[${id}]`,
    );
    if (rowCounts) {
      compare(
        `${at}.events.total`,
        machine.events.total,
        rows,
        `the manifest counts the rows of ${log}`,
        `${log} has ${rows}`,
      );
    }
    // A TCP machine logs one row per tick it made, up to its failure: its ticks are its rows.
    compare(
      `tcp.machines[${id}].ticksMade`,
      manifest.tcp?.machines?.[id]?.ticksMade,
      rows,
      `a TCP machine logs one row per tick it made`,
      `${log} has ${rows}`,
    );
    for (const kind of ['internal', 'send', 'receive'] as const) {
      compare(
        `${at}.events.${kind}`,
        machine.events[kind],
        fromLog[kind],
        `the manifest counts the ${kind} rows of ${log}`,
        `${log} has ${fromLog[kind]}`,
      );
    }
    compare(
      `${at}.finalClock`,
      machine.finalClock,
      fromLog.finalClock,
      `the clock of ${log}'s last row`,
      `${log} ends at ${fromLog.finalClock}`,
    );
    compare(
      `${at}.clockJumpMax`,
      machine.clockJumpMax,
      fromLog.clockJumpMax,
      `the largest clock jump at a receive in ${log} (logical_clock - previous - 1)`,
      `${log}'s largest`,
    );
    compare(
      `${at}.queueLengthMax`,
      machine.queueLengthMax,
      fromLog.queueLengthMax,
      `the largest queue_length of a receive row in ${log}`,
      `${log}'s largest`,
    );
  });
  // Before the ticks due while a machine ran: a wrong failure time would also show as those.
  found.push(...failureMismatches(manifest, facts, ratesStated));
  found.push(...completionMismatches(manifest, facts, ratesStated));
  if (rowCounts) {
    const rows = facts.machines.reduce(
      (total, machine) => total + machine.internal + machine.send + machine.receive,
      0,
    );
    compare(
      'events',
      manifest.events,
      rows,
      'the manifest counts every row of the logs',
      `the ${facts.machines.length} logs have ${rows} rows`,
    );
  }
  const messages = manifest.messages;
  if (messages !== undefined) {
    const sum = (pick: (machine: MachineLogFacts) => number): number =>
      facts.machines.reduce((total, machine) => total + pick(machine), 0);
    const stated = (pick: (machine: RunManifest['machines'][number]) => number): number =>
      manifest.machines.reduce((total, machine) => total + pick(machine), 0);
    compare(
      'messages.sent',
      messages.sent,
      sum((machine) => machine.copiesSent),
      'the message copies the logs send (a broadcast to k peers counts k)',
      'the logs send',
    );
    compare(
      'messages.received',
      messages.received,
      sum((machine) => machine.receive),
      'the receive rows of the logs',
      'the logs receive',
    );
    compare(
      'messages.queuedAtEnd',
      messages.queuedAtEnd,
      stated((machine) => machine.queuedAtEnd),
      "the sum of the machines' queuedAtEnd",
      'their sum',
    );
    compare(
      'messages.inFlightAtEnd',
      messages.inFlightAtEnd,
      stated((machine) => machine.inFlightAtEnd),
      "the sum of the machines' inFlightAtEnd",
      'their sum',
    );
    compare(
      'messages.undeliverable',
      messages.undeliverable,
      stated((machine) => machine.undeliverableAtEnd ?? 0),
      "the sum of the machines' undeliverableAtEnd",
      'their sum',
    );
    compare(
      'messages.lost',
      messages.lost,
      manifest.machines.reduce(
        (total, machine, id) => total + lostTo(machine, facts.machines[id] as MachineLogFacts),
        0,
      ),
      'sent - received - queued - in flight - undeliverable, per machine, summed',
      "the logs and the machines' counts give",
    );
  }
  if (causality !== null && manifest.causality !== undefined && manifest.causality !== null) {
    const statedStats = manifest.causality;
    for (const key of Object.keys(statedStats) as (keyof CausalityStats)[]) {
      compare(
        `causality.${key}`,
        statedStats[key],
        causality[key],
        'the happens-before statistics of the logs',
        'the logs give',
      );
    }
  }
  return found;
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
  if (!ratesStated) return found;
  rates.forEach((rateHz, id) => {
    const failure = manifest.tcp?.machines?.[id]?.failure ?? null;
    // A failure stated before the last row is reported as such (failure-claims.ts): the
    // machine ran at least until that row.
    const lastUs = (facts.machines[id] as MachineLogFacts).lastTimeUs;
    const ranUs =
      failure === null
        ? manifest.durationUs
        : Math.min(manifest.durationUs, Math.max(failure.atMs * 1000, lastUs));
    const dueTicks = ticksWithin(rateHzToMilliHz(rateHz), ranUs);
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

/** How far a TCP machine's tick count may stray from rate × time: a tenth, and two ticks more. */
function tcpTickSlack(dueTicks: number): number {
  return Math.ceil(dueTicks / 10) + 2;
}
