/**
 * A log's `time_ms` cell from integer µs: exact, up to 3 decimals, no trailing zeros. The same
 * text src/logs/format.ts writes (a test holds them equal); written again here because that
 * module loads the CSV library, which the page bundle has no use for.
 */
export function timeMsText(timeUs: number): string {
  const wholeMs = Math.floor(timeUs / 1000);
  const fractionUs = timeUs - wholeMs * 1000;
  if (fractionUs === 0) return String(wholeMs);
  return `${wholeMs}.${String(fractionUs).padStart(3, '0').replace(/0+$/, '')}`;
}
