/**
 * The run's facts above the diagram (mode, machines, rates, length, seed, whether it
 * completed), a notice when the page holds a window of the run only, and below the diagram
 * the check result, the run's summary and the list of its faults.
 */
import type { RunView } from '../model/run-view.js';
import { windowText } from '../model/window-text.js';
import { el } from './dom.js';
import { faultMachinesText, secondsText } from './run-facts.js';
import { summaryColumns, summaryRows } from './summary-table.js';

const faultListLimit = 500;
const summaryRowLimit = 50;

/** Said in the page when view kept a window: what is shown, and how to choose another. */
export function windowNotice(view: RunView): HTMLElement | null {
  const window = view.window;
  if (window === null) return null;
  return el('p', { class: 'lv-notice', role: 'status', 'data-testid': 'window-notice' }, [
    `This page ${windowText(window, view.eventCount)}: lamport-lab view <run-dir> --from <sec> --to <sec>.`,
  ]);
}

export function checkSection(view: RunView): HTMLElement {
  const check = view.check;
  const heading = el('h3', {}, ['Check']);
  if (check === null)
    return el('section', {}, [heading, el('p', { class: 'lv-muted' }, ['not checked'])]);
  return el('section', { 'data-testid': 'check' }, [
    heading,
    el('p', { class: check.ok ? 'lv-ok' : 'lv-bad' }, [check.ok ? 'passed' : 'FAILED']),
    el('pre', { class: 'lv-pre' }, [check.lines.join('\n')]),
  ]);
}

/** The summary's per-machine table (its first machines), and all of it as JSON on demand. */
export function summarySection(view: RunView): HTMLElement {
  const heading = el('h3', {}, ['Summary (summary.json)']);
  if (view.summary === null) {
    return el('section', {}, [heading, el('p', { class: 'lv-muted' }, ['none'])]);
  }
  const rows = summaryRows(view.summary);
  const table =
    rows === null
      ? null
      : el('table', { class: 'lv-faults', 'data-testid': 'summary-table' }, [
          el('thead', {}, [
            el(
              'tr',
              {},
              summaryColumns.map((name) => el('th', {}, [name])),
            ),
          ]),
          el(
            'tbody',
            {},
            rows.slice(0, summaryRowLimit).map((row) =>
              el(
                'tr',
                {},
                row.map((text) => el('td', {}, [text])),
              ),
            ),
          ),
        ]);
  const more =
    rows !== null && rows.length > summaryRowLimit
      ? el('p', { class: 'lv-muted' }, [
          `... ${rows.length - summaryRowLimit} more machines (all of it below)`,
        ])
      : null;
  return el('section', {}, [
    heading,
    table,
    more,
    el('details', {}, [
      el('summary', {}, ['all of it']),
      el('pre', { class: 'lv-pre' }, [JSON.stringify(view.summary, null, 2)]),
    ]),
  ]);
}

export function faultsSection(view: RunView): HTMLElement | null {
  if (view.faults.length === 0) return null;
  const rows = view.faults.slice(0, faultListLimit).map((fault) => {
    const when =
      fault.kind === 'span'
        ? `${secondsText(fault.fromUs)} to ${secondsText(fault.untilUs)}`
        : secondsText(fault.atUs);
    const machines = faultMachinesText(fault);
    return el('tr', {}, [
      el('td', {}, [fault.what]),
      el('td', {}, [when]),
      el('td', {}, [machines]),
      el('td', {}, [fault.label]),
    ]);
  });
  const more =
    view.faults.length > faultListLimit
      ? el('p', { class: 'lv-muted' }, [`... ${view.faults.length - faultListLimit} more`])
      : null;
  return el('section', { 'data-testid': 'faults' }, [
    el('h3', {}, [`Faults (${view.faults.length})`]),
    el('p', { class: 'lv-muted' }, [
      'On the time axis: shaded spans (partition, pause, down) and marks (a cross: drop or corrupt; a bar: crash or restart; a tick: the rest).',
    ]),
    el('table', { class: 'lv-faults' }, [
      el('thead', {}, [
        el('tr', {}, [
          el('th', {}, ['fault']),
          el('th', {}, ['when']),
          el('th', {}, ['machines']),
          el('th', {}, ['what']),
        ]),
      ]),
      el('tbody', {}, rows),
    ]),
    more,
  ]);
}
