/**
 * The pictures of a run, as SVG documents: logical clock, queue length and drift over time (one
 * line per machine, rates in the legend), the histogram of clock jumps, and a space-time diagram of
 * a window of events. The figures seed 003 drew with matplotlib, made from `analyze`'s numbers.
 */
import { histogramSvg } from '../charts/histogram.js';
import { lineChartSvg } from '../charts/line-chart.js';
import { type SpaceTimeEvent, spaceTimeSvg } from '../charts/space-time.js';
import type { TimeOverlay } from '../charts/time-overlay.js';
import { feedInCausalOrder } from '../logs/causal-merge.js';
import { closeRunLogs, openRunLogs } from '../logs/run-logs.js';
import type { AnalysisResult } from './analyze-run.js';
import { spaceTimeFaults, timeChartOverlay } from './fault-overlay.js';

export interface ChartWindow {
  /** Space-time diagram window, ms; null bounds mean the first `eventsDefault` events. */
  readonly fromMs: number | null;
  readonly toMs: number | null;
}

export interface RunChart {
  readonly fileName: string;
  readonly title: string;
  readonly svg: string;
}

/** Events drawn in the space-time diagram when no window is given. */
export const spaceTimeEventsDefault = 60;
/** Above this a chosen window is cut: a diagram of more events is unreadable anyway. */
const spaceTimeEventsMax = 400;
/**
 * Machines drawn in a chart: ten palette colours, each solid and dashed. A chart of 2 000 lines
 * or lanes tells nothing and weighs megabytes (a 128 000-pixel-tall space-time diagram), so a
 * larger run draws machines 0..19 and says so in each title; the tables and summary.json keep
 * every machine. Runs this small or smaller draw every machine, exactly as before.
 */
export const chartMachinesMax = 20;

export function runCharts(
  runDir: string,
  analysis: AnalysisResult,
  window: ChartWindow,
): RunChart[] {
  const { summary } = analysis;
  const drawing = chartDrawing(analysis);
  const jumps = new Map<number, number>();
  for (const machine of summary.machines) {
    for (const { jump, count } of machine.jumps.histogram)
      jumps.set(jump, (jumps.get(jump) ?? 0) + count);
  }
  const bins = [...jumps.entries()]
    .sort(([a], [b]) => a - b)
    .map(([jump, count]) => ({ from: jump - 0.5, to: jump + 0.5, count, label: String(jump) }));
  return [
    {
      fileName: 'clock.svg',
      title: 'Logical clock over time',
      svg: lineChartSvg({
        title: drawing.titled('Logical clock over time'),
        xLabel: 'time (s)',
        yLabel: 'Lamport clock',
        series: drawing.lines((machine) => machine.clock, false),
        ...drawing.overlay,
      }),
    },
    queueChart(drawing),
    {
      fileName: 'drift.svg',
      title: 'Drift behind the largest clock',
      svg: lineChartSvg({
        title: drawing.titled('Drift behind the largest clock'),
        xLabel: 'time (s)',
        yLabel: 'largest clock - own clock',
        series: drawing.lines((machine) => machine.drift, true),
        ...drawing.overlay,
      }),
    },
    {
      fileName: 'jumps.svg',
      title: 'Clock jumps at receives',
      svg: histogramSvg({
        title: 'Clock jumps at receives (all machines)',
        xLabel: 'jump (clock units skipped)',
        yLabel: 'receives (count)',
        bins,
      }),
    },
    {
      fileName: 'spacetime.svg',
      title: 'Space-time diagram',
      svg: spaceTimeSvg({
        title: drawing.titled(spaceTimeTitle(window)),
        machines: summary.machines
          .slice(0, drawing.drawn)
          .map((machine) => ({ id: machine.id, label: drawing.name(machine.id) })),
        events: windowEvents(runDir, drawing.drawn, window),
        ...(analysis.faults === undefined ? {} : { faults: spaceTimeFaults(analysis.faults) }),
      }),
    },
  ];
}

/**
 * The queue-length chart alone, as `runCharts` draws it. The experiments keep only this one per
 * run; drawing the other four (and reading the logs again for the space-time diagram) cost
 * them about a fifth of each run.
 */
/**
 * The queue chart alone, for a report that shows many runs side by side: `subject` (the
 * experiment and seed) leads its title, or twenty figures would all read "Queue length over time".
 */
