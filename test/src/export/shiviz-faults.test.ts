/**
 * Goal: a ShiViz export of a run with faults shows them as events ShiViz draws: a dropped copy as
 * a local event of its sender (right after the send when it was lost at the send), a crash, pause,
 * resume and rate step on their machine, a partition's start and heal on every machine; a
 * corrupted send names the clock it carried. The log stays one ShiViz reads: each host's own
 * component rises by exactly 1 per event. A run without faults exports byte for byte the same with
 * a faults.csv beside it; one whose manifest names faults is refused without its faults.csv.
 * Method: the hand-made faults of fault-fixture.ts on a copied real run, exported by the CLI
 * program in this process; the file parsed with its own first-line regex.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';
import { addFixtureFaults } from '../../helpers/fault-fixture.js';

const workDir = useCopiedRun('shiviz-faults');
const cli = cliIn(workDir);

interface Event {
  readonly host: string;
  readonly clock: Record<string, number>;
  readonly description: string;
}

async function exported(): Promise<{ text: string; events: Event[] }> {
  const result = await cli('export', 'run', '--format', 'shiviz', '--out', 'out.log');
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const text = readFileSync(join(workDir(), 'out.log'), 'utf8');
  const [regexLine] = text.split('\n');
  const pattern = new RegExp((regexLine as string).replace('\\n', '\n'), 'g');
  const body = text.slice((regexLine as string).length + 2);
  const events = [...body.matchAll(pattern)].map((match) => ({
    host: match.groups?.host as string,
    clock: JSON.parse(match.groups?.clock as string) as Record<string, number>,
    description: match.groups?.event as string,
  }));
  return { text, events };
}

const of = (events: Event[], host: string) => events.filter((event) => event.host === host);

describe('the ShiViz export of a run with faults', () => {
  it('adds each fault action as a local event of the host it concerns', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    const { events } = await exported();
    const descriptions = (host: string) => of(events, host).map((event) => event.description);
    const machine0 = descriptions('machine0');
    // 0-9 was lost when sent (3000 ms): the drop follows the send on machine 0.
    const send = machine0.findIndex((text) => text.startsWith('send L=9 t=3000ms msg=0-9'));
    expect(send).toBeGreaterThanOrEqual(0);
    expect(machine0[send + 1]).toBe('drop t=3000ms fault=1 msg=0-9 to=2 reason=loss');
    expect(machine0).toContain('drop t=6000ms fault=2 msg=0-18 to=1 reason=crash');
    expect(machine0).toContain('rate t=9000ms fault=8 fromHz=3 toHz=1');
    expect(machine0.find((text) => text.includes('msg=0-8'))).toMatch(/ carried=1000008$/);
    expect(descriptions('machine1')).toContain('crash t=5200ms fault=2 inbox=drop queued=0');
    expect(descriptions('machine2')).toEqual(
      expect.arrayContaining(['pause t=2500ms fault=4', 'resume t=3500ms fault=4 missed=1']),
    );
    for (const host of ['machine0', 'machine1', 'machine2']) {
      expect(descriptions(host)).toEqual(
        expect.arrayContaining([
          'partition-start t=4000ms fault=0 groups=0|1+2 oneWay=false',
          'partition-heal t=6000ms fault=0',
        ]),
      );
    }
  });

  it('keeps each host’s own component rising by exactly 1', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    const { events } = await exported();
    for (const host of ['machine0', 'machine1', 'machine2']) {
      expect(of(events, host).map((event) => event.clock[host])).toEqual(
        of(events, host).map((_, index) => index + 1),
      );
    }
    // 60 rows, 2 drops, a crash, a pause, a resume, a rate step, and 2 × 3 partition events.
    expect(events).toHaveLength(60 + 2 + 4 + 6);
  });

  it("is byte for byte the same export with a faults.csv beside a run without faults (the user's)", async () => {
    const before = (await exported()).text;
    const manifestPath = join(workDir(), 'run', 'manifest.json');
    const faultFree = readFileSync(manifestPath);
    addFixtureFaults(join(workDir(), 'run'));
    expect((await exported()).text).not.toBe(before);
    writeFileSync(manifestPath, faultFree);
    expect((await exported()).text).toBe(before);
  });

  it('refuses a run whose manifest names faults without its faults.csv, writing nothing', async () => {
    addFixtureFaults(join(workDir(), 'run'));
    rmSync(join(workDir(), 'run', 'faults.csv'));
    const result = await cli('export', 'run', '--format', 'shiviz', '--out', 'refused.out');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^lamport-lab: \S*faults\.csv: expected the fault evidence .* got no such file\n$/,
    );
    expect(existsSync(join(workDir(), 'refused.out'))).toBe(false);
  });
});
