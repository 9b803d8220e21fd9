/**
 * checkRun and analyzeRun against the CLI: a run directory gives what `check --json` and
 * `analyze --json` print for it; a SimulateResult (here: a CLI run read back, see
 * helpers/api-run-dir.ts) gives, in memory, what the CLI finds in the same files on disk, also
 * when the logs are corrupted; bare events get the rules events alone allow.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRun, type CheckResult, checkRun, type Finding } from '../../../src/api/check.js';
import type { RunEvent } from '../../../src/api/events.js';
import { RunSourceError } from '../../../src/api/index.js';
import { findViolation } from '../../../src/api/invariant.js';
import { bundledScenario } from '../../../src/api/scenario.js';
import { simulate } from '../../../src/api/simulate.js';
import {
  cliJson,
  cliRun,
  logLines,
  resultOfDir,
  useRunsDir,
  writeLogLines,
} from '../../helpers/api-run-dir.js';
import { consequenceEffects } from '../../../src/check/consequences.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const runs = useRunsDir('api-check');

interface CliCheckReport {
  readonly ok: boolean;
  readonly events: number;
  readonly checks: number;
  readonly violations: readonly Finding[];
  readonly violationCounts: Record<string, number>;
  readonly notes: readonly string[];
  readonly faults?: {
    readonly consequences: readonly {
      effect: string;
      rule: string;
      where: string;
      message: string;
      count: number;
    }[];
  };
}

/** What `check --json` says, in the library's terms (the cause is compared with the text report). */
async function cliCheck(
  dir: string,
  ...flags: string[]
): Promise<Omit<CheckResult, 'consequences'> & { consequences: unknown[] }> {
  const report = (await cliJson('check', dir, ...flags)) as CliCheckReport;
  return {
    ok: report.ok,
    events: report.events,
    checks: report.checks,
    findings: report.violations.map(({ rule, where, expected, found, message }) => ({
      rule,
      where,
      expected,
      found,
      message,
    })),
    findingCounts: report.violationCounts,
    consequences: (report.faults?.consequences ?? []).map(
      ({ effect, rule, where, message, count }) => ({ effect, rule, where, message, count }),
    ),
    notes: report.notes,
  };
}

/** The result with each consequence's cause set aside (compared apart). */
function withoutCauses(result: CheckResult) {
  return { ...result, consequences: result.consequences.map(({ cause: _, ...rest }) => rest) };
}

