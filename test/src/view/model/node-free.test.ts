/**
 * src/view/model is bundled into the viewer page as well as run by Node: nothing it reaches may
 * use a Node API (a `node:` module or a bare builtin, `process`, `Buffer`). The scan follows the
 * model's imports, so a helper it pulls in from elsewhere is held to the same rule. It is tried
 * on planted sources first, so a pattern that cannot match cannot pass silently.
 */

import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readImportGraph } from '../../../helpers/import-graph.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const builtins = new Set(builtinModules);

/** Code without comments and string contents (module specifiers kept), so words in prose pass. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`[^`]*`/g, '``');
}

/** What the source uses of Node, in words; empty when nothing. */
function nodeUses(source: string): string[] {
  const code = codeOnly(source);
  const uses: string[] = [];
  for (const match of code.matchAll(
    /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g,
  )) {
    const specifier = match[1] as string;
    if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0] as string)) {
      uses.push(`imports ${specifier}`);
    }
  }
  const withoutStrings = code.replace(/'[^'\n]*'/g, "''").replace(/"[^"\n]*"/g, '""');
  for (const name of ['process', 'Buffer', 'require', '__dirname']) {
    if (new RegExp(`\\b${name}\\b`).test(withoutStrings)) uses.push(`uses ${name}`);
  }
  return uses;
}

/** Every project file the model's files reach through their imports, the model's included. */
function reachedFromModel(): string[] {
  const graph = readImportGraph(root, ['core', 'transports', 'src']);
  const seen = new Set<string>();
  const stack = [...graph.keys()].filter((file) => file.startsWith('src/view/model/'));
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const target of graph.get(file) ?? []) if (graph.has(target)) stack.push(target);
  }
  return [...seen].sort();
}

describe('src/view/model uses no Node API', () => {
  it('finds planted uses: node: and bare builtins, dynamic imports, process, Buffer', () => {
    expect(nodeUses("import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
    expect(nodeUses("import { join } from 'path';")).toEqual(['imports path']);
    expect(nodeUses("const fs = await import('node:fs/promises');")).toEqual([
      'imports node:fs/promises',
    ]);
    expect(nodeUses('const argv = process.argv;\nconst b = Buffer.from("x");')).toEqual([
      'uses process',
      'uses Buffer',
    ]);
  });

  it('passes words in comments and strings, and ordinary imports', () => {
    expect(nodeUses("// reads process.argv\n/** Buffer */\nconst s = 'process';")).toEqual([]);
    expect(nodeUses("import { RunView } from './run-view.js';")).toEqual([]);
  });

  it('holds for every file the model reaches', () => {
    const files = reachedFromModel();
    expect(files).toContain('src/view/model/run-view.ts');
    const found = files.flatMap((file) =>
      nodeUses(readFileSync(join(root, file), 'utf8')).map((use) => `${file} ${use}`),
    );
    expect(found).toEqual([]);
  });
});
