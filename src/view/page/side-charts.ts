/**
 * The side charts: each shown machine's clock, queue length and drift over the diagram's time
 * window, one small Canvas each. A series has at most one entry per pixel column (its min, max
 * and last value: model/series.ts), drawn as a faint min-max bar and a line through the last
 * values, so a spike inside a column is never lost however far the window is zoomed out.
 */
import type { RunView } from '../model/run-view.js';
import { machineSeries, type SeriesKind } from '../model/series.js';
import { axisLabel, niceStep } from './axis-ticks.js';
import { el, machineColor } from './dom.js';

export const seriesKinds: readonly (readonly [SeriesKind, string])[] = [
  ['clock', 'Lamport clock'],
  ['queue', 'queue length'],
  ['drift', 'drift (behind the largest clock)'],
];

const chartHeightPx = 120;
const leftPx = 40;
const bottomPx = 16;

export interface SideChart {
  readonly kind: SeriesKind;
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
}

export function makeSideCharts(): SideChart[] {
  return seriesKinds.map(([kind, title]) => {
    const canvas = el('canvas', { class: 'lv-chart', 'aria-label': title });
    const element = el('figure', { class: 'lv-chart-box' }, [
      el('figcaption', {}, [title]),
      canvas,
    ]);
    return { kind, element, canvas };
  });
}

export interface ChartWindow {
  readonly fromUs: number;
  readonly untilUs: number;
}

/** Redraws one chart for the machines shown over the time window. */
export function drawSideChart(
  chart: SideChart,
  view: RunView,
  machines: readonly number[],
  window: ChartWindow,
): void {
  const widthPx = Math.max(60, chart.canvas.clientWidth);
  const ctx = sizedContext(chart.canvas, widthPx, chartHeightPx);
  if (ctx === null) return;
  const plotWidth = widthPx - leftPx - 6;
  const plotHeight = chartHeightPx - bottomPx - 6;
  const all = machines.map((machine) => ({
    machine,
    series: machineSeries(view, chart.kind, machine, window.fromUs, window.untilUs, plotWidth),
  }));
  let max = 1;
  for (const { series } of all) for (const value of series.max) if (value > max) max = value;
  const y = (value: number) => 6 + plotHeight - (value / max) * plotHeight;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, widthPx, chartHeightPx);
  for (const { machine, series } of all) {
    ctx.strokeStyle = machineColor(machine);
    ctx.globalAlpha = 0.25;
    ctx.beginPath();
    for (let k = 0; k < series.columns.length; k += 1) {
      const x = leftPx + (series.columns[k] as number) + 0.5;
      ctx.moveTo(x, y(series.min[k] as number));
      ctx.lineTo(x, y(series.max[k] as number) - 0.5);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    for (let k = 0; k < series.columns.length; k += 1) {
      const x = leftPx + (series.columns[k] as number) + 0.5;
      if (k === 0) ctx.moveTo(x, y(series.last[k] as number));
      else ctx.lineTo(x, y(series.last[k] as number));
    }
    ctx.stroke();
  }
  drawChartFrame(ctx, widthPx, plotHeight, max, window);
}

function drawChartFrame(
  ctx: CanvasRenderingContext2D,
  widthPx: number,
  plotHeight: number,
  max: number,
  window: ChartWindow,
): void {
  ctx.strokeStyle = '#9aa1ab';
  ctx.beginPath();
  ctx.moveTo(leftPx, 6);
  ctx.lineTo(leftPx, 6 + plotHeight);
  ctx.lineTo(widthPx - 6, 6 + plotHeight);
  ctx.stroke();
  ctx.fillStyle = '#444';
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'top';
  ctx.textAlign = 'right';
  ctx.fillText(String(Math.round(max)), leftPx - 4, 4);
  ctx.fillText('0', leftPx - 4, plotHeight - 2);
  const step = niceStep(window.untilUs - window.fromUs, 4);
  ctx.fillText(axisLabel('time', window.untilUs, step), widthPx - 6, plotHeight + 8);
  ctx.textAlign = 'left';
  ctx.fillText(axisLabel('time', window.fromUs, step), leftPx, plotHeight + 8);
}

/**
 * The canvas sized to CSS px times devicePixelRatio (sharp on a high-density screen), its
 * context scaled so drawing code speaks CSS px.
 */
export function sizedContext(
  canvas: HTMLCanvasElement,
  widthPx: number,
  heightPx: number,
): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(widthPx * ratio);
  const height = Math.round(heightPx * ratio);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const cssHeight = `${heightPx}px`;
  // Style written only when it changes: a write per frame would cost a layout per frame.
  if (canvas.style.height !== cssHeight) canvas.style.height = cssHeight;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}
