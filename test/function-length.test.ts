/**
 * No function in the sources is longer than a reader can hold: ~70 lines, nested functions
 * included. The benchmark's reference loop is flat on purpose (it is the bar the driver is
 * measured against); the files of the allowlist are being split or optimised in changes of
 * their own.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { longFunctions, longFunctionsIn } from './helpers/long-functions.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const maxLines = 70;

/** Allowed over the limit, by name, and why: loops kept flat on purpose for speed. */
const allowedFunctions: ReadonlyMap<string, string> = new Map([
  [
    'bench/reference-loop.ts: runReferenceLoop',
    'flat on purpose: the bar the driver is measured against',
  ],
  [
    'bench/minimal-loop.ts: runMinimalLoop',
    'flat on purpose: the minimal loop the marginal rates are measured against',
  ],
  [
    'src/logs/row-bytes.ts: scanRow',
    "check's hot path: one pass over a row's bytes, kept in one function so V8 optimises it whole",
  ],
]);

const keyOf = (found: { file: string; name: string }): string => `${found.file}: ${found.name}`;
const isAllowed = (found: { file: string; name: string }): boolean =>
  allowedFunctions.has(keyOf(found));

describe('function length', () => {
  it('finds a long function, a long method and a long arrow, and passes a short one (planted)', () => {
    const body = (lines: number): string => '  call();\n'.repeat(lines);
    const source = [
      `function long(): void {\n${body(75)}}`,
      `function short(): void {\n${body(10)}}`,
      `class Holder {\n  method(): void {\n${body(75)}  }\n}`,
      `const arrow = () => {\n${body(75)}};`,
    ].join('\n');
    expect(longFunctionsIn('planted.ts', source, maxLines).map((found) => found.name)).toEqual([
      'long',
      'Holder.method',
      'arrow',
    ]);
  });

  it(`has none over ${maxLines} lines outside the allowlist`, () => {
    const found = longFunctions(root, ['core', 'transports', 'src', 'bench'], maxLines);
    const over = found
      .filter((one) => !isAllowed(one))
      .map((one) => `${keyOf(one)} (line ${one.line}, ${one.lines} lines)`);
    expect(over).toEqual([]);
  });

  it('keeps a function on the allowlist only while it is long', () => {
    const found = new Set(longFunctions(root, ['src', 'bench'], maxLines).map(keyOf));
    expect([...allowedFunctions.keys()].filter((key) => !found.has(key))).toEqual([]);
  });
});
