/**
 * JSON that gives back every number exactly. JSON.stringify already writes a finite double in
 * the shortest text that parses back to it, but writes -0 as 0 and NaN and ±Infinity as null:
 * a result carried through a file (a shard's partial results) would then differ from the same
 * result carried between threads, and a report made from it could differ by a sign. Those few
 * numbers are written as `{"$number":"-0"}` and read back.
 */
const tag = '$number';

function isSpecial(value: number): boolean {
  return !Number.isFinite(value) || Object.is(value, -0);
}

export function exactJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'number' && isSpecial(item)
      ? { [tag]: Object.is(item, -0) ? '-0' : String(item) }
      : item,
  );
}

export function parseExactJson(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const keys = Object.keys(item);
    const special = (item as Record<string, unknown>)[tag];
    return keys.length === 1 && typeof special === 'string' ? Number(special) : item;
  });
}
