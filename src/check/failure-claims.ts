/**
 * What a TCP run's logs tell about when a machine failed: `tcp.machines[i].failure.atMs`, ms
 * since the common start, when the machine was last known alive (its exit as the launcher saw
 * it, the stop it was sent, or its last sign of life when it hung; tcp-run.ts). A machine's log
 * holds one row per tick it made, timed on the run's common clock and flushed as it is made, so:
 *
 * - it was alive at its last row: it failed no earlier than that row's time (the clocks that
 *   timed the row and the failure may disagree by up to tcp.timeToleranceMs);
 * - it made every tick that came due while it was alive: the first tick missing from its log, if
 *   due within the run, came due after it failed, or it ran late and the machine died first. A
 *   tick runs within milliseconds of its due time unless the host stalls the process, and the
 *   launcher sees an exit within milliseconds too: `missedTickGraceMs` leaves room for a loaded
 *   host, so a failure time is refused only when the log shows the machine gone well before it.
 *
 * Nothing else in the logs bounds it, and a failure time within these bounds is not verified.
 */
import { microsPerSecondTimesMilli, rateHzToMilliHz } from '../../core/tick-schedule.js';
import type { RunManifest } from '../logs/run-manifest.js';
import type { LogFacts, MachineLogFacts } from './log-facts.js';
import type { ManifestMismatch } from './manifest-mismatch.js';

/** How long after a tick came due a live machine may still not have logged it. */
export const missedTickGraceMs = 2000;

/**
 * The failure times that the logs contradict. `ratesStated` false (an assembled run whose rates
 * may be placeholders): the ticks' due times are unknown, and only the last row bounds it.
 */
export function failureMismatches(
  manifest: RunManifest,
  facts: LogFacts,
  ratesStated: boolean,
): ManifestMismatch[] {
  const found: ManifestMismatch[] = [];
  if (manifest.mode !== 'tcp') return found;
  const toleranceMs = manifest.tcp?.timeToleranceMs ?? 0;
  manifest.tcp?.machines?.forEach((tcpMachine, id) => {
    const failure = tcpMachine.failure;
    const fromLog = facts.machines[id];
    if (failure === null || fromLog === undefined) return;
    const field = `tcp.machines[${id}].failure.atMs`;
    const log = `machine-${id}.csv`;
    const rows = rowsOf(fromLog);
    const lastMs = fromLog.lastTimeUs / 1000;
    if (rows > 0 && failure.atMs < lastMs - toleranceMs) {
      found.push({
        field,
        why: `machine ${id} was alive at its last row (${log}:${rows + 1}): it failed no earlier (within tcp.timeToleranceMs ${toleranceMs} ms)`,
        expected: `at least ${lastMs - toleranceMs} (the row is at time_ms ${lastMs})`,
        found: String(failure.atMs),
      });
      return;
    }
    const rateHz = manifest.scenario.rates[id];
    if (!ratesStated || rateHz === undefined) return;
    const missedTick = rows + 1;
    const dueUs = tickDueUs(rateHzToMilliHz(rateHz), missedTick);
    // A tick due after the run's end was never to be made: its absence says nothing.
    if (dueUs > manifest.durationUs) return;
    // The failure may be timed by another clock than the rows (a peer's, on another host).
    const latestMs = dueUs / 1000 + missedTickGraceMs + toleranceMs;
    if (failure.atMs <= latestMs) return;
    found.push({
      field,
      why: `a machine logs each tick that comes due while it is alive (within ${missedTickGraceMs / 1000} s, and tcp.timeToleranceMs ${toleranceMs} ms): tick ${missedTick} of machine ${id}, due at ${dueUs / 1000} ms at ${rateHz} Hz, is not in ${log}`,
      expected: `at most ${latestMs} (${log} ends after ${rows} ticks)`,
      found: String(failure.atMs),
    });
  });
  return found;
}

function rowsOf(machine: MachineLogFacts): number {
  return machine.internal + machine.send + machine.receive;
}

/** When tick k of a machine of `rateMilliHz` is due: floor(k·10^9 / R) µs, as tick-schedule.ts. */
function tickDueUs(rateMilliHz: number, tick: number): number {
  return Number((BigInt(tick) * BigInt(microsPerSecondTimesMilli)) / BigInt(rateMilliHz));
}