export function runQueueChart(analysis: AnalysisResult, subject?: string): RunChart {
  return queueChart(chartDrawing(analysis), subject);
}

type MachineSeries = AnalysisResult['series'][number];

/** What every line chart of a run shares: the machines drawn, their names, the titles. */
interface ChartDrawing {
  readonly drawn: number;
  /** The faults over time, spread into a line chart's spec (empty without faults). */
  readonly overlay: { readonly overlay?: TimeOverlay };
  readonly name: (id: number) => string;
  readonly titled: (title: string) => string;
  readonly lines: (
    pick: (machine: MachineSeries) => Float64Array,
    step: boolean,
  ) => { name: string; xs: Float64Array; ys: Float64Array; step: boolean }[];
}

function chartDrawing(analysis: AnalysisResult): ChartDrawing {
  const { summary } = analysis;
  const machineCount = summary.machines.length;
  const drawn = Math.min(machineCount, chartMachinesMax);
  const series = analysis.series.slice(0, drawn);
  const name = (id: number) => {
    const rate = summary.machines[id]?.rateHz;
    const failure = summary.tcp?.machines[id]?.failure ?? null;
    // A line that stops early is a machine that died: the legend says when.
    const notes = [
      ...(rate === null || rate === undefined ? [] : [`${rate} Hz`]),
      ...(failure === null ? [] : [`failed at ${failure.atSec.toFixed(1)} s`]),
    ];
    return notes.length === 0 ? `machine ${id}` : `machine ${id} (${notes.join(', ')})`;
  };
  const seconds = (timeMs: Float64Array) => timeMs.map((value) => value / 1000);
  return {
    drawn,
    overlay:
      analysis.faults === undefined ? {} : { overlay: timeChartOverlay(analysis.faults, drawn) },
    name,
    titled: (title) =>
      drawn === machineCount ? title : `${title} (machines 0-${drawn - 1} of ${machineCount})`,
    lines: (pick, step) =>
      series.map((machine, id) => ({
        name: name(id),
        xs: seconds(machine.timeMs),
        ys: pick(machine),
        step,
      })),
  };
}

function queueChart(drawing: ChartDrawing, subject?: string): RunChart {
  const title =
    subject === undefined ? 'Queue length over time' : `${subject}: queue length over time`;
  return {
    fileName: 'queue.svg',
    title,
    svg: lineChartSvg({
      title: drawing.titled(title),
      xLabel: 'time (s)',
      yLabel: 'queue length (messages)',
      series: drawing.lines((machine) => machine.queueLength, true),
      ...drawing.overlay,
    }),
  };
}

function spaceTimeTitle(window: ChartWindow): string {
  if (window.fromMs === null && window.toMs === null) {
    return `Space-time diagram: the first ${spaceTimeEventsDefault} events`;
  }
  return `Space-time diagram: ${window.fromMs ?? 0} ms to ${window.toMs ?? 'the end'} ms`;
}

/**
 * The events of the window on machines 0..drawn-1, in causal order, read from their logs. No
 * event waits here, so the order is (time, machine id) and the other machines' logs, which
 * would only be skipped, are not read.
 */
function windowEvents(runDir: string, drawn: number, window: ChartWindow): SpaceTimeEvent[] {
  const limit =
    window.fromMs === null && window.toMs === null ? spaceTimeEventsDefault : spaceTimeEventsMax;
  const fromUs = (window.fromMs ?? 0) * 1000;
  const toUs = window.toMs === null ? Number.POSITIVE_INFINITY : window.toMs * 1000;
  const readers = openRunLogs(runDir, drawn);
  const events: SpaceTimeEvent[] = [];
  try {
    feedInCausalOrder(readers, {
      mustWait: () => false,
      accept: (row, machine) => {
        if (events.length >= limit || row.timeUs < fromUs || row.timeUs > toUs) return;
        const base = {
          machine,
          seq: row.seq,
          kind: row.kind,
          timeMs: row.timeUs / 1000,
          clock: row.clock,
        };
        events.push(
          row.kind === 'internal' || row.kind === 'restart'
            ? base
            : { ...base, msgId: `${row.msgSender}-${row.msgSeq}` },
        );
      },
    });
  } finally {
    closeRunLogs(readers);
  }
  return events;
}
