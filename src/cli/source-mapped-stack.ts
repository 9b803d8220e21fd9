/**
 * An internal error's stack in the source's terms. The built CLI is bundled (scripts/bundle.mjs),
 * so its frames name dist/src/cli-script.js (or chunks of dist/src/chunks/) at lines nobody can
 * read. Node maps frames itself only when started with --enable-source-maps, which would read and
 * parse the maps of what it loaded at every start; here a map is read only when a bug is reported.
 *
 * A frame whose file has no readable map (node's own, a test's .ts) is left as it is.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `file:///…/x.js:12:34` as V8 writes a frame of an ES module. */
const framePattern = /file:\/\/\/[^\s()]+?\.js:\d+:\d+/g;

export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | null>();
  return stack.replace(framePattern, (frame) => {
    const [, url, line, column] = /^(.*):(\d+):(\d+)$/.exec(frame) as unknown as [
      string,
      string,
      string,
      string,
    ];
    let map = maps.get(url);
    if (map === undefined) {
      map = readMap(url);
      maps.set(url, map);
    }
    if (map === null) return frame;
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!('originalSource' in entry)) return frame;
    // Sources are named relative to the map, which sits beside the file it maps.
    const source = resolve(dirname(fileURLToPath(url)), entry.originalSource);
    return `${pathToFileURL(source).href}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function readMap(url: string): SourceMap | null {
  try {
    const payload = JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8'));
    return new SourceMap(payload as SourceMapPayload);
  } catch {
    return null;
  }
}
