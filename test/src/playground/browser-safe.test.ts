/**
 * Goal: the modules the playground runs in the browser (docs/ARCHITECTURE.md, "Runs in the
 * browser") and everything they load use no Node API, so the page makes the CLI's bytes with
 * the CLI's code. Method: the list is read from the document (so the document and the test
 * cannot drift apart), each module followed through its value imports, each file scanned; the
 * scan is tried on planted sources first, so a pattern that cannot match cannot pass silently.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesLoadedBy, nodeApiUses, valueImportsOf } from '../../helpers/node-api-uses.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The `.ts` files (and folders) named in the architecture document's browser section. */
function listedModules(): string[] {
  const text = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const start = text.indexOf('## Runs in the browser');
  expect(start, 'docs/ARCHITECTURE.md has a "Runs in the browser" section').toBeGreaterThan(0);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end === -1 ? undefined : end);
  const paths = [...section.matchAll(/`((?:core|transports|src)\/[^`\s]*\.ts)`/g)].map(
    (match) => match[1] as string,
  );
  return [...new Set(paths)].sort();
}

describe('the modules that run in the browser', () => {
  it('finds planted Node uses, and passes type-only imports, prose and strings', () => {
    expect(nodeApiUses("import { readFileSync } from 'node:fs';")).toEqual(['imports node:fs']);
    expect(nodeApiUses("import { join } from 'path';")).toEqual(['imports path']);
    expect(nodeApiUses("const { createHash } = await import('node:crypto');")).toEqual([
      'imports node:crypto',
    ]);
    expect(nodeApiUses("import { type Hash } from 'node:crypto';")).toEqual([
      'imports node:crypto',
    ]);
    expect(nodeApiUses('const b = Buffer.from(process.argv[2]);')).toEqual([
      'uses process',
      'uses Buffer',
    ]);
    expect(nodeApiUses("import type { Hash } from 'node:crypto';")).toEqual([]);
    expect(nodeApiUses("// process.argv\n/** Buffer */\nconst s = 'process';")).toEqual([]);
  });

  it('follows value imports and leaves type-only ones out', () => {
    const source =
      "import { a } from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c/c.js';";
    expect(valueImportsOf('src/x/y.ts', source).sort()).toEqual(['src/x/a.ts', 'src/x/c/c.ts']);
  });

  it('lists the playground run and scenario validation, each an existing file', () => {
    const listed = listedModules();
    expect(listed).toContain('src/playground/memory-run.ts');
    expect(listed).toContain('src/scenario/scenario-object.ts');
    expect(listed).toContain('src/run/run-pipeline.ts');
    for (const file of listed) expect(existsSync(join(root, file)), file).toBe(true);
  });

  it('holds for every listed module and all it loads', () => {
    const files = filesLoadedBy(root, listedModules());
    // The CLI's own pipeline is reached, not a copy of it.
    expect(files).toContain('transports/virtual/simulation.ts');
    expect(files).toContain('src/logs/csv-row-writer.ts');
    const found = files.flatMap((file) =>
      nodeApiUses(readFileSync(join(root, file), 'utf8')).map((use) => `${file} ${use}`),
    );
    expect(found).toEqual([]);
  });
});
