/**
 * docs/api/ is what TypeDoc (typedoc.json: markdown pages of the two entry points, from their
 * TSDoc comments) makes of the sources now: generated again here into a temporary folder and
 * compared file by file, so a changed comment or signature fails this test until
 * `npm run docs:api` regenerates the pages. Made twice, the pages are the same bytes (no date,
 * no git revision, no source links), which is what lets a stale copy be told from a fresh one.
 *
 * Every exported name has a TSDoc comment, and every type a public name refers to is public
 * too (TypeDoc's validation, typedoc.json), as the issue 22 contract asks.
 *
 * The comparison is tried first on planted folders, so it cannot pass silently.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { Application, LogLevel } from 'typedoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const docsApiDir = join(packageRoot, 'docs', 'api');

/** Every file under `directory`, as paths relative to it with `/`, sorted. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/** How `committed` differs from `fresh`: one line per file missing, extra or different. */
function staleFiles(committed: string, fresh: string): string[] {
  const committedFiles = new Set(filesUnder(committed));
  const freshFiles = filesUnder(fresh);
  const problems: string[] = [];
  for (const file of freshFiles) {
    if (!committedFiles.has(file)) problems.push(`${file}: missing`);
    else if (
      readFileSync(join(committed, file), 'utf8') !== readFileSync(join(fresh, file), 'utf8')
    )
      problems.push(`${file}: differs`);
  }
  const freshSet = new Set(freshFiles);
  for (const file of committedFiles)
    if (!freshSet.has(file)) problems.push(`${file}: not made any more`);
  return problems;
}

/** TypeDoc with the project's typedoc.json, writing to `outDir`; what it warned about. */
async function generateApiDocs(outDir: string): Promise<string[]> {
  const app = await Application.bootstrapWithPlugins({
    options: join(packageRoot, 'typedoc.json'),
    out: outDir,
    logLevel: LogLevel.Error,
  });
  const warnings: string[] = [];
  const log = app.logger.log.bind(app.logger);
  app.logger.log = (message: string, level: LogLevel) => {
    // Every warning passes here (validation's too), with its "[warning] " prefix, before the
    // log level (Error, to keep the test's output quiet) is applied.
    const text = stripVTControlCharacters(message).replace(/^\[warning\] /, '');
    if (level === LogLevel.Warn) warnings.push(text);
    log(message, level);
  };
  const project = await app.convert();
  if (project === undefined) throw new Error('TypeDoc could not convert the entry points');
  app.validate(project);
  await app.generateOutputs(project);
  return warnings;
}

function plantTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

describe('docs/api/ (TypeDoc pages)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'lamport-lab-api-docs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('tells a missing, an extra and a changed page (planted)', () => {
    plantTree(join(scratch, 'committed'), { 'README.md': 'a', 'x/old.md': 'b', 'x/same.md': 'c' });
    plantTree(join(scratch, 'fresh'), { 'README.md': 'a2', 'x/new.md': 'd', 'x/same.md': 'c' });
    expect(staleFiles(join(scratch, 'committed'), join(scratch, 'fresh'))).toEqual([
      'README.md: differs',
      'x/new.md: missing',
      'x/old.md: not made any more',
    ]);
  });

  const fresh = join(scratch, 'generated');
  let warnings: string[] = [];
  beforeAll(async () => {
    warnings = await generateApiDocs(fresh);
  });

  it('holds what TypeDoc makes of the sources now', () => {
    expect(filesUnder(fresh)).toContain('lamport-lab/functions/simulate.md');
    expect(
      staleFiles(docsApiDir, fresh),
      'docs/api/ is stale: run `npm run docs:api` and commit docs/api/',
    ).toEqual([]);
  });

  it('documents every public name, and refers to no internal type but the two known', () => {
    // typedoc.json's requiredToBeDocumented: the exported names themselves, not each field.
    expect(
      warnings.filter((warning) => warning.includes('does not have any documentation')),
    ).toEqual([]);
    // The contract: a public type that refers to an internal one re-exports it from index.ts.
    // RunSummary and RunManifest are aliases of what summary.json and manifest.json hold, whose
    // types stay internal (their shapes are in the API report): the list must shrink, never
    // grow, and an entry fixed must leave it, so it cannot hide a new one.
    const internalTypesReferred = warnings
      .filter((warning) => warning.includes('not included in the documentation'))
      .map((warning) => warning.split(',')[0]);
    expect(internalTypesReferred.sort()).toEqual(['Manifest', 'RunAnalysis']);
  });
});
