/** What `import` prints: what it read and matched, its findings, the lines it could not read. */

import { commandToType, shellWord } from '../../common/command-to-type.js';
import type { ImportResult } from '../../import/import-run.js';

/** Unread lines listed on stdout at most this many; all are in import-findings.csv. */
const unreadListedMax = 20;

export function formatImportSummary(result: ImportResult, auto: boolean): string {
  const lines: string[] = [];
  if (auto) {
    lines.push(`format auto: ${result.formatName} fits best; each preset read:`);
    for (const tried of result.tried) lines.push(`  ${tried}`);
  }
  const { matched } = result;
  const receives = matched.byId + matched.byClock + matched.loose + matched.unmatched;
  lines.push(
    `imported ${result.events} events of ${result.machines} machines from ${result.files} ${result.files === 1 ? 'file' : 'files'} (format ${result.formatName}) into ${result.outDir}; ${result.skipped} lines skipped, ${result.unread.length} unread`,
    `receives: ${receives} (${matched.byId} matched by message id, ${matched.byClock} by clock, ${matched.loose} loosely, ${matched.unmatched} unmatched; ${matched.ambiguous} ambiguous)`,
  );
  const counts = Object.entries(result.findingCounts).map(([kind, count]) => `${kind} ${count}`);
  lines.push(
    `findings: ${counts.length === 0 ? 'none' : counts.join(', ')} (${result.outDir}/import-findings.csv)`,
  );
  for (const file of result.passedOver)
    lines.push(`passed over ${file}: its name gives no machine`);
  if (result.unread.length > 0) lines.push('lines read as nothing:');
  for (const line of result.unread.slice(0, unreadListedMax))
    lines.push(`  ${line.file}:${line.line}: ${line.why}`);
  if (result.unread.length > unreadListedMax)
    lines.push(`  ... and ${result.unread.length - unreadListedMax} more`);
  lines.push(`next: ${commandToType(`check ${shellWord(result.outDir)}`)}`);
  return `${lines.join('\n')}\n`;
}
