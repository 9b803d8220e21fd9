/**
 * Goal: a bad scenario object throws a ScenarioError whose message is the line `lamport-lab run
 * <file>` prints for the same object in a file (without the `lamport-lab: ` prefix, the library
 * naming its scenario `scenario` where the CLI names the file), with the field, the expected and
 * the received value apart; the bundled scenarios are listed as `lamport-lab scenarios` lists
 * them and given as their files hold them. The type test at the end holds the hand-written
 * Scenario mutually assignable with the validator's ScenarioFile (checked by `npm run typecheck`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bundledScenario,
  bundledScenarioNames,
  type Fault,
  type FaultKind,
  type Scenario,
  ScenarioError,
  simulate,
} from '../../../src/api/index.js';
import { packageRoot } from '../../../src/common/paths.js';
import type { ScenarioFile } from '../../../src/scenario/schema.js';
import type { FaultKind as DriverFaultKind } from '../../../transports/fault-config.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-api-scenario-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenarioErrorOf(scenario: unknown): ScenarioError {
  try {
    simulate(scenario as Scenario, { seed: 1 });
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('simulate took a bad scenario');
}

const badScenarios: {
  readonly what: string;
  readonly scenario: unknown;
  readonly field: string;
  readonly expected: string;
  readonly received: string;
}[] = [
  {
    what: 'a probability out of range',
    scenario: { internalProbability: 1.5 },
    field: 'internalProbability',
    expected: 'a probability in [0, 1] with at most 6 decimals',
    received: '1.5 (number)',
  },
  {
    what: 'an unknown field',
    scenario: { rates: [1, 2], mode: 'tcp' },
    field: 'mode',
    expected:
      'one of: $schema, name, description, seed, machines, rates, rateRange, rateDistribution, internalProbability, durationSec, latency, fifo, faults',
    received: 'unknown field "mode"',
  },
  {
    what: 'a bad fault',
    scenario: {
      faults: [
        { kind: 'crash', machine: 0, atSec: 1 },
        { kind: 'loss', p: 2 },
      ],
    },
    field: 'faults[1].p',
    expected: 'a probability in [0, 1] with at most 6 decimals',
    received: '2 (number)',
  },
  {
    what: 'an unknown fault field',
    scenario: { faults: [{ kind: 'loss', p: 0.5, probability: 1 }] },
    field: 'faults[0].probability',
    expected: 'one of: kind, p, from, to, atSec, untilSec',
    received: 'unknown field "probability"',
  },
  {
    what: 'bounds the wrong way round',
    scenario: { latency: { kind: 'uniform', minMs: 5, maxMs: 1 } },
    field: 'latency.maxMs',
    expected: 'maxMs >= minMs (5)',
    received: '1 (number)',
  },
  {
    what: 'two sources of rates',
    scenario: { rates: [1, 2], rateRange: { min: 1, max: 2 } },
    field: 'rateRange',
    expected: 'either "rates" or "rateRange", not both',
    received: '',
  },
];

describe('ScenarioError', () => {
  it.each(badScenarios)('says what `run` says of $what, with its parts', async (bad) => {
    const error = scenarioErrorOf(bad.scenario);
    expect([error.field, error.expected, error.received]).toEqual([
      bad.field,
      bad.expected,
      bad.received,
    ]);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad.scenario));
    const cli = await runCliInProcess(dir, ['run', 'bad.json', '--out', join(dir, 'out')]);
    expect(cli.status).toBe(2);
    expect(error.message.startsWith('scenario: ')).toBe(true);
    expect(cli.stderr).toBe(`lamport-lab: bad.json${error.message.slice('scenario'.length)}\n`);
    expect(error.name).toBe('ScenarioError');
  });

  it('refuses what is not an object', () => {
    expect(scenarioErrorOf(null).message).toBe('scenario: expected a JSON object, got null');
  });
});

describe('the bundled scenarios', () => {
  it('are named as `lamport-lab scenarios` lists them', async () => {
    const cli = await runCliInProcess(dir, ['scenarios']);
    const listed = cli.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(' ')[0]);
    expect(bundledScenarioNames()).toEqual(listed);
    expect(listed.length).toBeGreaterThan(20);
  });

  it('are given as their files hold them, a fresh copy each time', () => {
    for (const name of ['default', 'every-fault', 'heavy-tail']) {
      const text = readFileSync(join(packageRoot, 'scenarios', `${name}.json`), 'utf8');
      expect(bundledScenario(name)).toEqual(JSON.parse(text));
    }
    expect(bundledScenario('A1')).not.toBe(bundledScenario('A1'));
  });

  it('refuses an unknown name in `run`s words, listing the names', async () => {
    let caught: unknown;
    try {
      bundledScenario('nosuch');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    const error = caught as ScenarioError;
    const cli = await runCliInProcess(dir, ['run', 'nosuch']);
    expect(cli.stderr).toBe(`lamport-lab: ${error.message}\n`);
    expect(error.field).toBe('name');
    expect(error.received).toBe('"nosuch"');
    expect(error.expected).toBe(`one of: ${bundledScenarioNames().join(', ')}`);
    expect(() => bundledScenario('../package')).toThrow(ScenarioError);
  });

  it("is named as `run` names it only as bundledScenario gave it (a copy is the caller's)", () => {
    const bundled = bundledScenario('A2');
    expect(simulate(bundled).manifest.scenario).toMatchObject({
      name: 'A2',
      source: 'scenarios/A2.json',
    });
    expect(simulate({ ...bundled }).manifest.scenario).toMatchObject({
      name: 'scenario',
      source: 'scenario',
    });
  });
});

// Compile-time: the hand-written types and the validator's agree both ways. A field added to
// the schema and not to Scenario (or the other way) fails `npm run typecheck` here.
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const scenarioMatchesSchema: MutuallyAssignable<Scenario, ScenarioFile> = true;
const faultMatchesSchema: MutuallyAssignable<Fault, NonNullable<ScenarioFile['faults']>[number]> =
  true;
const kindsMatchDriver: MutuallyAssignable<FaultKind, DriverFaultKind> = true;
const keysMatch: MutuallyAssignable<keyof Scenario, keyof ScenarioFile> = true;

describe('the Scenario type', () => {
  it('is held equal to the schema by the compile-time checks above', () => {
    expect([scenarioMatchesSchema, faultMatchesSchema, kindsMatchDriver, keysMatch]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });
});
