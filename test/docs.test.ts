/**
 * The README stays a ten-minute read (detail goes to docs/), and no link in it or in docs/ leads
 * nowhere: every relative link names a file that exists and, with a #fragment, a heading that
 * exists in it (as GitHub makes heading anchors). The checks run first on planted pages, so a
 * broken pattern cannot pass silently.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const readmeLineCountMax = 250;

/** The page without fenced code blocks, where a `#` line is no heading. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?^[ \t]*\1[^\n]*$/gm, '');
}

/** The page without any code, where brackets are not links. */
function proseOnly(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`]*`/g, '');
}

/** Targets of inline links and images: `[text](target)`, `![alt](target "title")`. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const match of proseOnly(markdown).matchAll(/!?\[[^[\]]*\]\(\s*<?([^)\s>]+)/g)) {
    targets.push(match[1] as string);
  }
  return targets;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
function headingSlug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a page offers, with GitHub's -1, -2 ... for repeated headings. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = headingSlug(match[1] as string);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What is wrong with each relative link of `markdown`, a page at `pagePath`: one line each. */
function brokenLinks(
  pagePath: string,
  markdown: string,
  readPage: (path: string) => string | undefined,
  exists: (path: string) => boolean,
): string[] {
  const problems: string[] = [];
  const name = relative(packageRoot, pagePath);
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...: not ours to check
    const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
    const targetPath = pathPart === '' ? pagePath : resolve(dirname(pagePath), decodeURI(pathPart));
    if (!exists(targetPath)) {
      problems.push(`${name}: ${target}: no such file`);
      continue;
    }
    if (fragment === undefined || !targetPath.endsWith('.md')) continue;
    const page = pathPart === '' ? markdown : readPage(targetPath);
    if (page === undefined || !anchorsOf(page).has(fragment)) {
      problems.push(`${name}: ${target}: no heading with the anchor #${fragment}`);
    }
  }
  return problems;
}

function readIfFile(path: string): string | undefined {
  return existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
}

function brokenLinksOnDisk(pagePath: string): string[] {
  return brokenLinks(pagePath, readFileSync(pagePath, 'utf8'), readIfFile, existsSync);
}

const docsDir = join(packageRoot, 'docs');
const pages = [
  join(packageRoot, 'README.md'),
  ...readdirSync(docsDir)
    .filter((file) => file.endsWith('.md'))
    .map((file) => join(docsDir, file)),
];

describe('documentation links', () => {
  const planted = join(packageRoot, 'docs', 'PLANTED.md');
  const plantedFiles = new Map([
    [
      join(packageRoot, 'docs', 'OTHER.md'),
      '# Other\n\n## Two words: `code`\n\n## Same\n\n## Same\n',
    ],
    [join(packageRoot, 'scenarios'), ''],
  ]);
  const check = (markdown: string): string[] =>
    brokenLinks(
      planted,
      markdown,
      (path) => plantedFiles.get(path),
      (path) => plantedFiles.has(path) || path === planted,
    );

  it('finds a link to a missing file and to a missing heading', () => {
    const page = [
      '# Planted',
      'See [gone](GONE.md), ![figure](figures/none.svg) and [other](OTHER.md#no-such-heading).',
      'And [here](#nowhere), and [a link whose text',
      'goes on](ALSO-GONE.md) over a line break.',
    ].join('\n');
    expect(check(page)).toEqual([
      'docs/PLANTED.md: GONE.md: no such file',
      'docs/PLANTED.md: figures/none.svg: no such file',
      'docs/PLANTED.md: OTHER.md#no-such-heading: no heading with the anchor #no-such-heading',
      'docs/PLANTED.md: #nowhere: no heading with the anchor #nowhere',
      'docs/PLANTED.md: ALSO-GONE.md: no such file',
    ]);
  });

  it('accepts links to files, folders, headings as GitHub names them, and other sites', () => {
    const page = [
      '# Planted page',
      '[a](OTHER.md) [b](OTHER.md#two-words-code) [c](OTHER.md#same-1) [d](../scenarios/)',
      '[e](#planted-page) [f](https://example.org/x.md) [g](mailto:someone@example.org)',
    ].join('\n');
    expect(check(page)).toEqual([]);
  });

  it('ignores brackets in code', () => {
    const page = [
      '# P',
      '```sh',
      'echo [x](missing.md)',
      '```',
      '- a list item with a block:',
      '  ```',
      '  [z](missing.md)',
      '  ```',
      'Inline `[y](missing.md)` too.',
    ].join('\n');
    expect(check(page)).toEqual([]);
  });

  it.each(pages.map((page) => [relative(packageRoot, page), page]))(
    'every relative link of %s leads somewhere',
    (_name, page) => {
      expect(brokenLinksOnDisk(page)).toEqual([]);
    },
  );
});

describe('README', () => {
  it(`stays within ${readmeLineCountMax} lines (detail goes to docs/)`, () => {
    const lines = readFileSync(join(packageRoot, 'README.md'), 'utf8').split('\n');
    const lineCount = lines.at(-1) === '' ? lines.length - 1 : lines.length;
    expect(lineCount).toBeLessThanOrEqual(readmeLineCountMax);
  });

  it('links every page of docs/', () => {
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    const linked = new Set(linkTargets(readme).map((target) => target.split('#')[0]));
    const unlinked = pages
      .filter((page) => dirname(page) === docsDir)
      .map((page) => `docs/${relative(docsDir, page)}`)
      .filter((page) => !linked.has(page));
    expect(unlinked).toEqual([]);
  });
});
