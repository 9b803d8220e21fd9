/**
 * Goal: a scenario is found, validated and resolved exactly as documented, and every bad input
 * is refused with one line that names the file (or flag) and field, what was expected and what
 * came. Method: the bundled scenarios are loaded as they ship; bad files are written into a
 * fresh temp dir; the seeded rate draws are checked as properties with fast-check.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScenarioFlags } from '../../../src/cli/commands/run-action.js';
import { InputError } from '../../../src/common/errors.js';
import { bundledScenariosDir } from '../../../src/common/paths.js';
import {
  listBundledScenarioNames,
  loadScenario,
  type ScenarioOverrides,
} from '../../../src/scenario/load.js';
import { resolveScenario } from '../../../src/scenario/resolve.js';
import { scenarioSchema } from '../../../src/scenario/schema.js';
import { scenarioSchemaPath, scenarioSchemaText } from '../../../src/scenario/write-schema.js';

const noOverrides: ScenarioOverrides = { values: {}, flags: {} };

/** The flags the `run` command declares for every field, whether or not they were given. */
const cliFlags = runScenarioFlags;

/** Runs `action` and returns the InputError it throws; anything else fails the test. */
function inputErrorFrom(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError, but nothing was thrown');
}

/** The message without where it points (a file path or flag), to look for what came. */
function withoutPlace(message: string, place: string): string {
  return message.split(place).join('');
}

function loadBundled(name: string) {
  return loadScenario(name, noOverrides);
}

describe('listBundledScenarioNames', () => {
  it('lists every scenario file shipped in scenarios/, default first', () => {
    const names = listBundledScenarioNames();
    const onDisk = readdirSync(bundledScenariosDir)
      .filter((file) => file.endsWith('.json') && !file.endsWith('.schema.json'))
      .map((file) => file.slice(0, -'.json'.length));
    expect(names[0]).toBe('default');
    expect([...names].sort()).toEqual([...onDisk].sort());
    for (const name of ['A1', 'A5', 'B1', 'B4', 'trial1', 'trial5']) {
      expect(names).toContain(name);
    }
  });

  it('keeps numbered scenarios in numeric order', () => {
    const names = listBundledScenarioNames();
    const aTrials = names.filter((name) => /^A\d$/.test(name));
    expect(aTrials).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
  });
});

describe('loadScenario with the bundled scenarios', () => {
  it.each(listBundledScenarioNames())('loads and resolves %s', (name) => {
    const loaded = loadBundled(name);
    expect(loaded.name).toBe(name);
    const seed = loaded.file.seed;
    expect(seed).toBeTypeOf('number');
    const resolved = resolveScenario(loaded, seed as number);
    expect(resolved.seed).toBe(seed);
    expect(resolved.rates).toHaveLength(resolved.machines);
    for (const rate of resolved.rates) expect(rate).toBeGreaterThan(0);
    expect(resolved.internalProbability).toBeGreaterThanOrEqual(0);
    expect(resolved.internalProbability).toBeLessThanOrEqual(1);
    expect(resolved.durationSec).toBeGreaterThan(0);
  });

  it('gives every bundled scenario a fixed seed, so its run is repeatable', () => {
    for (const name of listBundledScenarioNames()) {
      const { seed } = loadBundled(name).file;
      expect(Number.isInteger(seed), `${name} has seed ${seed}`).toBe(true);
      expect(seed as number).toBeGreaterThanOrEqual(0);
      expect(seed as number).toBeLessThanOrEqual(0xffff_ffff);
    }
  });

  it("holds seed 001's trials with their rates", () => {
    const expected: Record<string, number[]> = {
      trial1: [1, 1, 1],
      trial2: [5, 6, 4],
      trial3: [4, 1, 4],
      trial4: [3, 2, 1],
      trial5: [1, 2, 6],
    };
    for (const [name, rates] of Object.entries(expected)) {
      const loaded = loadBundled(name);
      expect(loaded.file.rates, name).toEqual(rates);
      expect(resolveScenario(loaded, loaded.file.seed as number).rates, name).toEqual(rates);
    }
  });

  it("holds seed 003's trials A1..A5 at p = 0.7 and B1..B4 at p = 0.25 with their rates", () => {
    const expected: Record<string, { p: number; rates: number[] }> = {
      A1: { p: 0.7, rates: [6, 6, 6] },
      A2: { p: 0.7, rates: [6, 1, 1] },
      A3: { p: 0.7, rates: [6, 6, 1] },
      A4: { p: 0.7, rates: [6, 2, 1] },
      A5: { p: 0.7, rates: [6, 4, 2] },
      B1: { p: 0.25, rates: [6, 6, 6] },
      B2: { p: 0.25, rates: [6, 1, 1] },
      B3: { p: 0.25, rates: [6, 6, 1] },
      B4: { p: 0.25, rates: [6, 5, 4] },
    };
    for (const [name, { p, rates }] of Object.entries(expected)) {
      const resolved = resolveScenario(loadBundled(name), 1);
      expect(resolved.rates, name).toEqual(rates);
      expect(resolved.internalProbability, name).toBe(p);
      expect(resolved.machines, name).toBe(3);
    }
  });
});

