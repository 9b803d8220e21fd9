/**
 * report.html: one self-contained page for a run (inline SVG and CSS, no script, no external
 * request), with the scenario, the summary table, every picture, and the model's prediction
 * beside the measurement. Deterministic: the same run gives the same page.
 */
import { escapeXml } from '../charts/svg.js';
import { fixedText, numberText, percentText } from '../common/number-text.js';
import type { RunAnalysis } from './analyze-run.js';
import { tooShortToJudgeText } from './growth-judge.js';
import { delayMeanText, jumpCells } from './receive-figures.js';
import { faultsSectionHtml } from './report-faults.js';
import { tcpSectionHtml } from './report-tcp.js';
import type { RunChart } from './run-charts.js';
import { runFindings } from './run-findings.js';

const style = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; }
th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
.growing { color: #b00020; font-weight: 600; } .stable { color: #1b5e20; }
code { background: #f4f4f4; padding: 0 0.2rem; }
.caveat { background: #fff8e1; border-left: 4px solid #f9a825; padding: 0.4rem 0.8rem; }
`;

export interface ReportInput {
  readonly title: string;
  /** Key facts of the scenario, shown as a list (already in words). */
  readonly facts: readonly string[];
  readonly summary: RunAnalysis;
  readonly charts: readonly RunChart[];
}

const fixed = fixedText;
const num = numberText;

export function reportHtml(input: ReportInput): string {
  const { summary } = input;
  const rows = summary.machines.map(
    (machine) =>
      `<tr><td>${machine.id}</td><td>${machine.rateHz === null ? '?' : num(machine.rateHz)}</td><td>${num(machine.events.internal)}</td>` +
      `<td>${num(machine.events.send)}</td><td>${num(machine.events.receive)}</td><td>${num(machine.finalClock)}</td>` +
      `<td>${fixed(machine.clockUnitsPerSec, 3)}</td>${jumpCells(machine, ' / ')
        .map((cell) => `<td>${cell}</td>`)
        .join('')}<td>${num(machine.drift.max)}</td>` +
      `<td>${num(machine.queue.max)}</td><td>${num(machine.queue.final)}</td><td>${delayMeanText(machine)}</td></tr>`,
  );
  const predictions = summary.machines.map((machine) => {
    const predicted = machine.predicted;
    const difference = machine.growthRelativeDifference;
    return (
      `<tr><td>${machine.id}</td><td class="${machine.queue.verdict}">${machine.queue.verdict}</td>` +
      `<td>${fixed(machine.queue.growthPerSec, 4)}</td>` +
      `<td class="${predicted?.verdict ?? ''}">${predicted?.verdict ?? '?'}</td>` +
      `<td>${predicted === null ? '?' : fixed(predicted.queueGrowthPerSec, 4)}</td>` +
      `<td>${difference === null ? '-' : percentText(difference, 1)}` +
      `${tooShortToJudgeText(summary.durationSec, machine) === null ? '' : ' (run too short to judge)'}</td></tr>`
    );
  });
  const caveats = summary.machines
    .map((machine) => tooShortToJudgeText(summary.durationSec, machine))
    .filter((text): text is string => text !== null);
  const figures = input.charts.map(
    (chart) =>
      `<figure id="${chart.fileName.replace('.svg', '')}">\n${stripXmlDeclaration(chart.svg)}\n</figure>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(input.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(input.title)}</h1>`,
    `<ul>${input.facts.map((fact) => `<li>${escapeXml(fact)}</li>`).join('')}</ul>`,
    '<h2>What this run shows</h2>',
    `<ul class="findings">${runFindings(summary)
      .map((finding) => `<li>${escapeXml(finding)}</li>`)
      .join('')}</ul>`,
    '<h2>Per machine</h2>',
    '<table><thead><tr><th>machine</th><th>rate Hz</th><th>internal</th><th>send</th><th>receive</th>' +
      '<th>final clock</th><th>clock/s</th><th>jump max</th><th>jump mean</th><th>jump p50 / p90 / p99</th>' +
      '<th>drift max</th><th>queue max</th><th>queue final</th><th>delay mean ms</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '<h2>Queue growth: measured vs predicted</h2>',
    '<p>Measured: a least-squares fit of queue length over the second half of the run. Predicted: the fluid ' +
      'model from the rates and the internal probability alone (docs/ANALYSIS.md in lamport-lab).</p>',
    '<table><thead><tr><th>machine</th><th>measured</th><th>growth/s</th><th>predicted</th><th>growth/s</th>' +
      '<th>difference</th></tr></thead>',
    `<tbody>${predictions.join('')}</tbody></table>`,
    ...caveats.map((caveat) => `<p class="caveat">Too short to judge: ${escapeXml(caveat)}.</p>`),
    ...tcpSectionHtml(summary),
    ...faultsSectionHtml(summary),
    '<h2>Pictures</h2>',
    ...figures,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function stripXmlDeclaration(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '');
}
