/**
 * Goal: the report of `check` says what it promises: `--max-errors` limits the violations listed
 * while the verdict line counts them all; `--json` prints one JSON document with the verdict, the
 * counts, the violations and the causality; `--stats` prints the causality block, exact for small
 * runs, with the same numbers the run recorded in its manifest.
 * Method: runs are made with executeRun in a temp dir (one deliberately broken, with a receive
 * that forgets the +1, so that there are many violations); the CLI program runs on them (in
 * this process) and its output is compared with checkRun's report and with manifest.json.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CausalityStats } from '../../../core/index.js';
import { checkRun } from '../../../src/check/check-run.js';
import { checkRules, type RuleId } from '../../../src/check/rules.js';
import { executeRun } from '../../../src/run/virtual-run.js';
import { loadScenario } from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { brokenStep } from '../../helpers/broken-step.js';
import { cliIn } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-check-report-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** The core's step with the receive's +1 forgotten. */
const receiveWithoutPlusOne = brokenStep('receive-without-plus-one');

async function runScenario(
  name: string,
  outName: string,
  durationSec?: number,
  step?: typeof receiveWithoutPlusOne,
): Promise<string> {
  const loaded = loadScenario(name, {
    values: durationSec === undefined ? {} : { durationSec },
    flags: {},
  });
  const outDir = join(workDir, outName);
  await executeRun(
    { scenario: resolveScenario(loaded, loaded.file.seed ?? 1), outDir, force: false },
    {},
    step === undefined ? {} : { step },
  );
  return outDir;
}

/** The CLI program in this process, on runs made here. */
const cli = cliIn(() => workDir);

interface ManifestJson {
  readonly events: number;
  readonly causality: CausalityStats;
}

function readManifest(runDir: string): ManifestJson {
  return JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as ManifestJson;
}

/** A listed violation: the log by its path (the run directory, as given, then the file). */
const violationLine = /^\S*\/machine-\d+\.csv:\d+: rule \d+ \((\w+)\): /;
const en = (value: number): string => value.toLocaleString('en-US');

let brokenDir: string;
let correctDir: string;
let jitteryDir: string;

beforeAll(async () => {
  brokenDir = await runScenario('trial4', 'broken', 20, receiveWithoutPlusOne);
  correctDir = await runScenario('trial4', 'trial4');
  jitteryDir = await runScenario('jittery-network', 'jittery');
});

/** The violation counts of a run, all of them, as checkRun reports them. */
function allCounts(runDir: string): [RuleId, number][] {
  const counts = checkRun(runDir, { maxErrors: 1_000_000 }).violationCounts;
  return (Object.entries(counts) as [RuleId, number][]).sort(
    ([a], [b]) => checkRules[a].number - checkRules[b].number,
  );
}

describe('check without manifest.json', () => {
  it("says the run's mode is unknown, not that the run is not virtual", async () => {
    // A virtual run whose manifest was removed: nothing says what mode it ran in.
    const bare = join(workDir, 'no-manifest');
    cpSync(correctDir, bare, { recursive: true });
    rmSync(join(bare, 'manifest.json'));
    const result = await cli('check', bare);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "note: no manifest.json: the run's mode is unknown, so row times are not checked against the tick schedule",
    );
    expect(result.stdout).not.toContain('not a virtual run');
  });
});

describe('check --max-errors', () => {
  it('lists at most n violations, and the verdict line still counts them all', async () => {
    const counts = allCounts(brokenDir);
    const total = counts.reduce((sum, [, count]) => sum + count, 0);
    expect(total).toBeGreaterThan(20);
    const result = await cli('check', brokenDir, '--max-errors', '3');
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const byRule = counts
      .map(([rule, count]) => `rule ${checkRules[rule].number} ${rule}: ${en(count)}`)
      .join(', ');
    expect(lines[0]).toMatch(/^FAILED /);
    expect(lines[0]?.startsWith(`FAILED ${brokenDir}: ${byRule}; `)).toBe(true);
    expect(lines.filter((line) => violationLine.test(line))).toHaveLength(3);
    // The listed ones are the first found: the first receive of the run breaks rule 2.
    const listed = checkRun(brokenDir, { maxErrors: 3 }).violations;
    expect(lines.slice(1, 4)).toEqual(
      listed.map(
        (violation) =>
          // The text names the log by its path from where the command ran; --json by file name.
          `${join(brokenDir, violation.where)}: rule ${checkRules[violation.rule].number} (${violation.rule}): ` +
          `${violation.message}; expected ${violation.expected}, found ${violation.found}`,
      ),
    );
    expect(lines).toContain(
      `... and ${en(total - 3)} more (npx lamport-lab check ${brokenDir} --max-errors ${total} lists more)`,
    );
  });

  it('ends the list with a command that check runs and that lists all it can', async () => {
    // The same line follows `run --check` and `harness`, which have no --max-errors: it names
    // the whole command, not a flag of whatever printed it.
    const first = await cli('check', brokenDir);
    const hint = /^\.\.\. and [\d,]+ more \(npx lamport-lab (check .*) lists more\)$/m.exec(
      first.stdout,
    );
    expect(hint, first.stdout).not.toBeNull();
    const all = await cli(...(hint?.[1] ?? '').split(' '));
    expect(all.status, all.stderr).toBe(1);
    const listed = all.stdout.split('\n').filter((line) => / rule \d+ \(\w+\): /.test(line));
    const listable = checkRun(brokenDir, { maxErrors: 1_000_000 }).violations.length;
    expect(listed).toHaveLength(listable);
    // What is left is what the rules count without listing (a machine's later mismatches of a
    // kind): no command lists it, and the line says so instead of sending the user round again.
    const total = allCounts(brokenDir).reduce((sum, [, count]) => sum + count, 0);
    expect(all.stdout).toContain(`... and ${en(total - listable)} more, counted but not listed`);
  });

  it('lists 20 by default and counts the same whatever the limit', async () => {
    const result = await cli('check', brokenDir);
    expect(result.status, result.stderr).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => violationLine.test(line))).toHaveLength(20);
    const limited = checkRun(brokenDir, { maxErrors: 1 });
    expect(limited.violations).toHaveLength(1);
    expect(Object.entries(limited.violationCounts).sort()).toEqual(
      [...allCounts(brokenDir)].sort(),
    );
    const withOneLine = (await cli('check', brokenDir, '--max-errors', '1')).stdout.split('\n')[0];
    expect(withOneLine).toBe(lines[0]);
  });

  it('refuses a limit that is not a whole number >= 1', async () => {
    for (const bad of ['0', '-2', 'many']) {
      const result = await cli('check', brokenDir, '--max-errors', bad);
      expect(result.status, bad).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain('--max-errors');
    }
  });
});

