/**
 * `lamport-lab scenarios` lines up its columns whatever their lengths: heavy-tail's long rate
 * description pushed its own description out of line (the facts column had a fixed width).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../helpers/cli-process.js';

describe('lamport-lab scenarios', () => {
  it('starts every description at the same column', async () => {
    const result = await runCliInProcess(process.cwd(), ['scenarios']);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const starts = lines.map((line) => {
      const name = line.split(' ')[0] as string;
      const scenario = JSON.parse(
        readFileSync(join(process.cwd(), 'scenarios', `${name}.json`), 'utf8'),
      ) as { description: string };
      expect(scenario.description.length).toBeGreaterThan(0);
      return line.indexOf(scenario.description);
    });
    expect(new Set(starts)).toEqual(new Set([starts[0]]));
  });
});
