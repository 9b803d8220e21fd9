/** What `lamport-lab view` does (its options are in view-command.ts). */
import { join } from 'node:path';
import { InputError } from '../../common/errors.js';
import { refuseRunFile } from '../../logs/out-dir.js';
import { checkWritable, outputFilePlace, writeOwnedFile } from '../../logs/owned-files.js';
import type { ViewData } from '../../view/model/view-data.js';
import { windowText } from '../../view/model/window-text.js';
import { readViewData } from '../../view/read-view-data.js';
import { viewHtml } from '../../view/view-html.js';
import { readViewerPageScript } from '../../view/viewer-page-asset.js';
import type { CliIo } from '../io.js';
import type { TypedFlags } from '../typed-flags.js';
import type { ViewOptions } from './view-options.js';

function sizeText(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** The stderr line when the page holds part of the run: what part, and how to choose another. */
export function windowNote(outPath: string, data: ViewData): string | null {
  const window = data.window;
  if (window === null) return null;
  return `note: ${outPath} ${windowText(window, data.events.count)}\n`;
}

export function viewRun(
  runDir: string,
  options: ViewOptions,
  io: CliIo,
  typed: TypedFlags = {},
): void {
  const { from, to } = options;
  if (from !== undefined && to !== undefined && from >= to) {
    throw new InputError(
      `--from, --to: expected --from before --to, got --from ${typed['--from'] ?? from} and --to ${typed['--to'] ?? to}`,
    );
  }
  const outPath = options.out ?? join(runDir, 'view.html');
  refuseRunFile(runDir, outPath, '--out');
  const place = outputFilePlace(outPath, options.out !== undefined, options.force === true);
  // Refused before the run is read: a large run takes seconds to read.
  checkWritable(outPath, place);
  const script = readViewerPageScript();
  const data = readViewData(runDir, {
    ...(from === undefined ? {} : { fromUs: Math.round(from * 1e6) }),
    ...(to === undefined ? {} : { untilUs: Math.round(to * 1e6) }),
    typedWindow: { from: typed['--from'], to: typed['--to'] },
  });
  const note = windowNote(outPath, data);
  if (note !== null) io.stderr.write(note);
  const html = viewHtml(data, script);
  writeOwnedFile(outPath, html, place);
  const bytes = Buffer.byteLength(html, 'utf8');
  io.stdout.write(
    `wrote ${outPath} (${sizeText(bytes)}, ${data.events.count} events; open it in a browser, it needs no network)\n`,
  );
}