describe('loadScenario with bad input', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lamport-lab-scenario-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function writeScenario(fileName: string, text: string): string {
    const path = join(dir, fileName);
    writeFileSync(path, text);
    return path;
  }

  function expectOneLine(message: string): void {
    expect(message).not.toContain('\n');
    expect(message).not.toContain('\r');
  }

  interface BadFieldCase {
    readonly title: string;
    readonly scenario: unknown;
    /** The field path the message must name. */
    readonly field: string;
    /** What the message must show of the value that came (each must match). */
    readonly came: readonly RegExp[];
  }

  const badFields: BadFieldCase[] = [
    {
      title: 'a field has the wrong type',
      scenario: { machines: 'three' },
      field: 'machines',
      came: [/got "three"/],
    },
    {
      title: 'a rate is zero',
      scenario: { rates: [1, 0, 2] },
      field: 'rates[1]',
      came: [/got 0\b/],
    },
    {
      title: 'a rate is negative',
      scenario: { rates: [1, -2, 3] },
      field: 'rates[1]',
      came: [/got -2\b/],
    },
    {
      title: 'internalProbability is above 1',
      scenario: { internalProbability: 1.5 },
      field: 'internalProbability',
      came: [/got 1\.5\b/],
    },
    {
      title: 'internalProbability is below 0',
      scenario: { internalProbability: -0.1 },
      field: 'internalProbability',
      came: [/got -0\.1\b/],
    },
    {
      title: 'there are fewer than 2 machines',
      scenario: { machines: 1 },
      field: 'machines',
      came: [/got 1\b/],
    },
    {
      title: 'durationSec is zero',
      scenario: { durationSec: 0 },
      field: 'durationSec',
      came: [/got 0\b/],
    },
    {
      title: 'durationSec is negative',
      scenario: { durationSec: -5 },
      field: 'durationSec',
      came: [/got -5\b/],
    },
    {
      title: 'rates do not match the number of machines',
      scenario: { machines: 3, rates: [1, 2] },
      field: 'rates',
      came: [/\b3\b/, /\b2\b/],
    },
    {
      title: 'rateRange has min > max',
      scenario: { rateRange: { min: 6, max: 1 } },
      field: 'rateRange',
      // Both bounds that came, not just "an object".
      came: [/\b6\b/, /\b1\b/],
    },
    {
      title: 'rateDistribution has an unknown kind',
      scenario: { rateDistribution: { kind: 'poisson', meanHz: 3 } },
      field: 'rateDistribution.kind',
      came: [/"poisson"/],
    },
    {
      title: 'a uniform rateDistribution has minHz > maxHz',
      scenario: { rateDistribution: { kind: 'uniform', minHz: 6, maxHz: 0.5 } },
      field: 'rateDistribution.maxHz',
      came: [/expected maxHz >= minHz \(6\)/, /got 0\.5\b/],
    },
    {
      title: 'a rateDistribution bound is zero',
      scenario: { rateDistribution: { kind: 'uniform', minHz: 0, maxHz: 6 } },
      field: 'rateDistribution.minHz',
      came: [/got 0\b/],
    },
    {
      title: 'a rateDistribution bound has 4 decimals',
      scenario: { rateDistribution: { kind: 'uniform', minHz: 1.0005, maxHz: 6 } },
      field: 'rateDistribution.minHz',
      came: [/at most 3 decimals/, /got 1\.0005\b/],
    },
    {
      title: 'a choice has a weight of 0',
      scenario: { rateDistribution: { kind: 'choice', valuesHz: [1, 6], weights: [9, 0] } },
      field: 'rateDistribution.weights[1]',
      came: [/whole-number weight/, /got 0\b/],
    },
    {
      title: 'a choice has a fractional weight',
      scenario: { rateDistribution: { kind: 'choice', valuesHz: [1, 6], weights: [1.5, 1] } },
      field: 'rateDistribution.weights[0]',
      came: [/got 1\.5\b/],
    },
    {
      title: 'a choice has fewer weights than values',
      scenario: { rateDistribution: { kind: 'choice', valuesHz: [1, 2, 6], weights: [9, 1] } },
      field: 'rateDistribution.weights',
      came: [/one weight per value in valuesHz \(3\)/, /got \[9,1\]/],
    },
    {
      title: 'a choice has no values',
      scenario: { rateDistribution: { kind: 'choice', valuesHz: [] } },
      field: 'rateDistribution.valuesHz',
      came: [/got \[\]$/],
    },
    {
      title: 'a choice value is negative',
      scenario: { rateDistribution: { kind: 'choice', valuesHz: [1, -6] } },
      field: 'rateDistribution.valuesHz[1]',
      came: [/got -6\b/],
    },
    {
      title: 'a normal rateDistribution has a negative sdHz',
      scenario: {
        rateDistribution: { kind: 'normal', meanHz: 3.5, sdHz: -1, minHz: 1, maxHz: 6 },
      },
      field: 'rateDistribution.sdHz',
      came: [/standard deviation/, /got -1\b/],
    },
    {
      title: 'a normal rateDistribution lacks its bounds',
      scenario: { rateDistribution: { kind: 'normal', meanHz: 3.5, sdHz: 1 } },
      field: 'rateDistribution.minHz',
      came: [/got nothing/],
    },
    {
      title: 'a lognormal rateDistribution has a negative sigma',
      scenario: {
        rateDistribution: { kind: 'lognormal', medianHz: 2, sigma: -0.5, minHz: 0.1, maxHz: 100 },
      },
      field: 'rateDistribution.sigma',
      came: [/got -0\.5\b/],
    },
    {
      title: 'a lognormal rateDistribution has maxHz < minHz',
      scenario: {
        rateDistribution: { kind: 'lognormal', medianHz: 2, sigma: 0.75, minHz: 10, maxHz: 1 },
      },
      field: 'rateDistribution.maxHz',
      came: [/expected maxHz >= minHz \(10\)/, /got 1\b/],
    },
    {
      title: 'rateDistribution comes with fixed rates',
      scenario: {
        rates: [1, 2, 3],
        rateDistribution: { kind: 'uniform', minHz: 1, maxHz: 6 },
      },
      field: 'rateDistribution',
      came: [/either "rates" or "rateDistribution", not both/],
    },
    {
      title: 'rateDistribution comes with rateRange',
      scenario: {
        rateRange: { min: 1, max: 6 },
        rateDistribution: { kind: 'uniform', minHz: 1, maxHz: 6 },
      },
      field: 'rateDistribution',
      came: [/either "rateRange" or "rateDistribution", not both/],
    },
    {
      title: 'latency has an unknown kind',
      scenario: { latency: { kind: 'gaussian', ms: 3 } },
      field: 'latency',
      came: [/"gaussian"/],
    },
  ];

  it.each(badFields)('names the file and field when $title', ({ scenario, field, came }) => {
    const path = writeScenario('bad.json', JSON.stringify(scenario, null, 2));
    const { message } = inputErrorFrom(() => loadScenario(path, noOverrides));
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toContain(field);
    expect(message).toContain('expected');
    for (const pattern of came) expect(withoutPlace(message, path)).toMatch(pattern);
  });

  it('names the unknown field and lists the known ones', () => {
    const path = writeScenario('unknown.json', '{ "machines": 3, "colour": "red" }');
    const { message } = inputErrorFrom(() => loadScenario(path, noOverrides));
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toMatch(/unknown field "colour"/);
    expect(message).toMatch(/expected one of: .*machines.*internalProbability/);
  });

  it('names the unknown field inside latency', () => {
    const path = writeScenario(
      'latency.json',
      '{ "latency": { "kind": "constant", "ms": 3, "x": 1 } }',
    );
    const { message } = inputErrorFrom(() => loadScenario(path, noOverrides));
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toContain('latency');
    expect(message).toContain('"x"');
  });

  it('names the file when it does not exist', () => {
    const path = join(dir, 'missing.json');
    const { message } = inputErrorFrom(() => loadScenario(path, noOverrides));
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toContain('no such file');
    expect(message).toMatch(/expected a scenario JSON file/);
  });

  it('names a bundled scenario that does not exist and lists the ones that do', () => {
    const { message } = inputErrorFrom(() => loadScenario('nosuch', noOverrides));
    expectOneLine(message);
    expect(message).toContain('"nosuch"');
    expect(message).toMatch(/expected one of: default, A1/);
  });

  it.each([
    { title: 'a trailing comma', text: '{\n  "machines": 3,\n}\n' },
    { title: 'a cut-off file', text: '{ "machines": 3,' },
    { title: 'a bare word across lines', text: '{\n  "machines": three\n}\n' },
    { title: 'an empty file', text: '' },
  ])('says the JSON is invalid, in one line, for $title', ({ text }) => {
    const path = writeScenario('invalid.json', text);
    const { message } = inputErrorFrom(() => loadScenario(path, noOverrides));
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toContain('invalid JSON');
  });

  it('reads a file that begins with a UTF-8 byte order mark, as some editors write it', () => {
    const path = writeScenario('bom.json', '\uFEFF{ "machines": 4, "durationSec": 5 }\n');
    const loaded = loadScenario(path, noOverrides);
    expect(loaded.file.machines).toBe(4);
  });

  it('says what came when the file holds JSON that is not an object', () => {
    const path = writeScenario('array.json', '[3, 1, 2]');
    const { message } = inputErrorFrom(() => loadScenario(path, noOverrides));
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toMatch(/expected a JSON object, got \[3,1,2\]$/);
  });

  it('names the file, not a flag, when the bad value is in the file and the flag was not given', () => {
    // The run command declares a flag for every field; only flags given on the line are to blame.
    const path = writeScenario('bad.json', '{ "machines": "three" }');
    const { message } = inputErrorFrom(() =>
      loadScenario(path, { values: { machines: undefined }, flags: cliFlags }),
    );
    expectOneLine(message);
    expect(message).toContain(path);
    expect(message).toContain('machines');
    expect(message).not.toContain('--machines');
  });
});

