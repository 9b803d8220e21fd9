/**
 * "What this run shows": the exercise's questions (how big are the jumps, how far do clocks
 * drift, do queues grow) answered in a few sentences written from the run's numbers, for a
 * student who opens report.html and does not yet know which figure to read first.
 */
import { fixedText, numberText } from '../number-text.js';
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

export function runFindings(summary: RunAnalysis): string[] {
  const { machines } = summary;
  if (machines.length === 0) return [];
  const findings: string[] = [];
  findings.push(
    `Ticks: the machines make ${range(
      machines.map((machine) => machine.ticksPerSec),
      2,
    )} events a second, yet their logical clocks advance ${range(
      machines.map((machine) => machine.clockUnitsPerSec),
      2,
    )} units a second: every message a machine receives pulls its clock forward, past the sender's.`,
  );
  const receivers = machines.filter((machine) => machine.jumps.count > 0);
  if (receivers.length === 0) {
    findings.push('Jumps: no machine received a message, so no clock jumped.');
  } else {
    const most = largest(receivers, (machine) => machine.jumps.mean);
    const least = smallest(receivers, (machine) => machine.jumps.mean);
    findings.push(
      `Jumps: ${named(most)} jumps the most, ${fixedText(most.jumps.mean, 2)} on average and up to ` +
        `${numberText(most.jumps.max)}` +
        (least === most
          ? '.'
          : `; ${named(least)} the least, ${fixedText(least.jumps.mean, 2)} on average ` +
            `(up to ${numberText(least.jumps.max)}).`),
    );
  }
  const behind = largest(machines, (machine) => machine.drift.max);
  findings.push(
    behind.drift.max === 0
      ? 'Drift: no clock ever fell behind the largest clock.'
      : `Drift: ${named(behind)} falls furthest behind the largest clock, up to ` +
          `${numberText(behind.drift.max)} units (${numberText(behind.drift.final)} at the end; ` +
          `${fixedText(behind.drift.growthPerSec, 2)} units a second over the second half).`,
  );
  const growing = machines.filter((machine) => machine.queue.verdict === 'growing');
  if (growing.length === 0) {
    const fullest = largest(machines, (machine) => machine.queue.max);
    findings.push(
      `Queues: every queue measured stable; the fullest is ${named(fullest)}'s, ` +
        `${numberText(fullest.queue.max)} messages at most.`,
    );
  } else {
    for (const machine of growing.slice(0, 3)) {
      const predicted = machine.predicted;
      findings.push(
        `Queues: ${named(machine)}'s queue grows, ${fixedText(machine.queue.growthPerSec, 2)} ` +
          `messages a second (${numberText(machine.queue.final)} waiting at the end)` +
          (predicted === null
            ? '.'
            : `; the model predicts ${fixedText(predicted.queueGrowthPerSec, 2)} a second.`),
      );
    }
    if (growing.length > 3) findings.push(`Queues: ${growing.length - 3} more queues grow.`);
  }
  const missed = machines.filter(
    (machine) => machine.predicted?.verdict === 'growing' && machine.queue.verdict !== 'growing',
  );
  for (const machine of missed.slice(0, 3)) {
    const caveat = tooShortToJudgeText(summary.durationSec, machine);
    findings.push(
      caveat === null
        ? `Queues: the model predicts ${named(machine)}'s queue to grow, yet this run measured it stable.`
        : `Queues: the model predicts ${named(machine)}'s queue to grow; this run measured it stable, ` +
            `but ${caveat.replace(/^machine \d+: /, '')}.`,
    );
  }
  return findings;
}
