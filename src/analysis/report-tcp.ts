/**
 * report.html's section for a real (TCP) run: how late the ticks ran, which machines failed and
 * when, and the message copies no connection could carry. A virtual run has none of these, and
 * gets no section.
 */
import { escapeXml } from '../charts/svg.js';
import type { RunAnalysis } from './analyze-run.js';

const fixed = (value: number, digits: number) => value.toFixed(digits);

export function tcpSectionHtml(summary: RunAnalysis): string[] {
  const { tcp } = summary;
  if (tcp === undefined) return [];
  const failed = tcp.machines.filter((machine) => machine.failure !== null);
  const undeliverable = tcp.machines.reduce((total, machine) => total + machine.undeliverableTo, 0);
  const lateTicks = tcp.machines.reduce((total, machine) => total + machine.lateness.lateTicks, 0);
  const ticks = tcp.machines.reduce((total, machine) => total + machine.ticksMade, 0);
  const failures =
    failed.length === 0
      ? 'No machine failed.'
      : failed
          .map(
            (machine) =>
              `Machine ${machine.id} failed at ${fixed(machine.failure?.atSec ?? 0, 3)} s ` +
              `(${escapeXml(machine.failure?.reason ?? '')}): its figures and prediction above cover ` +
              'the time it was alive; after it, the others’ predictions count it as gone.',
          )
          .join(' ');
  const rows = tcp.machines.map(
    (machine) =>
      `<tr><td>${machine.id}</td><td>${machine.ticksMade} / ${machine.ticksExpected}</td>` +
      `<td>${fixed(machine.achievedRateHz, 3)}</td>` +
      `<td>${[machine.lateness.p50Ms, machine.lateness.p99Ms, machine.lateness.maxMs].map((ms) => fixed(ms, 3)).join(' / ')}</td>` +
      `<td>${machine.lateness.lateTicks}</td><td>${machine.undeliverableTo}</td>` +
      `<td>${machine.badConnections}</td><td>${machine.disconnects}</td>` +
      `<td${machine.failure === null ? '' : ' class="growing"'}>${
        machine.failure === null
          ? '-'
          : `${fixed(machine.failure.atSec, 3)} s: ${escapeXml(machine.failure.reason)}`
      }</td></tr>`,
  );
  return [
    '<h2 id="tcp">Real clocks and network</h2>',
    `<p>${failures} ${lateTicks} of ${ticks} ticks ran more than 5 ms late; ${undeliverable} ` +
      'message copies could not be delivered (no connection to their receiver).</p>',
    '<table><thead><tr><th>machine</th><th>ticks made / due</th><th>achieved Hz</th>' +
      '<th>lateness p50 / p99 / max ms</th><th>late ticks</th><th>undeliverable to it</th>' +
      '<th>bad connections</th><th>disconnects seen</th><th>failure</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
  ];
}
