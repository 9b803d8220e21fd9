/**
 * The number literals of a JSON text, by where they stand: `"seed": 9007199254740993` is read by
 * JSON.parse as 9007199254740992, and a refusal of that field should quote the file's digits.
 * Each number of the (already valid) text is wrapped as a marked string and the text parsed
 * again, so the literal is found by the same path as the value, never by searching for digits.
 */

/** Marks a wrapped literal: a JSON string cannot hold this character unescaped. */
const mark = '\u0000';

export type NumberLiteralAt = (path: readonly PropertyKey[]) => string | null;

/** The literal at a path of `text`'s value (`["faults", 2, "atSec"]`), or null. Parsed once, when first asked. */
export function jsonNumberLiterals(text: string): NumberLiteralAt {
  let tree: unknown;
  let parsed = false;
  return (path) => {
    if (!parsed) {
      tree = literalTree(text);
      parsed = true;
    }
    let node = tree;
    for (const key of path) {
      if (typeof node !== 'object' || node === null) return null;
      node = (node as Record<PropertyKey, unknown>)[key];
    }
    return typeof node === 'string' && node.startsWith(mark) ? node.slice(mark.length) : null;
  };
}

/** `text` parsed with every number literal as a marked string; null if it is not JSON. */
function literalTree(text: string): unknown {
  let wrapped = '';
  let at = 0;
  const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const numberAt = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
  while (at < json.length) {
    const char = json[at] as string;
    if (char === '"') {
      // A string, copied whole: the digits in it are not numbers.
      let end = at + 1;
      while (end < json.length && json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      wrapped += json.slice(at, end + 1);
      at = end + 1;
      continue;
    }
    numberAt.lastIndex = at;
    const number = /[-\d]/.test(char) ? numberAt.exec(json) : null;
    if (number === null) {
      wrapped += char;
      at += 1;
      continue;
    }
    wrapped += JSON.stringify(`${mark}${number[0]}`);
    at += number[0].length;
  }
  try {
    return JSON.parse(wrapped);
  } catch {
    return null;
  }
}
