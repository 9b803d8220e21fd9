/** The analysis as terminal text: one table of figures per machine, then the prediction beside it. */
import { fixedText, numberText, percentText } from '../number-text.js';
import { renderTable } from '../text-table.js';
import type { RunAnalysis } from './analyze-run.js';
import { tooShortToJudgeText } from './growth-judge.js';

const fixed = fixedText;

export function formatAnalysis(summary: RunAnalysis): string {
  const header = [
    'machine',
    'rate Hz',
    'ticks/s',
    'clock/s',
    'jump max',
    'jump mean',
    'p50/p90/p99',
    'drift max',
    'queue max',
    'queue final',
    'delay mean ms',
  ];
  const rows = summary.machines.map((machine) => [
    machine.id,
    machine.rateHz ?? '?',
    fixed(machine.ticksPerSec, 3),
    fixed(machine.clockUnitsPerSec, 3),
    machine.jumps.max,
    fixed(machine.jumps.mean, 2),
    `${numberText(machine.jumps.p50)}/${numberText(machine.jumps.p90)}/${numberText(machine.jumps.p99)}`,
    machine.drift.max,
    machine.queue.max,
    machine.queue.final,
    fixed(machine.delayMs.mean, 1),
  ]);
  const predictionHeader = [
    'machine',
    'queue measured',
    'growth/s measured',
    'predicted',
    'growth/s predicted',
    'difference',
  ];
  const predictionRows = summary.machines.map((machine) => {
    const predicted = machine.predicted;
    const difference = machine.growthRelativeDifference;
    return [
      machine.id,
      machine.queue.verdict,
      fixed(machine.queue.growthPerSec, 4),
      predicted?.verdict ?? '?',
      predicted === null ? '?' : fixed(predicted.queueGrowthPerSec, 4),
      difference === null ? '-' : percentText(difference, 1),
    ];
  });
  const caveats = summary.machines
    .map((machine) => tooShortToJudgeText(summary.durationSec, machine))
    .filter((text): text is string => text !== null)
    .map((text) => `note: ${text}`);
  return [
    `${summary.runDir}: ${summary.mode} run, ${fixed(summary.durationSec, 3)} s`,
    '',
    renderTable(header, rows),
    '',
    'queue growth (fitted over the second half) vs the fluid model (see the README):',
    renderTable(predictionHeader, predictionRows),
    ...caveats,
  ].join('\n');
}
