/** The check report as text for the terminal: one verdict line, then violations, then stats. */
import { join } from 'node:path';
import { commandToType, shellWord } from '../common/command-to-type.js';
import type { CausalityStats } from '../../core/index.js';
import { type CheckReport, checkMaxErrorsDefault } from './check-run.js';
import type { Consequence } from './consequences.js';
import { checkRules, type RuleId } from './rules.js';

const number = (value: number): string => value.toLocaleString('en-US');

/**
 * A violation names its log by file name (machine-0.csv:40, as --json keeps it); the line the user
 * reads names it by the path from where the command ran (logs/x/machine-0.csv:40).
 */
function inRunDir(runDir: string, where: string): string {
  return /^machine-\d+\.csv\b/.test(where) ? join(runDir, where) : where;
}

/** `maxErrors`: the limit the report was made with (what its list was cut at). */
export function formatCheckReport(
  report: CheckReport,
  showStats: boolean,
  maxErrors: number = checkMaxErrorsDefault,
): string {
  const lines = [verdictLine(report)];
  for (const violation of report.violations) {
    const rule = checkRules[violation.rule];
    lines.push(
      `${inRunDir(report.runDir, violation.where)}: rule ${rule.number} (${violation.rule}): ${violation.message}; ` +
        `expected ${violation.expected}, found ${violation.found}`,
    );
  }
  const total = Object.values(report.violationCounts).reduce((sum, count) => sum + count, 0);
  const unlisted = total - report.violations.length;
  if (unlisted > 0) {
    const cut = report.violations.length >= maxErrors;
    lines.push(unlistedLine(report.runDir, unlisted, cut ? total : null));
  }
  const consequences = report.faults?.consequences ?? [];
  if (consequences.length > 0) {
    lines.push(
      `consequences of injected faults (expected: ${report.faults?.strict === true ? 'failures with --strict' : 'not failures; --strict fails on them'}):`,
    );
    for (const consequence of consequences)
      lines.push(`  ${consequenceLine(report.runDir, consequence)}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (showStats) lines.push('', ...formatCausality(report.causality));
  return lines.join('\n');
}

/**
 * The violations left out. Cut by the limit: the command that lists more, naming `check` itself
 * (after `run --check` or `harness`, "see --max-errors" sent the user to a flag those refuse).
 * Not cut: the rules list only a machine's first mismatch of some kinds, and no limit lists more.
 */
function unlistedLine(runDir: string, unlisted: number, limit: number | null): string {
  if (limit === null) return `... and ${number(unlisted)} more, counted but not listed`;
  return `... and ${number(unlisted)} more (${commandToType(`check ${shellWord(runDir)} --max-errors ${limit}`)} lists more)`;
}

function verdictLine(report: CheckReport): string {
  const { messages } = report;
  const accounted =
    messages.queuedAtEnd === null
      ? `${number(messages.notReceived)} not received`
      : `${number(messages.queuedAtEnd)} queued and ${number(messages.inFlightAtEnd ?? 0)} in flight at the end` +
        ((messages.undeliverable ?? 0) > 0
          ? `, ${number(messages.undeliverable ?? 0)} undeliverable`
          : '') +
        (messages.lostWithFailure > 0
          ? `, ${number(messages.lostWithFailure)} lost with failed machines`
          : '') +
        (report.faults === undefined
          ? ''
          : `, ${number(report.faults.dropped)} dropped, ${number(report.faults.duplicated)} duplicated`);
  const counts =
    `${number(report.events)} events, ${number(messages.sent)} messages sent ` +
    `(${number(messages.received)} received, ${accounted}), ${number(report.checks)} checks` +
    (report.fifoChecked ? ', FIFO checked' : '');
  const consequences = report.faults?.consequences.length ?? 0;
  const withConsequences =
    report.faults === undefined
      ? counts
      : `${counts}; ${number(consequences)} consequence${consequences === 1 ? '' : 's'} of injected faults`;
  if (report.ok) return `OK ${report.runDir}: ${withConsequences}`;
  const byRule = (Object.entries(report.violationCounts) as [RuleId, number][])
    .sort(([a], [b]) => checkRules[a].number - checkRules[b].number)
    .map(([rule, count]) => `rule ${checkRules[rule].number} ${rule}: ${number(count)}`);
  // The count of consequences ends the line already (withConsequences): said once, not twice.
  if (report.faults?.strict === true && consequences > 0)
    byRule.push('--strict fails on consequences of injected faults');
  return `FAILED ${report.runDir}: ${byRule.join(', ')}; ${withConsequences}`;
}

/** One consequence: where it first shows, what broke, how often, and the fault behind it. */
function consequenceLine(runDir: string, consequence: Consequence): string {
  const rule = checkRules[consequence.rule];
  return (
    `${inRunDir(runDir, consequence.where)}: ${consequence.effect} (rule ${rule.number} ${consequence.rule}): ` +
    `${consequence.message}; ${number(consequence.count)} time${consequence.count === 1 ? '' : 's'}; ` +
    `cause: ${consequenceCauseText(consequence.cause)}`
  );
}

/** The fault behind a consequence, as the report names it: `restart of machine 1 at 2000 ms (fault 0, faults.csv:3)`. */
export function consequenceCauseText(cause: Consequence['cause']): string {
  const machine = cause.machine >= 0 ? ` of machine ${cause.machine}` : '';
  const line = cause.faultsLine > 0 ? `, faults.csv:${cause.faultsLine}` : '';
  return `${cause.kind}${machine} at ${cause.timeMs} ms (fault ${cause.faultIndex}${line})`;
}

export function formatCausality(stats: CausalityStats): string[] {
  const label =
    stats.method === 'exact'
      ? 'exact'
      : `sampled: vector components of ${stats.vectorMachines} machines, scaled`;
  return [
    `causality (${label}):`,
    `  events                                   ${number(stats.events)}`,
    `  longest causal chain                     ${number(stats.longestChain)}`,
    `  ordered pairs (a -> b or b -> a)         ${number(stats.orderedPairs)}`,
    `  concurrent pairs                         ${number(stats.concurrentPairs)}`,
    `  concurrent, yet ordered by Lamport       ${number(stats.lamportOrderedConcurrentPairs)}`,
    `  equal Lamport clocks across machines     ${number(stats.equalClockPairs)}`,
  ];
}