describe('check --json', () => {
  it('prints one JSON document for a broken run: ok false, events, violations, causality', async () => {
    const result = await cli('check', brokenDir, '--json', '--max-errors', '5');
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(false);
    expect(report.events).toBe(readManifest(brokenDir).events);
    expect(report.violations).toHaveLength(5);
    expect(report.violations[0]).toEqual({
      rule: expect.any(String),
      where: expect.stringMatching(/^machine-\d+\.csv:\d+$/),
      message: expect.any(String),
      expected: expect.any(String),
      found: expect.any(String),
    });
    expect(Object.entries(report.violationCounts).sort()).toEqual([...allCounts(brokenDir)].sort());
    expect(report.violationCounts.receiveRule).toBeGreaterThan(0);
    expect(report.causality.events).toBe(report.events);
    expect(report.causality.method).toBe('exact');
  });

  it('prints one JSON document for a correct run: ok true, no violations, the manifest causality', async () => {
    const result = await cli('check', correctDir, '--json');
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.ok).toBe(true);
    expect(report.violations).toEqual([]);
    expect(report.violationCounts).toEqual({});
    expect(report.events).toBe(readManifest(correctDir).events);
    expect(report.fifoChecked).toBe(true);
    expect(report.causality).toEqual(readManifest(correctDir).causality);
  });
});

/** The causality block as printed by `check --stats`, read back into numbers. */
function parseStats(stdout: string): { method: string; numbers: Record<string, number> } {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('causality ('));
  expect(start, stdout).toBeGreaterThan(0);
  const method = /^causality \((\w+)/.exec(lines[start] as string)?.[1] ?? '';
  const labels: Record<string, keyof CausalityStats> = {
    events: 'events',
    'longest causal chain': 'longestChain',
    'ordered pairs (a -> b or b -> a)': 'orderedPairs',
    'concurrent pairs': 'concurrentPairs',
    'concurrent, yet ordered by Lamport': 'lamportOrderedConcurrentPairs',
    'equal Lamport clocks across machines': 'equalClockPairs',
  };
  const numbers: Record<string, number> = {};
  for (const line of lines.slice(start + 1)) {
    const match = /^ {2}(.+?)\s{2,}([\d,]+)$/.exec(line);
    if (match === null) continue;
    const field = labels[match[1] as string];
    expect(field, line).toBeDefined();
    numbers[field as string] = Number((match[2] as string).replaceAll(',', ''));
  }
  return { method, numbers };
}

describe('check --stats', () => {
  it.each([
    ['trial4', () => correctDir],
    ['jittery-network', () => jitteryDir],
  ])('%s: prints the exact causality block, equal to the manifest', async (_name, dir) => {
    const runDir = dir();
    const result = await cli('check', runDir, '--stats');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('causality (exact):');
    const { method, numbers } = parseStats(result.stdout);
    expect(method).toBe('exact');
    const { causality } = readManifest(runDir);
    expect(causality.method).toBe('exact');
    expect(numbers).toEqual({
      events: causality.events,
      longestChain: causality.longestChain,
      orderedPairs: causality.orderedPairs,
      concurrentPairs: causality.concurrentPairs,
      lamportOrderedConcurrentPairs: causality.lamportOrderedConcurrentPairs,
      equalClockPairs: causality.equalClockPairs,
    });
    // Numbers large enough to need the thousands separator are printed with it.
    expect(causality.orderedPairs).toBeGreaterThan(999);
    expect(result.stdout).toContain(en(causality.orderedPairs));
  });

  it('prints no causality block without --stats', async () => {
    const result = await cli('check', correctDir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('causality');
    // The verdict, and the note that says the scenario was re-run to check the manifest.
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^note: manifest: the scenario was re-run in memory \(\d+ events\)/);
  });
});
