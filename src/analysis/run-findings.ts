/**
 * "What this run shows": the exercise's questions (how big are the jumps, how far do clocks
 * drift, do queues grow) answered in a few sentences written from the run's numbers, for a
 * student who opens report.html and does not yet know which figure to read first.
 */
import { assert } from '../../core/index.js';
import { countText, fixedText, numberText } from '../common/number-text.js';
import type { MachineAnalysis, RunAnalysis } from './analyze-run.js';
import { tooShortToJudgeText } from './growth-judge.js';

function named(machine: MachineAnalysis): string {
  return machine.rateHz === null
    ? `machine ${machine.id}`
    : `machine ${machine.id} (${numberText(machine.rateHz)} Hz)`;
}

/** The machine with the largest `key` (the first on a tie). */
function largest(
  machines: readonly MachineAnalysis[],
  key: (machine: MachineAnalysis) => number,
): MachineAnalysis {
  return machines.reduce((best, machine) => (key(machine) > key(best) ? machine : best));
}

function smallest(
  machines: readonly MachineAnalysis[],
  key: (machine: MachineAnalysis) => number,
): MachineAnalysis {
  return largest(machines, (machine) => -key(machine));
}

function range(values: readonly number[], digits: number): string {
  const low = fixedText(Math.min(...values), digits);
  const high = fixedText(Math.max(...values), digits);
  return low === high ? low : `${low} to ${high}`;
}

/** How many machines a finding names before it says "and N more". */
const namedAtMost = 5;

