/**
 * Every function in the project's sources longer than a limit, found with the TypeScript compiler's
 * own parser (a typescript devDependency), so a brace in a string or a template cannot fool it.
 * A function's length counts its lines from its first token (name or `async`) to its closing brace,
 * nested functions included: a long function made of short inner ones is still long to read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface LongFunction {
  /** Relative to the root, posix. */
  readonly file: string;
  /** As a reader finds it: `Class.method`, `name`, or `(arrow at line N)`. */
  readonly name: string;
  /** 1-based line of its first token. */
  readonly line: number;
  readonly lines: number;
}

/** The functions of one source text longer than `maxLines`, in source order. */
export function longFunctionsIn(file: string, source: string, maxLines: number): LongFunction[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const lineOf = (position: number): number =>
    sourceFile.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const line = lineOf(node.getStart(sourceFile));
      const lines = lineOf(node.getEnd()) - line + 1;
      if (lines > maxLines) found.push({ file, name: nameOf(node, line), line, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function nameOf(node: ts.SignatureDeclaration, line: number): string {
  const own = node.name !== undefined ? node.name.getText() : undefined;
  if (ts.isConstructorDeclaration(node)) return `${classNameOf(node)}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node))
    return `${classNameOf(node)}.${own}`;
  if (own !== undefined) return own;
  // `const name = (...) => ...` or `name: function (...)`: the name is the binding's.
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
    return parent.name.getText();
  return `(function at line ${line})`;
}

function classNameOf(node: ts.Node): string {
  const parent = node.parent;
  if (ts.isClassLike(parent) && parent.name !== undefined) return parent.name.text;
  return '(object)';
}

/** Every `.ts` file under `folders` (relative to `root`), sorted, as root-relative posix paths. */
export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts'))
        files.push(relative(root, path).split('\\').join('/'));
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files;
}

/** The long functions of every source file under `folders`. */
export function longFunctions(
  root: string,
  folders: readonly string[],
  maxLines: number,
): LongFunction[] {
  return sourceFiles(root, folders).flatMap((file) =>
    longFunctionsIn(file, readFileSync(join(root, file), 'utf8'), maxLines),
  );
}
