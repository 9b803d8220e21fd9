/**
 * The sentence that says a view holds only a window of its run, in the same words on the CLI's
 * stderr and in the page, with how to choose another.
 */
import type { ViewWindow } from './view-data.js';

/** Seconds with up to 6 decimals (µs), no trailing zeros. */
function seconds(timeUs: number): string {
  return `${Number((timeUs / 1e6).toFixed(6))} s`;
}

function grouped(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function windowText(window: ViewWindow, eventsShown: number): string {
  return (
    `shows ${seconds(window.fromUs)} to ${seconds(window.untilUs)} of the run: ` +
    `${grouped(eventsShown)} of its ${grouped(window.totalEvents)} events ` +
    '(choose the window with --from and --to, in seconds)'
  );
}
