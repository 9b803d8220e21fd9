/**
 * The `view` case of the bench (issue 20): view-case.ts in a fresh process (it starts Chromium),
 * its figures as a table, and the scale targets: a 100 000-event run opens in <= 2 s and
 * pans/zooms at >= 30 frames/s, its view.html is <= 10 MB, and a 1 000 000-event run opens in
 * <= 10 s (or `view` says it kept a window: then its message is shown instead).
 */
import { runCaseScript } from './marginal.js';
import { renderTable } from '../src/common/text-table.js';
import type { OpenedRun, ViewCaseResult } from './view-case.js';

export type { ViewCaseResult };

/** Debian's Chromium, which .ci/run installs; the browser tests find it the same way. */
export const chromiumPath = '/usr/bin/chromium';

/** `opens`: fresh pages per open-time median (the 1 M run gets at most 3: each takes seconds). */
export function measureView(script: string, opens: number): ViewCaseResult {
  return runCaseScript(script, [String(opens)]);
}

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(2);

function openRow(run: OpenedRun): string[] {
  return [
    `open view.html of a ${run.events.toLocaleString('en-US')}-event run`,
    (run.openMsMedian / 1000).toFixed(2),
    run.openMs.map((ms) => (ms / 1000).toFixed(2)).join(' '),
    megabytes(run.htmlBytes),
    run.viewCommandSec.toFixed(2),
  ];
}

export function viewTable(result: ViewCaseResult): string {
  const opens = renderTable(
    ['viewer case', 'open s (median)', 'each open s', 'view.html MB', '`view` command s'],
    [openRow(result.run100k), openRow(result.run1m)],
  );
  const frames = renderTable(
    ['pan/zoom, 100 000 events', 'frames', 'wall ms', 'frames/s', 'draw ms (median)'],
    result.phases.map((phase) => [
      phase.phase,
      String(phase.frames),
      phase.wallMs.toFixed(0),
      phase.framesPerSec.toFixed(1),
      phase.drawMsMedian.toFixed(2),
    ]),
  );
  const windowNote =
    result.run1m.viewStderr === ''
      ? ''
      : `\n\`view\` of the 1 M run said: ${result.run1m.viewStderr}`;
  return (
    `${opens}\n${frames}\n(open: navigation start to the page's first frame, Chromium headless; ` +
    `frames/s: one new window asked per animation frame, Chromium paces at 60 Hz)${windowNote}`
  );
}

/** The scale targets, as run-bench.ts's Target rows. */
export function viewTargets(result: ViewCaseResult | null): {
  label: string;
  value: number | undefined;
  goal: number;
  atMost?: boolean;
  text: string;
}[] {
  return [
    {
      label: 'viewer: open a 100 000-event view.html, s',
      value: result === null ? undefined : result.run100k.openMsMedian / 1000,
      goal: 2,
      atMost: true,
      text: '<= 2 s',
    },
    {
      label: 'viewer: pan/zoom at 100 000 events, slowest phase, frames/s',
      value: result?.framesPerSecMin,
      goal: 30,
      text: '>= 30 frames/s',
    },
    {
      label: 'viewer: view.html of 100 000 events, MB',
      value: result === null ? undefined : result.run100k.htmlBytes / 1e6,
      goal: 10,
      atMost: true,
      text: '<= 10 MB',
    },
    {
      label: 'viewer: open a 1 000 000-event view.html, s',
      value: result === null ? undefined : result.run1m.openMsMedian / 1000,
      goal: 10,
      atMost: true,
      text: '<= 10 s',
    },
  ];
}