describe('loadScenario with command-line overrides', () => {
  interface BadFlagCase {
    readonly flag: string;
    readonly values: ScenarioOverrides['values'];
    /** The part of the flag's value the message must point at, when the flag holds several. */
    readonly part?: string;
    readonly came: readonly RegExp[];
  }

  const badFlags: BadFlagCase[] = [
    {
      flag: '--internal-probability',
      values: { internalProbability: 1.5 },
      came: [/got 1\.5\b/],
    },
    { flag: '--rates', values: { rates: [1, -2, 3] }, part: '[1]', came: [/got -2\b/] },
    { flag: '--machines', values: { machines: 1 }, came: [/got 1\b/] },
    { flag: '--duration', values: { durationSec: 0 }, came: [/got 0\b/] },
    { flag: '--seed', values: { seed: -1 }, came: [/got -1\b/] },
    {
      flag: '--rate-range',
      values: { rateRange: { min: 6, max: 1 } },
      came: [/\b6\b/, /\b1\b/],
    },
    {
      flag: '--rate-distribution',
      values: { rateDistribution: { kind: 'choice', valuesHz: [1, 6], weights: [9, 0] } },
      part: 'weights[1]',
      came: [/got 0\b/],
    },
    {
      flag: '--latency',
      values: { latency: { kind: 'uniform', minMs: 10, maxMs: 1 } },
      part: 'maxMs',
      came: [/\b10\b/, /\b1\b/],
    },
  ];

  it.each(badFlags)('validates $flag by the file rules and names the flag', (bad) => {
    const { message } = inputErrorFrom(() =>
      loadScenario('trial1', { values: bad.values, flags: cliFlags }),
    );
    expect(message).not.toContain('\n');
    expect(message.startsWith(bad.flag)).toBe(true);
    if (bad.part !== undefined) expect(message).toContain(bad.part);
    expect(message).toContain('expected');
    expect(message).not.toContain('trial1.json');
    for (const pattern of bad.came) expect(withoutPlace(message, bad.flag)).toMatch(pattern);
  });

  it('words a flag error exactly as the same error in a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamport-lab-scenario-'));
    try {
      const path = join(dir, 'p.json');
      writeFileSync(path, '{ "internalProbability": 1.5 }');
      const fromFile = inputErrorFrom(() => loadScenario(path, noOverrides)).message;
      const fromFlag = inputErrorFrom(() =>
        loadScenario('trial1', {
          values: { internalProbability: 1.5 },
          flags: { internalProbability: '--internal-probability' },
        }),
      ).message;
      const tail = (message: string) => message.slice(message.indexOf('expected'));
      expect(tail(fromFlag)).toBe(tail(fromFile));
      expect(tail(fromFlag)).toMatch(/^expected a probability in \[0, 1\].*, got 1\.5 \(number\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a valid flag value replace the file value', () => {
    const loaded = loadScenario('trial1', {
      values: { internalProbability: 0.25, durationSec: 5 },
      flags: cliFlags,
    });
    expect(loaded.file.internalProbability).toBe(0.25);
    expect(loaded.file.durationSec).toBe(5);
    expect(loaded.file.rates).toEqual([1, 1, 1]);
  });

  it("lets --machines replace the file's fixed rates with drawn ones", () => {
    const loaded = loadScenario('trial1', { values: { machines: 5 }, flags: cliFlags });
    expect(loaded.file.rates).toBeUndefined();
    const resolved = resolveScenario(loaded, 1001);
    expect(resolved.machines).toBe(5);
    expect(resolved.rates).toHaveLength(5);
    expect(resolved.ratesDrawnFrom).toEqual({ min: 1, max: 6 });
  });

  it("lets --rates replace the file's rate range", () => {
    const loaded = loadScenario('default', { values: { rates: [2, 3, 4] }, flags: cliFlags });
    expect(loaded.file.rateRange).toBeUndefined();
    const resolved = resolveScenario(loaded, 42);
    expect(resolved.rates).toEqual([2, 3, 4]);
    expect(resolved.machines).toBe(3);
    expect(resolved.ratesDrawnFrom).toBeNull();
  });

  it("lets --rates set the machine count over the file's", () => {
    const loaded = loadScenario('default', { values: { rates: [2, 3] }, flags: cliFlags });
    const resolved = resolveScenario(loaded, 42);
    expect(resolved.rates).toEqual([2, 3]);
    expect(resolved.machines).toBe(2);
  });

  it('refuses --rates that disagree with --machines, naming --rates', () => {
    const { message } = inputErrorFrom(() =>
      loadScenario('default', { values: { rates: [2, 3], machines: 3 }, flags: cliFlags }),
    );
    expect(message).not.toContain('\n');
    expect(message).toContain('--rates');
    expect(message).toMatch(/expected one rate per machine \(3\)/);
  });

  const lognormal = { kind: 'lognormal', medianHz: 2, sigma: 0.75, minHz: 0.1, maxHz: 100 };

  it("lets --rate-distribution replace the file's rate range or fixed rates", () => {
    for (const name of ['default', 'trial1']) {
      const loaded = loadScenario(name, {
        values: { rateDistribution: lognormal },
        flags: cliFlags,
      });
      expect(loaded.file.rates, name).toBeUndefined();
      expect(loaded.file.rateRange, name).toBeUndefined();
      const resolved = resolveScenario(loaded, 5);
      expect(resolved.machines, name).toBe(3);
      expect(resolved.ratesDrawnFrom, name).toEqual(lognormal);
    }
  });

  it("lets --rates or --rate-range replace the file's rate distribution", () => {
    const fixed = loadScenario('heavy-tail', { values: { rates: [2, 3] }, flags: cliFlags });
    expect(fixed.file.rateDistribution).toBeUndefined();
    expect(resolveScenario(fixed, 5).rates).toEqual([2, 3]);
    const range = loadScenario('heavy-tail', {
      values: { rateRange: { min: 3, max: 4 } },
      flags: cliFlags,
    });
    expect(range.file.rateDistribution).toBeUndefined();
    const resolved = resolveScenario(range, 5);
    expect(resolved.machines).toBe(12);
    expect(resolved.ratesDrawnFrom).toEqual({ min: 3, max: 4 });
  });

  it("lets --machines draw more machines from the file's rate distribution", () => {
    const loaded = loadScenario('heavy-tail', { values: { machines: 20 }, flags: cliFlags });
    const resolved = resolveScenario(loaded, loaded.file.seed as number);
    const asShipped = resolveScenario(loadBundled('heavy-tail'), loaded.file.seed as number);
    expect(resolved.rates).toHaveLength(20);
    expect(resolved.rates.slice(0, 12)).toEqual(asShipped.rates);
    expect(resolved.ratesDrawnFrom).toEqual(asShipped.ratesDrawnFrom);
  });

  it('refuses --rate-distribution with --rates or --rate-range, naming --rate-distribution', () => {
    for (const other of [{ rates: [1, 2, 3] }, { rateRange: { min: 1, max: 6 } }]) {
      const { message } = inputErrorFrom(() =>
        loadScenario('default', {
          values: { ...other, rateDistribution: lognormal },
          flags: cliFlags,
        }),
      );
      const otherFlag = 'rates' in other ? '--rates' : '--rate-range';
      expect(message).toBe(
        `--rate-distribution: expected either ${otherFlag} or --rate-distribution, not both`,
      );
    }
  });

  it('refuses --rates and --rate-range given together instead of dropping one', () => {
    const { message } = inputErrorFrom(() =>
      loadScenario('default', {
        values: { rates: [1, 2, 3], rateRange: { min: 1, max: 6 } },
        flags: cliFlags,
      }),
    );
    expect(message).toBe('--rate-range: expected either --rates or --rate-range, not both');
  });
});

