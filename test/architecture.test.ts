/**
 * The layout is the pipeline, and the imports must say so: no import cycle anywhere, and no
 * folder imports a folder above it. Each folder has a rank; a file may import its own folder
 * and any folder of a lower rank, never a higher one nor another of the same rank (virtual and
 * tcp share a rank: neither driver may lean on the other). Both checks are tried on planted
 * graphs first, so a rule that cannot fail cannot pass silently.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type ImportGraph,
  importCycles,
  importsOf,
  readImportGraph,
} from './helpers/import-graph.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bottom to top. A folder not listed belongs to its nearest listed parent (src/cli/commands is
 * src/cli; core/causality is core). src/cli.ts, the entry, is the top.
 */
const ranks: readonly (readonly [folder: string, rank: number])[] = [
  ['core', 0],
  ['transports', 1],
  ['transports/virtual', 2],
  ['transports/tcp', 2],
  ['src/common', 3],
  ['src/scenario', 4],
  ['src/charts', 4],
  ['src/logs', 5],
  ['src/check', 6],
  ['src/analysis', 7],
  // Above check (it reads logs and check's row types), below the CLI that runs it.
  ['src/import', 7.5],
  ['src/run', 8],
  // Drives other programs as the run's machines, with the run's files; explore may use it.
  ['src/harness', 8.5],
  ['src/export', 9],
  // The viewer: its pure model (also bundled for the browser), then the Node side of `view`.
  ['src/view/model', 9.25],
  ['src/view', 9.5],
  // The playground: a run made in memory (Node-free) and its page, which mounts the viewer.
  ['src/playground', 9.75],
  ['src/experiments', 10],
  ['src/explore', 11],
  ['src/regress', 12],
  // The library's public entry points (issue 22): may use anything below, used by nothing but tests.
  ['src/api', 12.5],
  ['src/cli', 13],
  ['src', 14],
];

/** The listed folder a file belongs to: the longest listed prefix of its directory. */
function folderOf(file: string): string {
  const directory = file.slice(0, file.lastIndexOf('/'));
  let best = '';
  for (const [folder] of ranks) {
    if ((directory === folder || directory.startsWith(`${folder}/`)) && folder.length > best.length)
      best = folder;
  }
  if (best === '') throw new Error(`${file}: in no ranked folder; add its folder to the table`);
  return best;
}

function rankOf(folder: string): number {
  const found = ranks.find(([name]) => name === folder);
  if (found === undefined) throw new Error(`${folder}: not ranked`);
  return found[1];
}

/** Every import that goes up, or sideways to another folder of the same rank. */
function wrongWayImports(graph: ImportGraph): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    const from = folderOf(file);
    for (const target of targets) {
      if (!graph.has(target)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      if (rankOf(to) >= rankOf(from)) wrong.push(`${file} imports ${target} (${from} → ${to})`);
    }
  }
  return wrong.sort();
}

describe('the import graph', () => {
  it('reads static, type-only and dynamic imports, not ones in comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "const d = await import('./d.js');",
      "// import { e } from './e.js';",
      "/** import { f } from './f.js'; */",
    ].join('\n');
    expect(importsOf('src/x/y.ts', source).sort()).toEqual([
      'src/b/b.ts',
      'src/x/a.ts',
      'src/x/c.ts',
      'src/x/d.ts',
    ]);
  });

  it('finds a planted cycle, long or through one file', () => {
    const planted = new Map([
      ['src/a.ts', ['src/b.ts']],
      ['src/b.ts', ['src/c.ts']],
      ['src/c.ts', ['src/a.ts']],
      ['src/d.ts', ['src/d.ts']],
      ['src/e.ts', ['src/a.ts']],
    ]);
    expect(importCycles(planted)).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts'], ['src/d.ts']]);
  });

  it('finds a planted import that goes up or sideways', () => {
    const planted = new Map([
      ['core/machine.ts', ['src/logs/format.ts']],
      ['transports/virtual/simulation.ts', ['transports/tcp/framing.ts', 'core/machine.ts']],
      ['transports/tcp/framing.ts', []],
      ['src/logs/format.ts', ['core/machine.ts']],
    ]);
    expect(wrongWayImports(planted)).toEqual([
      'core/machine.ts imports src/logs/format.ts (core → src/logs)',
      'transports/virtual/simulation.ts imports transports/tcp/framing.ts (transports/virtual → transports/tcp)',
    ]);
  });

  const graph = readImportGraph(root, ['core', 'transports', 'src']);

  it('holds every file of core/, transports/ and src/', () => {
    expect(graph.size).toBeGreaterThan(100);
    for (const file of graph.keys()) expect(() => folderOf(file)).not.toThrow();
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('imports only downwards: core imports only core, transports only core, ...', () => {
    expect(wrongWayImports(graph)).toEqual([]);
  });
});
