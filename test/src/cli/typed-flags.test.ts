/**
 * Goal: a refusal of a flag's value quotes the value as the user typed it, whatever the parse
 * to a double made of it: `--seed 9007199254740993` was refused as "got 9007199254740992", and
 * `--duration 99999999999999999999` as 100000000000000000000, numbers the user never wrote. The
 * same for a scenario file's number (JSON.parse rounds it as well). Still one line, exit 2.
 * Method: the CLI program in this process, in a fresh temporary directory, with values past 2^53
 * (rounded to another integer) or past a double's digits, on every command that holds a parsed
 * number to a rule after the parse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliIn } from '../../helpers/cli-process.js';

const cwd = mkdtempSync(join(tmpdir(), 'lamport-typed-flags-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const cli = cliIn(() => cwd);

/** 2^53 + 1: a double reads it as 2^53. */
const pastSafe = '9007199254740993';
/** A double reads it as 1e20 and prints 100000000000000000000. */
const long = '99999999999999999999';

/** Bad input: exit 2, one line, no stack trace; the line. */
function refusal(result: CliResult): string {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
  return result.stderr.slice(0, -1);
}

beforeAll(async () => {
  const made = await cli('run', 'trial4', '--duration', '5', '--out', 'run', '--quiet');
  expect(made.status, made.stderr).toBe(0);
});

describe('run and harness: the scenario flags', () => {
  const seed = 'expected a whole number 0..4294967295';
  const duration = 'expected a duration in seconds, > 0 and <= 10000000, µs resolution';
  const rate = 'expected a rate in Hz, > 0 and <= 1000000, with at most 3 decimals';
  const latency = 'expected a latency in ms, >= 0, with at most 3 decimals (µs resolution)';
  const time = 'expected a time in seconds, >= 0, with at most 6 decimals (µs resolution)';
  const cases: readonly { args: string[]; line: string }[] = [
    { args: ['--seed', pastSafe], line: `--seed: ${seed}, got ${pastSafe} (number)` },
    { args: [`--seed=${pastSafe}`], line: `--seed: ${seed}, got ${pastSafe} (number)` },
    { args: ['--duration', long], line: `--duration: ${duration}, got ${long} (number)` },
    { args: ['--duration', '1e400'], line: `--duration: ${duration}, got 1e400 (number)` },
    {
      args: ['--machines', pastSafe],
      line: `--machines: expected a whole number of machines, 2..10000, got ${pastSafe} (number)`,
    },
    { args: ['--rates', `1,2,${long}`], line: `--rates (rates[2]): ${rate}, got ${long} (number)` },
    {
      args: ['--rate-range', `1-${long}`],
      line: `--rate-range (rateRange.max): expected a whole number of Hz, 1..1000000, got ${long} (number)`,
    },
    {
      args: ['--latency', `uniform:1-${long}`],
      line: `--latency (latency.maxMs): ${latency}, got ${long} (number)`,
    },
    {
      args: ['--rate-distribution', `{"kind":"uniform","minHz":1,"maxHz":${long}}`],
      line: `--rate-distribution (rateDistribution.maxHz): ${rate}, got ${long} (number)`,
    },
    {
      args: ['--crash', `1@${long}`],
      line: `--crash 1@${long} (faults[0].atSec): ${time}, got ${long} (number)`,
    },
    {
      args: ['--crash', `${pastSafe}@5`],
      line: `--crash ${pastSafe}@5 (faults[0].machine): expected a machine id (a whole number >= 0), got ${pastSafe} (number)`,
    },
    // Small numbers are quoted as typed too, which is what they always printed as.
    { args: ['--seed', '-1'], line: `--seed: ${seed}, got -1 (number)` },
    { args: ['--rates', '1,2,-2'], line: `--rates (rates[2]): ${rate}, got -2 (number)` },
  ];

  it.each(cases)('run $args', async ({ args, line }) => {
    expect(refusal(await cli('run', 'trial4', '--no-logs', ...args))).toBe(`lamport-lab: ${line}`);
  });

  it('harness --seed', async () => {
    const result = await cli('harness', '--seed', pastSafe, '--', 'node', 'never-started.js');
    expect(refusal(result)).toBe(`lamport-lab: --seed: ${seed}, got ${pastSafe} (number)`);
  });

  it('experiments --duration', async () => {
    const result = await cli('experiments', '--duration', long, '--out', 'exp');
    expect(refusal(result)).toBe(`lamport-lab: --duration: ${duration}, got ${long} (number)`);
  });
});

describe('import --rate-hz', () => {
  it('a rate past what a double holds', async () => {
    const logs = [0, 1, 2].map((id) => join('run', `machine-${id}.csv`));
    const flags = ['--format', 'lamport-lab', '--out', 'imported', '--rate-hz', `1,2,${long}`];
    const result = await cli('import', ...logs, ...flags);
    expect(refusal(result)).toBe(
      `lamport-lab: --rate-hz: expected rates in Hz, > 0 and <= 1000000, with at most 3 decimals, got ${long}`,
    );
  });
});

describe("a scenario file's numbers, as the file writes them", () => {
  it('a seed past 2^53, a rate of 1e400 and a fault time, each at its own place', async () => {
    writeFileSync(
      join(cwd, 'seed.json'),
      `{"name": "n9007199254740993", "seed": ${pastSafe}, "durationSec": 9007199254740992}\n`,
    );
    expect(refusal(await cli('run', 'seed.json', '--no-logs'))).toBe(
      `lamport-lab: seed.json: seed: expected a whole number 0..4294967295, got ${pastSafe} (number)`,
    );
    writeFileSync(join(cwd, 'rates.json'), '{"rates": [1, 2e0, 1e400]}\n');
    expect(refusal(await cli('run', 'rates.json', '--no-logs'))).toBe(
      'lamport-lab: rates.json: rates[2]: expected a rate in Hz, > 0 and <= 1000000, with at most 3 decimals, got 1e400 (number)',
    );
    writeFileSync(
      join(cwd, 'crash.json'),
      `{"faults": [{"kind": "crash", "machine": 1, "atSec": ${long}}]}\n`,
    );
    expect(refusal(await cli('run', 'crash.json', '--no-logs'))).toBe(
      `lamport-lab: crash.json: faults[0].atSec: expected a time in seconds, >= 0, with at most 6 decimals (µs resolution), got ${long} (number)`,
    );
  });
});

describe('plot, report and view: the window flags', () => {
  it('plot --from past the end', async () => {
    expect(refusal(await cli('plot', 'run', '--from', long))).toBe(
      `lamport-lab: --from: expected a time before the run's end at 5000 ms, got ${long}`,
    );
  });

  it('report --from after --to', async () => {
    expect(refusal(await cli('report', 'run', '--from', long, '--to', '1e20'))).toBe(
      `lamport-lab: --from, --to: expected --from before --to, got --from ${long} and --to 1e20`,
    );
  });

  it('view --from past the end', async () => {
    expect(refusal(await cli('view', 'run', '--from', long))).toBe(
      `lamport-lab: --from, --to: expected a window that holds some of the run's 30 events (it runs from 0 s to 5 s), got ${long} s to the end`,
    );
  });
});