describe('resolveScenario', () => {
  const rangeCase = fc
    .record({
      seed: fc.nat({ max: 0xffff_ffff }),
      machines: fc.integer({ min: 2, max: 24 }),
      min: fc.integer({ min: 1, max: 50 }),
      span: fc.integer({ min: 0, max: 50 }),
    })
    .map(({ seed, machines, min, span }) => ({ seed, machines, min, max: min + span }));

  function drawn(seed: number, machines: number, min: number, max: number): readonly number[] {
    const file = scenarioSchema.parse({ machines, rateRange: { min, max } });
    return resolveScenario({ source: 'test', name: 'test', file }, seed).rates;
  }

  it('draws whole-number rates within rateRange, one per machine', () => {
    fc.assert(
      fc.property(rangeCase, ({ seed, machines, min, max }) => {
        const rates = drawn(seed, machines, min, max);
        expect(rates).toHaveLength(machines);
        for (const rate of rates) {
          expect(Number.isInteger(rate)).toBe(true);
          expect(rate).toBeGreaterThanOrEqual(min);
          expect(rate).toBeLessThanOrEqual(max);
        }
      }),
    );
  });

  it('draws the same rates for the same seed', () => {
    fc.assert(
      fc.property(rangeCase, ({ seed, machines, min, max }) => {
        expect(drawn(seed, machines, min, max)).toEqual(drawn(seed, machines, min, max));
      }),
    );
  });

  it('draws different rates for different seeds', () => {
    const distinct = new Set<string>();
    for (let seed = 0; seed < 50; seed += 1) distinct.add(drawn(seed, 3, 1, 6).join(','));
    expect(distinct.size).toBeGreaterThan(10);
  });

  it("keeps machine i's rate when machines are added", () => {
    fc.assert(
      fc.property(rangeCase, fc.integer({ min: 1, max: 20 }), (range, added) => {
        const { seed, machines, min, max } = range;
        const fewer = drawn(seed, machines, min, max);
        const more = drawn(seed, machines + added, min, max);
        expect(more.slice(0, machines)).toEqual(fewer);
      }),
    );
  });

  it('fills every default for an empty scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lamport-lab-scenario-'));
    try {
      const path = join(dir, 'empty-scenario.json');
      writeFileSync(path, '{}');
      const resolved = resolveScenario(loadScenario(path, noOverrides), 7);
      expect(resolved.name).toBe('empty-scenario');
      expect(resolved.description).toBe('');
      expect(resolved.seed).toBe(7);
      expect(resolved.machines).toBe(3);
      expect(resolved.rates).toHaveLength(3);
      expect(resolved.ratesDrawnFrom).toEqual({ min: 1, max: 6 });
      expect(resolved.internalProbability).toBe(0.7);
      expect(resolved.durationSec).toBe(60);
      expect(resolved.latency).toEqual({ kind: 'constant', ms: 0 });
      expect(resolved.fifo).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses fixed rates as given and takes the machine count from them', () => {
    const file = scenarioSchema.parse({ rates: [2.5, 1, 4, 3] });
    const resolved = resolveScenario({ source: 'test', name: 'test', file }, 1);
    expect(resolved.rates).toEqual([2.5, 1, 4, 3]);
    expect(resolved.machines).toBe(4);
    expect(resolved.ratesDrawnFrom).toBeNull();
  });
});

describe('scenarios/scenario.schema.json', () => {
  it('describes the same format as the validator', () => {
    const committed: unknown = JSON.parse(readFileSync(scenarioSchemaPath, 'utf8'));
    expect(committed).toEqual(JSON.parse(scenarioSchemaText()));
  });

  it('is byte for byte what `npm run schema` writes', () => {
    expect(readFileSync(scenarioSchemaPath, 'utf8')).toBe(scenarioSchemaText());
  });
});
