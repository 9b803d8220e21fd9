/**
 * A one-line progress bar on stderr for runs that take longer than a second. It draws only when
 * stderr is a terminal, so pipes, files and CI logs stay clean.
 */
import type { RunProgress } from './virtual-run.js';

export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const delayMs = 1000;
const redrawMs = 100;
const barWidth = 30;

export class ProgressBar {
  readonly #output: ProgressOutput;
  readonly #now: () => number;
  readonly #startMs: number;
  #drawnMs = -Infinity;
  #visible = false;

  constructor(output: ProgressOutput, now: () => number) {
    this.#output = output;
    this.#now = now;
    this.#startMs = now();
  }

  update(progress: RunProgress): void {
    if (isSilent(this.#output)) return;
    const nowMs = this.#now();
    const elapsedMs = nowMs - this.#startMs;
    if (elapsedMs < delayMs || nowMs - this.#drawnMs < redrawMs) return;
    this.#drawnMs = nowMs;
    const fraction = Math.min(1, Math.max(0, progress.timeUs / progress.durationUs));
    const filled = Math.round(fraction * barWidth);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}`;
    const ratePerSec = progress.events / (elapsedMs / 1000);
    const etaSec = fraction > 0 ? (elapsedMs / 1000) * (1 / fraction - 1) : Number.NaN;
    const text =
      `[${bar}] ${(fraction * 100).toFixed(1)}%  model ${(progress.timeUs / 1e6).toFixed(0)} s` +
      `  ${progress.events.toLocaleString('en-US')} events  ${formatRate(ratePerSec)}/s` +
      `  eta ${Number.isFinite(etaSec) ? `${etaSec.toFixed(0)} s` : '?'}`;
    this.#output.write(`\r${text}\x1b[K`);
    this.#visible = true;
  }

  /** A free-form status line (TCP mode), with the same TTY, delay and redraw rules. */
  updateText(text: string): void {
    if (isSilent(this.#output)) return;
    const nowMs = this.#now();
    if (nowMs - this.#startMs < delayMs || nowMs - this.#drawnMs < redrawMs) return;
    this.#drawnMs = nowMs;
    this.#output.write(`\r${text}\x1b[K`);
    this.#visible = true;
  }

  /** Removes the bar so the next output starts on a clean line. */
  clear(): void {
    if (this.#visible) this.#output.write('\r\x1b[K');
    this.#visible = false;
  }
}

function isSilent(output: ProgressOutput): boolean {
  return output.isTTY !== true;
}

function formatRate(perSec: number): string {
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(1)} M events`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(0)} k events`;
  return `${perSec.toFixed(0)} events`;
}
