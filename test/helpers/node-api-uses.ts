/**
 * What keeps a module from running in a browser: an import of a Node module (`node:` or a bare
 * builtin such as `fs`) and the Node globals (`process`, `Buffer`, `require`, `__dirname`), and
 * the project files a module loads when it runs: its value imports, `import type` and
 * `export type` left out (they are erased before anything runs; esbuild drops them from a
 * bundle). An import with `type` inside its braces only still counts: under verbatimModuleSyntax
 * it stays an import of the module.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';

const builtins = new Set(builtinModules);

/** Code without comments and template strings (module specifiers kept), so prose passes. */
function codeOnly(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/([^:])\/\/.*$/gm, '$1')
    .replace(/`[^`]*`/g, '``');
}

/** Every import statement's specifier, with whether it is type-only. */
function importSpecifiers(code: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const pattern =
    /(?:^|[\s;}])(import|export)(\s+type)?\s[^;]*?from\s+['"]([^'"]+)['"]|(?:^|[\s;}])import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of code.matchAll(pattern)) {
    const specifier = match[3] ?? match[4] ?? match[5];
    if (specifier !== undefined) found.push({ specifier, typeOnly: match[2] !== undefined });
  }
  return found;
}

/** What the source uses of Node, in words; empty when nothing. */
export function nodeApiUses(source: string): string[] {
  const code = codeOnly(source);
  const uses: string[] = [];
  for (const { specifier, typeOnly } of importSpecifiers(code)) {
    if (typeOnly) continue;
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

/** The project files `file` (relative to the root, posix) loads when it runs. */
export function valueImportsOf(file: string, source: string): string[] {
  return importSpecifiers(codeOnly(source))
    .filter(({ specifier, typeOnly }) => !typeOnly && specifier.startsWith('.'))
    .map(({ specifier }) =>
      posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts'),
    );
}

/** `roots` and every project file they load when they run, sorted. */
export function filesLoadedBy(root: string, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...valueImportsOf(file, readFileSync(join(root, file), 'utf8')));
  }
  return [...seen].sort();
}