/** "machine 3", "machines 3 and 4", "machines 3, 4, 5, 6, 7 and 8 more". */
export function machinesText(ids: readonly number[]): string {
  assert(ids.length > 0, 'a list of machines names at least one');
  if (ids.length === 1) return `machine ${ids[0]}`;
  const shown = ids.slice(0, namedAtMost).map(String);
  const rest = ids.length - shown.length;
  if (rest > 0) return `machines ${shown.join(', ')} and ${numberText(rest)} more`;
  return `machines ${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

export function runFindings(summary: RunAnalysis): string[] {
  const { machines } = summary;
  if (machines.length === 0) return [];
  const receivers = machines.filter((machine) => machine.jumps.count > 0);
  return [
    ticksFinding(machines, receivers),
    jumpsFinding(receivers),
    driftFinding(machines),
    ...queueFindings(machines, receivers),
    ...missedGrowthFindings(summary),
    ...faultFindings(summary),
  ];
}

/** A run with faults: what they did, in one sentence, before the reader looks at the table. */
function faultFindings(summary: RunAnalysis): string[] {
  const faults = summary.faults;
  if (faults === undefined) return [];
  const { copies } = faults;
  const fired = faults.faults.filter((fault) => fault.fired > 0).length;
  const touched = [
    ...(copies.dropped > 0 ? [`${countText(copies.dropped, 'copy', 'copies')} dropped`] : []),
    ...(copies.duplicated > 0 ? [`${numberText(copies.duplicated)} duplicated`] : []),
    ...(copies.delayed > 0 ? [`${numberText(copies.delayed)} delayed`] : []),
    ...(copies.corrupted > 0 ? [`${numberText(copies.corrupted)} carried a corrupted clock`] : []),
  ];
  const restarts = faults.restarts.map(
    (restart) =>
      `machine ${restart.machine} restarted with clock ${restart.clockBefore}→${restart.clockAfter}`,
  );
  return [
    `Faults: ${countText(faults.faults.length, 'fault')} injected, ${numberText(fired)} fired` +
      (touched.length === 0 ? '' : `; ${touched.join(', ')}`) +
      (restarts.length === 0 ? '' : `; ${restarts.join(', ')}`) +
      ' (the faults table says which did what).',
  ];
}

/** Machines that received at least one message: only they can have jumped. */
type Receivers = readonly MachineAnalysis[];

function ticksFinding(machines: readonly MachineAnalysis[], receivers: Receivers): string {
  const jumpers = receivers.filter((machine) => machine.jumps.max > 0);
  const ticks = range(
    machines.map((machine) => machine.ticksPerSec),
    2,
  );
  const clocks = range(
    machines.map((machine) => machine.clockUnitsPerSec),
    2,
  );
  // Only a receive can move a clock by more than one unit, so the sentence explaining the gap
  // between the two rates is true only when some receive did jump.
  return jumpers.length > 0
    ? `Ticks: the machines make ${ticks} events a second, yet their logical clocks advance ${clocks} ` +
        "units a second: a message stamped at or past its receiver's clock pulls that clock forward, past the sender's."
    : `Ticks: the machines make ${ticks} events a second and their logical clocks advance ${clocks} ` +
        'units a second, one unit per event: ' +
        (receivers.length === 0
          ? 'no message was received, so nothing pulled a clock forward.'
          : 'no received message pulled a clock forward.');
}

function jumpsFinding(receivers: Receivers): string {
  const jumpers = receivers.filter((machine) => machine.jumps.max > 0);
  if (receivers.length === 0) return 'Jumps: no machine received a message, so no clock jumped.';
  if (jumpers.length === 0) {
    const received = receivers.reduce((sum, machine) => sum + machine.jumps.count, 0);
    return (
      `Jumps: no clock jumped: ${received === 1 ? 'the 1 message' : `all ${countText(received, 'message')}`} ` +
      "received carried a timestamp behind the receiver's clock."
    );
  }
  const most = largest(receivers, (machine) => machine.jumps.mean);
  const least = smallest(receivers, (machine) => machine.jumps.mean);
  return (
    `Jumps: ${named(most)} jumps the most, ${fixedText(most.jumps.mean, 2)} on average and up to ` +
    `${numberText(most.jumps.max)}` +
    (least === most
      ? '.'
      : `; ${named(least)} the least, ${fixedText(least.jumps.mean, 2)} on average ` +
        `(up to ${numberText(least.jumps.max)}).`)
  );
}

function driftFinding(machines: readonly MachineAnalysis[]): string {
  const behind = largest(machines, (machine) => machine.drift.max);
  return behind.drift.max === 0
    ? 'Drift: no clock ever fell behind the largest clock.'
    : `Drift: ${named(behind)} falls furthest behind the largest clock, up to ` +
        `${countText(behind.drift.max, 'unit')} (${numberText(behind.drift.final)} at the end; ` +
        `${fixedText(behind.drift.growthPerSec, 2)} units a second over the second half).`;
}

function queueFindings(machines: readonly MachineAnalysis[], receivers: Receivers): string[] {
  const growing = machines.filter((machine) => machine.queue.verdict === 'growing');
  if (growing.length === 0) {
    const fullest = largest(machines, (machine) => machine.queue.max);
    return [
      fullest.queue.max === 0
        ? receivers.length === 0
          ? 'Queues: no message was received, so every queue stayed empty.'
          : 'Queues: every queue stayed empty.'
        : `Queues: every queue measured stable; the fullest is ${named(fullest)}'s, ` +
          `${countText(fullest.queue.max, 'message')} at most.`,
    ];
  }
  const findings = growing.slice(0, 3).map((machine) => {
    const predicted = machine.predicted;
    return (
      `Queues: ${named(machine)}'s queue grows, ${fixedText(machine.queue.growthPerSec, 2)} ` +
      `messages a second (${numberText(machine.queue.final)} waiting at the end)` +
      (predicted === null
        ? '.'
        : `; the model predicts ${fixedText(predicted.queueGrowthPerSec, 2)} a second.`)
    );
  });
  const more = growing.slice(3);
  if (more.length === 1)
    findings.push(`Queues: ${named(more[0] as MachineAnalysis)}'s queue grows too.`);
  if (more.length > 1) {
    const ids = more.map((machine) => machine.id);
    findings.push(`Queues: the queues of ${machinesText(ids)} grow too.`);
  }
  return findings;
}

/** Queues the model expects to grow that this run measured stable, with why if it was too short. */
function missedGrowthFindings(summary: RunAnalysis): string[] {
  const missed = summary.machines.filter(
    (machine) => machine.predicted?.verdict === 'growing' && machine.queue.verdict !== 'growing',
  );
  const findings = missed.slice(0, 3).map((machine) => {
    const caveat = tooShortToJudgeText(summary.durationSec, machine);
    return caveat === null
      ? `Queues: the model predicts ${named(machine)}'s queue to grow, yet this run measured it stable.`
      : `Queues: the model predicts ${named(machine)}'s queue to grow; this run measured it stable, ` +
          `but ${caveat.replace(/^machine \d+: /, '')}.`;
  });
  const missedMore = missed.slice(3).map((machine) => machine.id);
  if (missedMore.length > 0) {
    findings.push(
      `Queues: the model predicts growth for ${machinesText(missedMore)} too, yet this run measured ` +
        `${missedMore.length === 1 ? 'it' : 'them'} stable.`,
    );
  }
  return findings;
}
