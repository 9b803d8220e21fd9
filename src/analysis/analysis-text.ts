/** The analysis as terminal text: one table of figures per machine, then the prediction beside it. */
import { fixedText, numberText, percentText } from '../common/number-text.js';
import { renderTable } from '../common/text-table.js';
import type { RunAnalysis } from './analyze-run.js';
import type { FaultsAnalysis } from './fault-analysis.js';
import { tooShortToJudgeText } from './growth-judge.js';
import { delayMeanText, jumpCells } from './receive-figures.js';
import { failureLines, type TcpFacts } from './tcp-facts.js';

const fixed = fixedText;

export function formatAnalysis(summary: RunAnalysis): string {
  const seed = summary.seed === undefined ? '' : `, seed ${summary.seed}`;
  const probability =
    summary.internalProbability === null
      ? ''
      : `, internal probability ${numberText(summary.internalProbability)}`;
  const failures = failureLines(summary.tcp);
  const caveats = summary.machines
    .map((machine) => tooShortToJudgeText(summary.durationSec, machine))
    .filter((text): text is string => text !== null)
    .map((text) => `note: ${text}`);
  return [
    `${summary.runDir}: ${summary.mode} run, ${fixed(summary.durationSec, 3)} s${seed}${probability}`,
    ...failures.map((line) => `FAILED: ${line}`),
    '',
    figuresTable(summary),
    '',
    'queue growth (fitted over the second half) vs the fluid model (docs/ANALYSIS.md):',
    predictionTable(summary),
    ...caveats,
    ...(failures.length === 0
      ? []
      : [
          'a failed machine is measured and predicted over the time it was alive; after a failure the',
          "others' predictions count the dead machine as gone (it no longer ticks or sends)",
        ]),
    ...tcpText(summary.tcp),
    ...faultsText(summary.faults),
  ].join('\n');
}

/** A run with injected faults: each fault and what it did, then the copies it touched. */
function faultsText(faults: FaultsAnalysis | undefined): string[] {
  if (faults === undefined) return [];
  const header = ['fault', 'kind', 'machine', 'when', 'what', 'fired', 'caused'];
  const rows = faults.faults.map((fault) => [
    fault.index,
    fault.kind,
    fault.machine ?? '-',
    fault.when,
    fault.what,
    fault.fired,
    fault.caused,
  ]);
  const { copies } = faults;
  const by = copies.droppedBy;
  const lines = [
    '',
    'injected faults (faults.csv):',
    renderTable(header, rows),
    `copies: ${copies.dropped} dropped (loss ${by.loss}, partition ${by.partition}, crash ${by.crash}), ` +
      `${copies.duplicated} duplicated, ${copies.delayed} delayed, ${copies.corrupted} corrupted`,
  ];
  for (const restart of faults.restarts) {
    const lost = restart.clockBefore - restart.clockAfter;
    lines.push(
      `restart: machine ${restart.machine} at ${fixed(restart.atSec, 3)} s, clock ` +
        `${restart.clockBefore}→${restart.clockAfter} (${restart.rule})` +
        (lost > 0
          ? `: its clock went down ${lost}; its drift and the jump of its next receive count ` +
            'them, its clock/s counts only the steps of its events'
          : ''),
    );
  }
  if (faults.inflation !== undefined && faults.inflation.events > 0) {
    lines.push(
      `corrupted clocks inflated ${faults.inflation.events} events by up to ${faults.inflation.maxBy} ` +
        '(clock minus the clock had every copy carried its true clock)',
    );
  }
  return lines;
}

/** The measured figures, a row per machine. */
function figuresTable(summary: RunAnalysis): string {
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
    ...jumpCells(machine),
    machine.drift.max,
    machine.queue.max,
    machine.queue.final,
    delayMeanText(machine),
  ]);
  return renderTable(header, rows);
}

/** Each queue's measured growth beside the fluid model's prediction. */
function predictionTable(summary: RunAnalysis): string {
  const header = [
    'machine',
    'queue measured',
    'growth/s measured',
    'predicted',
    'growth/s predicted',
    'difference',
  ];
  const rows = summary.machines.map((machine) => {
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
  return renderTable(header, rows);
}

/** A real run: how its clocks and network kept up, per machine. */
function tcpText(tcp: TcpFacts | undefined): string[] {
  if (tcp === undefined) return [];
  const header = [
    'machine',
    'ticks made/due',
    'achieved Hz',
    'late p50/p99/max ms',
    'late ticks',
    'undeliverable to it',
    'failure',
  ];
  const rows = tcp.machines.map((machine) => [
    machine.id,
    `${machine.ticksMade}/${machine.ticksExpected}`,
    fixed(machine.achievedRateHz, 3),
    [machine.lateness.p50Ms, machine.lateness.p99Ms, machine.lateness.maxMs]
      .map((ms) => fixed(ms, 3))
      .join('/'),
    machine.lateness.lateTicks,
    machine.undeliverableTo,
    machine.failure === null ? '-' : `at ${fixed(machine.failure.atSec, 3)} s`,
  ]);
  return ['', 'real clocks and network (ticks due while alive):', renderTable(header, rows)];
}
