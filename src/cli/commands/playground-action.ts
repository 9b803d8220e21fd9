/**
 * What `lamport-lab view --playground` does: write playground.html (src/playground/), the
 * simulator in one self-contained page, where the options say (view-command.ts).
 */
import { InputError } from '../../common/errors.js';
import { checkWritable, outputFilePlace, writeOwnedFile } from '../../logs/owned-files.js';
import { buildPlaygroundHtml } from '../../playground/playground-assets.js';
import type { CliIo } from '../io.js';
import type { ViewOptions } from './view-options.js';

export const defaultPlaygroundFile = 'playground.html';

export function writePlayground(runDir: string | undefined, options: ViewOptions, io: CliIo): void {
  if (runDir !== undefined) {
    throw new InputError(
      `--playground: expected no run directory (the playground makes its own runs), got "${runDir}"`,
    );
  }
  const windowFlag =
    options.from !== undefined ? '--from' : options.to !== undefined ? '--to' : null;
  if (windowFlag !== null) {
    throw new InputError(
      `${windowFlag}: expected a run directory to view (the playground makes its own runs), got --playground`,
    );
  }
  const outPath = options.out ?? defaultPlaygroundFile;
  const place = outputFilePlace(outPath, options.out !== undefined, options.force === true);
  checkWritable(outPath, place);
  const html = buildPlaygroundHtml();
  writeOwnedFile(outPath, html, place);
  const kB = Math.max(1, Math.round(Buffer.byteLength(html, 'utf8') / 1e3));
  io.stdout.write(
    `wrote ${outPath} (${kB} kB; open it in a browser, it needs no network and no server)\n`,
  );
}
