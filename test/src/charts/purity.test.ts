/**
 * Goal: the chart renderers stay pure functions from data to an SVG string: no I/O, no clock, no
 * randomness, nothing from the process or the locale, so the same data gives the same bytes on
 * any machine. Method: the source of every file in src/charts is scanned, comments and string
 * contents removed, for the forbidden uses; the scan is first shown to catch a planted example.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const chartsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'charts');

const forbidden: readonly RegExp[] = [
  /\bDate\b/,
  /\bperformance\b/,
  /\bMath\.random\b/,
  /\bcrypto\b/,
  /\bprocess\b/,
  /\bconsole\b/,
  /\btoLocale\w*\(/,
  /\bIntl\b/,
  /\brequire\s*\(/,
  /\bimport\s*\(/,
  /from\s+['"](?!\.\/)/, // only sibling chart modules
];

/** Code without comments and string contents, so a sentence about Date is not flagged. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`[^`]*`/g, '``')
    .replace(/'[^'\n]*'/g, (literal) => (literal.startsWith("'./") ? literal : "''"));
}

function violations(fileName: string, source: string): string[] {
  const code = codeOnly(source);
  return forbidden
    .filter((pattern) => pattern.test(code))
    .map((pattern) => `${fileName}: ${pattern.source}`);
}

describe('chart purity', () => {
  it('finds a planted use of I/O, time, randomness and locale', () => {
    const planted =
      "import { writeFileSync } from 'node:fs';\n" +
      'const id = Date.now() + Math.random();\nconst n = (1).toLocaleString();';
    expect(violations('planted.ts', planted)).toHaveLength(4);
  });

  it('holds for every file in src/charts', () => {
    const files = readdirSync(chartsDir).filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const found = files.flatMap((file) =>
      violations(file, readFileSync(join(chartsDir, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