/** A copy of a fresh run of `scenario` to break. */
async function runToBreak(name: string, scenario: string, seed: number): Promise<string> {
  const dir = await cliRun(runs(), `${name}-base`, [
    scenario,
    '--seed',
    String(seed),
    '--duration',
    '10',
  ]);
  const copy = join(runs(), name);
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function fields(line: string): string[] {
  return line.split(',');
}

/** Each corruption the tests plant: what it does to the CSV lines of the run. */
const corruptions: Record<string, (dir: string) => void> = {
  'a clock that does not rise': (dir) => {
    const lines = logLines(dir, 0);
    const row = fields(lines[4] as string);
    row[4] = fields(lines[3] as string)[4] as string;
    lines[4] = row.join(',');
    writeLogLines(dir, 0, lines);
  },
  'a receive with a wrong clock': (dir) => {
    const lines = logLines(dir, 1);
    const at = lines.findIndex((line) => fields(line)[2] === 'receive');
    const row = fields(lines[at] as string);
    row[4] = String(Number(row[4]) + 5);
    lines[at] = row.join(',');
    writeLogLines(dir, 1, lines);
  },
  'a missing send': (dir) => {
    const lines = logLines(dir, 0);
    const at = lines.findIndex((line) => fields(line)[2] === 'send');
    lines.splice(at, 1);
    writeLogLines(dir, 0, lines);
  },
};

describe('checkRun of a run directory', () => {
  it('passes a clean bundled run, saying what check --json says', async () => {
    const dir = await cliRun(runs(), 'clean-a1', ['A1']);
    const result = checkRun(dir);
    expect(result.ok).toBe(true);
    expect(result.findings).toEqual([]);
    expect(result.events).toBeGreaterThan(0);
    expect(withoutCauses(result)).toEqual(await cliCheck(dir));
  });

  it.each(Object.keys(corruptions))('finds %s as check --json does', async (name) => {
    const dir = await runToBreak(name.replaceAll(' ', '-'), 'trial4', 1004);
    corruptions[name]?.(dir);
    const result = checkRun(dir);
    expect(result.ok).toBe(false);
    expect(result.findings.length).toBeGreaterThan(0);
    // Located as the CLI locates rows, in the corrupted log.
    expect(result.findings.some((finding) => /^machine-[01]\.csv:\d+$/.test(finding.where))).toBe(
      true,
    );
    expect(withoutCauses(result)).toEqual(await cliCheck(dir));
  });

  it("keeps maxFindings findings and counts them all; the default is --max-errors's", async () => {
    const dir = await runToBreak('max-findings', 'trial4', 1004);
    const lines = logLines(dir, 0).map((line) => {
      const row = fields(line);
      row[4] = '1';
      return row.join(',');
    });
    writeLogLines(dir, 0, lines);
    const all = checkRun(dir, { maxFindings: 1000 });
    const one = checkRun(dir, { maxFindings: 1 });
    expect(one.findings).toEqual(all.findings.slice(0, 1));
    expect(one.findingCounts).toEqual(all.findingCounts);
    const help = await runCliInProcess(runs(), ['check', '--help']);
    const stated = /--max-errors <n>[\s\S]*?\(default: (\d+)\)/.exec(help.stdout)?.[1];
    expect(all.findings.length).toBeGreaterThan(Number(stated));
    expect(checkRun(dir).findings).toHaveLength(Number(stated));
    expect(() => checkRun(dir, { maxFindings: 0 })).toThrow(
      /maxFindings: expected an integer 1 or more, got 0/,
    );
  });

  it('lists the consequences of faults with their causes, failing only with strict', async () => {
    const dir = await cliRun(runs(), 'every-fault', ['every-fault']);
    const result = checkRun(dir);
    expect(result.ok).toBe(true);
    expect(result.consequences.length).toBeGreaterThan(0);
    for (const { effect, count } of result.consequences) {
      expect(Object.keys(consequenceEffects)).toContain(effect);
      expect(count).toBeGreaterThan(0);
    }
    expect(withoutCauses(result)).toEqual(await cliCheck(dir));
    const text = (await runCliInProcess(runs(), ['check', dir])).stdout;
    for (const consequence of result.consequences) {
      expect(consequence.cause).toMatch(/ at \d+(\.\d+)? ms \(fault \d+/);
      expect(text).toContain(`cause: ${consequence.cause}`);
    }
    const strict = checkRun(dir, { strict: true });
    expect(strict.ok).toBe(false);
    expect(withoutCauses(strict)).toEqual(await cliCheck(dir, '--strict'));
  });
});

describe('checkRun of a SimulateResult, in memory', () => {
  it.each([
    ['A1', []],
    ['trial4', []],
    ['jittery-network', []],
    ['every-fault', []],
    ['crash-restart-reset', []],
    ['duplicate-delay', []],
    ['byzantine-clock', ['--duration', '30']],
  ] as const)('finds in %s what the check of its directory finds', async (scenario, flags) => {
    const dir = await cliRun(runs(), `memory-${scenario}`, [scenario, ...flags]);
    const inMemory = checkRun(resultOfDir(dir));
    expect(inMemory).toEqual(checkRun(dir));
    expect(inMemory.ok).toBe(true);
  });

  it.each(Object.keys(corruptions))('finds %s as the directory path does', async (name) => {
    const dir = await runToBreak(`memory-${name.replaceAll(' ', '-')}`, 'trial4', 1004);
    corruptions[name]?.(dir);
    const inMemory = checkRun(resultOfDir(dir));
    expect(inMemory.ok).toBe(false);
    expect(inMemory).toEqual(checkRun(dir));
  });

  it('finds a corruption of the events themselves as the CLI finds it written to disk', async () => {
    const dir = await runToBreak('memory-events', 'trial4', 1004);
    const result = resultOfDir(dir);
    // The 5th row of machine 0 keeps the clock of the 4th: as corrupting the CSV does.
    const events = result.events.map((event, index) =>
      index === 4 ? { ...event, clock: (result.events[3] as RunEvent).clock } : event,
    );
    const inMemory = checkRun({ ...result, events });
    corruptions['a clock that does not rise']?.(dir);
    expect(inMemory).toEqual(checkRun(dir));
    expect(inMemory.findings[0]).toMatchObject({ rule: 'machineOrder', where: 'machine-0.csv:6' });
  });
});

describe("checkRun of simulate's result", () => {
  it.each(['A1', 'every-fault', 'crash-restart-reset', 'jittery-network'])(
    'finds in %s, in memory, what the check of the same run on disk finds',
    async (scenario) => {
      const dir = await cliRun(runs(), `simulated-${scenario}`, [scenario]);
      const result = checkRun(simulate(bundledScenario(scenario)));
      expect(result).toEqual(checkRun(dir));
      expect(withoutCauses(result)).toEqual(await cliCheck(dir));
    },
  );

  it('analyses it as analyze --json does the same run on disk', async () => {
    const dir = await cliRun(runs(), 'simulated-analysis', ['every-fault']);
    const analysis = analyzeRun(simulate(bundledScenario('every-fault')));
    expect({ ...analysis, runDir: dir }).toEqual(await cliJson('analyze', dir));
  });
});

describe('checkRun of bare events', () => {
  it('passes a clean run and says which rules it could not apply', async () => {
    const dir = await cliRun(runs(), 'bare-clean', ['A1']);
    const result = checkRun(resultOfDir(dir).events);
    expect(result.ok).toBe(true);
    expect(result.events).toBe(checkRun(dir).events);
    expect(result.notes.join('\n')).toMatch(/rule 0 manifest not applied/);
    expect(result.notes.join('\n')).toMatch(/rule 4 fifo not applied/);
  });

  it('finds the rules the events break, located as in the logs', async () => {
    const dir = await runToBreak('bare-broken', 'trial4', 1004);
    corruptions['a receive with a wrong clock']?.(dir);
    const fromDir = checkRun(dir);
    const bare = checkRun(resultOfDir(dir).events);
    // The manifest's rule 0 aside, the events alone break the same rules at the same rows.
    const ruleFindings = fromDir.findings.filter((finding) => finding.rule !== 'manifest');
    expect(ruleFindings.length).toBeGreaterThan(0);
    expect(bare.findings).toEqual(ruleFindings);
  });

  it('reports what faults did as findings, with no fault list to excuse them', async () => {
    const dir = await cliRun(runs(), 'bare-reset', ['crash-restart-reset']);
    const bare = checkRun(resultOfDir(dir).events);
    expect(bare.ok).toBe(false);
    expect(bare.findingCounts).toMatchObject({ machineOrder: 1, crashSilence: 1 });
  });
});

describe('analyzeRun', () => {
  it.each(['A2', 'every-fault'])(
    'of %s equals analyze --json, from the directory and in memory',
    async (scenario) => {
      const dir = await cliRun(runs(), `analyze-${scenario}`, [scenario]);
      const fromDir = analyzeRun(dir);
      const inMemory = analyzeRun(resultOfDir(dir));
      const printed = await cliJson('analyze', dir);
      expect(fromDir).toEqual(printed);
      expect({ ...inMemory, runDir: dir }).toEqual(printed);
      expect(inMemory.runDir).toBe('(in memory)');
    },
  );
});

describe('a run source that cannot be read: RunSourceError, at the API boundary', () => {
  function thrown(read: () => unknown): RunSourceError {
    try {
      read();
    } catch (error) {
      expect(error).toBeInstanceOf(RunSourceError);
      return error as RunSourceError;
    }
    throw new Error('expected a RunSourceError, nothing was thrown');
  }

  it('names an absent directory, or a file, for checkRun, analyzeRun and findViolation', () => {
    const absent = 'does/not/exist';
    for (const read of [
      () => checkRun(absent),
      () => analyzeRun(absent),
      () => findViolation(absent, () => true),
    ]) {
      const error = thrown(read);
      expect(error.name).toBe('RunSourceError');
      expect(error.field).toBe(absent);
      expect(error.received).toBe('no such directory');
      expect(error.message).toBe(`${absent}: expected ${error.expected}, got no such directory`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'lamport-lab-source-'));
    try {
      const file = join(dir, 'machine-0.csv');
      writeFileSync(file, 'not a directory\n');
      expect(thrown(() => analyzeRun(file))).toMatchObject({ field: file, received: 'a file' });
      // A directory lamport-lab's readers refuse: their line, as the same exported error.
      writeFileSync(join(dir, 'manifest.json'), '{');
      expect(thrown(() => checkRun(dir)).message).toContain('manifest.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the first malformed event and field, as plain JavaScript may pass them', () => {
    const partial = [{ kind: 'send', machine: 0 }] as unknown as RunEvent[];
    expect(thrown(() => checkRun(partial))).toMatchObject({
      field: 'events[0].seq',
      expected: 'an integer 0 or more',
      received: 'nothing',
    });
    const events = simulate({ rates: [4, 2, 1], durationSec: 5 }, { seed: 7 }).events;
    const at = events.findIndex((event) => event.kind === 'send');
    const { to: _dropped, ...withoutTo } = events[at] as RunEvent & { kind: 'send' };
    const broken = events.map((event, index) => (index === at ? withoutTo : event)) as RunEvent[];
    const error = thrown(() => findViolation(broken, () => true));
    expect(error.field).toBe(`events[${at}].to`);
    expect(error.message).toBe(
      `events[${at}].to: expected an array of machine ids (integers 0 or more), got nothing`,
    );
    const badKind = [{ ...events[0], kind: 'tick' }] as unknown as RunEvent[];
    expect(thrown(() => checkRun(badKind))).toMatchObject({
      field: 'events[0].kind',
      received: 'tick (string)',
    });
    expect(checkRun(events).ok).toBe(true);
  });
});
