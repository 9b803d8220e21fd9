/**
 * Goal: the playground refuses a bad scenario or seed with the very line the CLI prints for the
 * same file and seed; a good edited scenario gives the CLI's files for `run playground.json`, and
 * the viewer's data holds every event of the logs. Method: the same scenario written as
 * playground.json and run by the CLI in-process.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toolVersion } from '../../../src/common/paths.js';
import { playgroundRun } from '../../../src/playground/playground-run.js';
import { RunView } from '../../../src/view/model/run-view.js';
import { runCliInProcess } from '../../helpers/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-playground-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const origin = { source: 'playground.json', defaultName: 'playground' };

async function cliRefusal(scenario: object, seed: string): Promise<string> {
  writeFileSync(join(dir, 'playground.json'), JSON.stringify(scenario));
  const cli = await runCliInProcess(dir, ['run', 'playground.json', '--seed', seed, '--no-logs']);
  expect(cli.status).toBe(2);
  return cli.stderr.trim();
}

describe('playgroundRun', () => {
  it.each([
    [{ machines: 3, faults: [{ kind: 'loss', p: 2 }] }, '1'],
    [{ machines: 3, durationSec: 'ten' }, '1'],
    [{ rates: [1, 2], machines: 5 }, '1'],
    [{ machines: 3, colour: 'blue' }, '1'],
  ])('refuses %j with the CLI line', async (scenario, seed) => {
    const outcome = await playgroundRun({ scenario, origin, seed: Number(seed), toolVersion });
    expect(outcome.kind).toBe('refused');
    const message = outcome.kind === 'refused' ? outcome.message : '';
    expect(message).toBe(await cliRefusal(scenario, seed));
    expect(message).not.toContain('\n');
  });

  it('refuses a seed out of range in one line', async () => {
    const outcome = await playgroundRun({ scenario: {}, origin, seed: -1, toolVersion });
    expect(outcome).toEqual({
      kind: 'refused',
      message: expect.stringMatching(/^lamport-lab: seed: expected a whole number 0\.\.4294967295/),
    });
  });

  it('makes the CLI files of an edited scenario and the viewer data of every row', async () => {
    const scenario = {
      machines: 4,
      rateRange: { min: 2, max: 5 },
      durationSec: 20,
      latency: { kind: 'uniform', minMs: 1, maxMs: 30 },
      faults: [
        { kind: 'crash', machine: 1, atSec: 5 },
        { kind: 'restart', machine: 1, atSec: 9 },
      ],
    };
    writeFileSync(join(dir, 'playground.json'), JSON.stringify(scenario));
    const outDir = join(dir, 'edited');
    const cli = await runCliInProcess(dir, [
      'run',
      'playground.json',
      '--seed',
      '9',
      '--out',
      outDir,
    ]);
    expect(cli.status, cli.stderr).toBe(0);
    const outcome = await playgroundRun({ scenario, origin, seed: 9, toolVersion });
    if (outcome.kind !== 'done') throw new Error(`refused: ${outcome.message}`);
    for (const file of outcome.files) {
      const expected = readFileSync(join(outDir, file.name));
      expect(Buffer.from(file.bytes).equals(expected), file.name).toBe(true);
    }
    const view = RunView.fromData(outcome.viewData);
    for (let machine = 0; machine < 4; machine += 1) {
      const rows = readFileSync(join(outDir, `machine-${machine}.csv`), 'utf8')
        .trim()
        .split('\n');
      const { start, end } = view.machineRange(machine);
      const cells = [];
      for (let i = start; i < end; i += 1) cells.push(view.rowCells(i).join(','));
      expect(cells).toEqual(rows.slice(1));
    }
    expect(view.faults.length).toBeGreaterThan(0);
  });
});
