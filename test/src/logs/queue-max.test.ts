/**
 * Every view of a run agrees on the queue: the end-of-run table's "max queue" is the analysis's
 * (summary.json) and never below "final queue". Both were the largest length a row shows (after
 * each take), so the default run printed "max queue 0, final queue 1" for machine 1.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-queue-max-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('max queue', () => {
  it('is the same in the run table and summary.json, and never below the final queue', async () => {
    const result = await runCliInProcess(workDir, ['run', 'default', '--out', 'd']);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('machine '));
    const columns = (lines[header] as string).split(/\s{2,}/);
    const maxAt = columns.indexOf('max queue');
    const finalAt = columns.indexOf('final queue');
    const summary = JSON.parse(readFileSync(join(workDir, 'd', 'summary.json'), 'utf8')) as {
      machines: { queue: { max: number; final: number } }[];
    };
    summary.machines.forEach((machine, id) => {
      const cells = (lines[header + 2 + id] as string).trim().split(/\s+/).map(Number);
      expect(cells[maxAt]).toBe(machine.queue.max);
      expect(cells[finalAt]).toBe(machine.queue.final);
      expect(machine.queue.max).toBeGreaterThanOrEqual(machine.queue.final);
    });
  });
});
