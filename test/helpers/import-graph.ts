/**
 * The project's import graph, read from the sources: every relative `import`/`export ... from`
 * (type-only ones too: a cycle through types is still two files that must change together) and
 * every dynamic `import('...')`. Used by the architecture test to find cycles and imports that go
 * the wrong way between the pipeline's folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

/** file (relative to the root, posix) → the project files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const importPattern =
  /(?:^|[\s;}])(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Comments out, so an example in a doc comment is not an import. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

export function importsOf(file: string, source: string): string[] {
  const found = new Set<string>();
  for (const match of withoutComments(source).matchAll(importPattern)) {
    const specifier = match[1] ?? match[2];
    if (specifier === undefined) continue;
    found.add(posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts'));
  }
  return [...found];
}

export function readImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const graph = new Map<string, string[]>();
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        const file = relative(root, path).split('\\').join('/');
        graph.set(file, importsOf(file, readFileSync(path, 'utf8')));
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return graph;
}

/** The import cycles (strongly connected components of two or more files, or a self-import). */
export function importCycles(graph: ImportGraph): string[][] {
  let nextIndex = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, nextIndex);
    low.set(file, nextIndex);
    nextIndex += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) {
      cycles.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}
