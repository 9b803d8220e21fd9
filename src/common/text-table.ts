/** Plain-text tables for the terminal: columns padded, numbers right-aligned. */
import { numberText } from './number-text.js';

export function renderTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  // A number without a value prints as "-", never "NaN" (number-text.ts).
  const cells = [
    header,
    ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? numberText(cell) : cell))),
  ];
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => (row[column] ?? '').length)),
  );
  const numeric = header.map((_, column) => rows.every((row) => typeof row[column] === 'number'));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return numeric[column] ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(cells[0] as string[]), rule, ...cells.slice(1).map(line)].join('\n');
}
