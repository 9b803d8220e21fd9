/**
 * core/ stays pure: no time, no ambient randomness, no process, no console, no Node I/O. The
 * scan reads every core file and names the replacement for each forbidden use, like a linter.
 * It is checked against a planted example, so a broken pattern cannot pass silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'core');

const forbidden: readonly { pattern: RegExp; instead: string }[] = [
  { pattern: /\bDate\b/, instead: 'take time from the driver (timeUs)' },
  { pattern: /\bperformance\b/, instead: 'take time from the driver (timeUs)' },
  { pattern: /\bMath\.random\b/, instead: 'use the rng passed in (drawUniform, intInclusive)' },
  { pattern: /\bcrypto\b/, instead: 'use the rng passed in' },
  { pattern: /\bset(Timeout|Interval|Immediate)\b/, instead: 'let the driver schedule' },
  { pattern: /\bprocess\b/, instead: 'return results; src/ talks to the process' },
  { pattern: /\bconsole\b/, instead: 'return results; src/ prints' },
  { pattern: /\brequire\s*\(/, instead: 'import core modules only' },
  {
    pattern: /from\s+['"](node:|fs|path|os|net|child_process|seedrandom)/,
    instead: 'no I/O in core',
  },
  { pattern: /import\s*\(/, instead: 'no dynamic imports in core' },
];

/** Code without comments and string contents, so a sentence about Date is not flagged. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/`[^`]*`/g, '``')
    .replace(/'[^'\n]*'/g, (literal) => (literal.startsWith("'node:") ? literal : "''"));
}

function violations(fileName: string, source: string): string[] {
  const code = codeOnly(source);
  return forbidden
    .filter(({ pattern }) => pattern.test(code))
    .map(({ pattern, instead }) => `${fileName}: ${pattern.source}: ${instead}`);
}

describe('core purity', () => {
  it('finds a planted use of time, randomness and I/O', () => {
    const planted =
      "import { readFileSync } from 'node:fs';\nconst t = Date.now() + Math.random();";
    expect(violations('planted.ts', planted)).toHaveLength(3);
  });

  it('ignores the words in comments', () => {
    expect(violations('comment.ts', '// never reads Date or Math.random\n/* process */')).toEqual(
      [],
    );
  });

  it('holds for every file in core/', () => {
    // Recursive: core/causality/ is core too.
    const files = readdirSync(coreDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.ts'),
    );
    expect(files.length).toBeGreaterThan(5);
    expect(files).toContain(join('causality', 'causality.ts'));
    const found = files.flatMap((file) =>
      violations(file, readFileSync(join(coreDir, file), 'utf8')),
    );
    expect(found).toEqual([]);
  });
});
