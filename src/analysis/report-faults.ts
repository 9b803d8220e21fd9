/**
 * report.html's faults section: the table of injected faults (kind, when, how often each fired,
 * what it caused) and a line on the copies touched. Nothing at all for a run without faults.
 */
import { escapeXml } from '../charts/svg.js';
import type { RunAnalysis } from './analyze-run.js';

export function faultsSectionHtml(summary: RunAnalysis): string[] {
  const faults = summary.faults;
  if (faults === undefined) return [];
  const cell = (text: string | number) => `<td>${escapeXml(String(text))}</td>`;
  const rows = faults.faults.map(
    (fault) =>
      `<tr data-fault="${fault.index}">${cell(fault.index)}${cell(fault.kind)}${cell(fault.machine ?? '-')}` +
      `${cell(fault.when)}${cell(fault.what)}${cell(fault.fired)}${cell(fault.caused)}</tr>`,
  );
  const { copies } = faults;
  const by = copies.droppedBy;
  return [
    '<h2>Injected faults</h2>',
    // Its own rule, here: the page's style sheet, shared by every report, stays as it was.
    '<style>table.faults td, table.faults th { text-align: left; } table.faults td:nth-child(-n+4) { white-space: nowrap; }</style>',
    '<p>From <code>faults.csv</code>, the evidence the simulator wrote: one row per fault action. ' +
      '<em>fired</em> counts the rows that name the fault. In the pictures, partitions and pauses ' +
      'are shaded spans, crashes and restarts marks, and a dropped copy an arrow that ends in a cross.</p>',
    '<table class="faults"><thead><tr><th>fault</th><th>kind</th><th>machine</th><th>when</th>' +
      '<th>what</th><th>fired</th><th>caused</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    `<p>Copies: ${copies.dropped} dropped (loss ${by.loss}, partition ${by.partition}, crash ${by.crash}), ` +
      `${copies.duplicated} duplicated, ${copies.delayed} delayed, ${copies.corrupted} corrupted.</p>`,
  ];
}
