/**
 * Goal: `check` keeps rule 0's promise, "the logs are the run the manifest describes". A manifest
 * field of the wrong type or out of the scenario loader's range, an unknown formatVersion, or a
 * manifest that contradicts itself is unreadable input: exit 2, one line naming the file and the
 * field, what was expected and what came, nothing written. A well-formed manifest that disagrees
 * with the logs (rows, bytes, files listed, event total) is a FAILED check, exit 1, naming
 * manifest.json, the field and both values.
 * Method: one small correct run (trial4, 10 s: 30, 20 and 10 rows) is made with executeRun;
 * each case copies it into a fresh temp dir, edits manifest.json and runs the CLI program there
 * (in this process).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyzeRun } from '../../../src/analysis/analyze-run.js';
import { checkRun } from '../../../src/check/check-run.js';
import { rerunEventsMax, verifyByRerun } from '../../../src/check/manifest-rerun.js';
import { readRunFiles } from '../../../src/logs/run-manifest.js';
import { cliIn, fileHashes } from '../../helpers/cli-process.js';
import { useCopiedRun } from '../../helpers/copied-run.js';

const packageRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const workDir = useCopiedRun('check-manifest');
let cwd: string;

beforeEach(() => {
  cwd = workDir();
});

/** The CLI program in this process, in the test's working directory. */
const cli = cliIn(() => cwd);

/** Every file under the working directory with its sha256: to prove nothing was written. */
function snapshot(): Map<string, string> {
  return fileHashes(cwd);
}

/** `check run` must refuse: exit 2, nothing on stdout, one line on stderr, nothing written. */
async function expectRefusal(): Promise<string> {
  const before = snapshot();
  const result = await cli('check', 'run');
  expect(result.status, result.stdout + result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const message = result.stderr.slice(0, -1);
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .*\.js:\d+/);
  expect(message).not.toMatch(/internal error/);
  expect(snapshot()).toEqual(before);
  return message;
}

/** `check run` must fail the run: exit 1, FAILED with rule 0, nothing written. Returns stdout. */
async function expectFailed(): Promise<string> {
  const before = snapshot();
  const result = await cli('check', 'run');
  expect(result.status, result.stdout + result.stderr).toBe(1);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^FAILED run: rule 0 manifest: 1;/);
  expect(snapshot()).toEqual(before);
  return result.stdout;
}

type Json = Record<string, unknown>;

function editManifest(edit: (manifest: Json & { scenario: Json; logs: Json[] }) => void): void {
  const path = join(cwd, 'run', 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Json & {
    scenario: Json;
    logs: Json[];
  };
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

const refusal = (field: string, rest: string): string =>
  `lamport-lab: run/manifest.json: ${field}: ${rest}`;

describe('check refuses a malformed manifest (exit 2)', () => {
  it('the unedited run checks OK (the cases below break one thing each)', async () => {
    const result = await cli('check', 'run');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^OK run: 60 events/);
  });

  it('scenario.machines -1', async () => {
    editManifest((manifest) => {
      manifest.scenario.machines = -1;
    });
    expect(await expectRefusal()).toBe(
      refusal(
        'scenario.machines',
        'expected a whole number of machines, 2..10000, got -1 (number)',
      ),
    );
  });

  it('scenario.machines "3" (a string)', async () => {
    editManifest((manifest) => {
      manifest.scenario.machines = '3';
    });
    expect(await expectRefusal()).toBe(
      refusal(
        'scenario.machines',
        'expected a whole number of machines, 2..10000, got "3" (string)',
      ),
    );
  });

  it('scenario.machines 5 while it lists 3 machines with 3 logs', async () => {
    editManifest((manifest) => {
      manifest.scenario.machines = 5;
    });
    expect(await expectRefusal()).toBe(
      refusal(
        'scenario.machines',
        'expected 3, the number of machines it lists (machines[0..2], one log each), got 5 (number)',
      ),
    );
  });

  it('formatVersion 99', async () => {
    editManifest((manifest) => {
      manifest.formatVersion = 99;
    });
    expect(await expectRefusal()).toBe(
      refusal(
        'formatVersion',
        'expected 1 (the manifest format this lamport-lab reads), got 99 (number)',
      ),
    );
  });

  it('durationUs 0 in a completed run of 10 s', async () => {
    editManifest((manifest) => {
      manifest.durationUs = 0;
    });
    expect(await expectRefusal()).toBe(
      refusal(
        'durationUs',
        'expected 10000000 (scenario.durationSec 10 s: the run completed), got 0 (number)',
      ),
    );
  });

  it('events -1', async () => {
    editManifest((manifest) => {
      manifest.events = -1;
    });
    expect(await expectRefusal()).toBe(
      refusal('events', 'expected a whole number of events, >= 0, got -1 (number)'),
    );
  });

  it('mode "udp"', async () => {
    editManifest((manifest) => {
      manifest.mode = 'udp';
    });
    expect(await expectRefusal()).toBe(
      refusal('mode', 'expected "virtual", "tcp" or "imported", got "udp" (string)'),
    );
  });

  it('a field inside an array is named with its index', async () => {
    editManifest((manifest) => {
      (manifest.logs[1] as Json).rows = 2.5;
    });
    expect(await expectRefusal()).toMatch(/^lamport-lab: run\/manifest\.json: logs\[1\]\.rows: /);
  });
});

describe('check fails a manifest that disagrees with the logs (exit 1, rule 0)', () => {
  it('logs[0].rows 9 while machine-0.csv has 30 rows', async () => {
    editManifest((manifest) => {
      (manifest.logs[0] as Json).rows = 9;
    });
    expect(await expectFailed()).toContain(
      'manifest.json: rule 0 (manifest): logs[0].rows: the manifest counts the rows of ' +
        'machine-0.csv; expected 30 (machine-0.csv has 30 rows), found 9\n',
    );
  });

  it('logs[1].bytes one short', async () => {
    let bytes = 0;
    editManifest((manifest) => {
      bytes = (manifest.logs[1] as { bytes: number }).bytes;
      (manifest.logs[1] as Json).bytes = bytes - 1;
    });
    expect(await expectFailed()).toContain(
      'manifest.json: rule 0 (manifest): logs[1].bytes: the manifest counts the bytes of ' +
        `machine-1.csv; expected ${bytes} (machine-1.csv has ${bytes} bytes), found ${bytes - 1}\n`,
    );
  });

  it('events 59 while the logs hold 60 rows', async () => {
    editManifest((manifest) => {
      manifest.events = 59;
    });
    expect(await expectFailed()).toContain(
      'manifest.json: rule 0 (manifest): events: the manifest counts every row of the logs; ' +
        'expected 60 (the 3 logs have 60 rows), found 59\n',
    );
  });

  it('logs lists a machine-3.csv the run does not have', async () => {
    editManifest((manifest) => {
      manifest.logs.push({ ...(manifest.logs[2] as Json), file: 'machine-3.csv' });
    });
    expect(await expectFailed()).toContain(
      "manifest.json: rule 0 (manifest): logs[3].file: the manifest lists each of the run's " +
        'logs once, and no other file; expected one of machine-0.csv .. machine-2.csv, found ' +
        'machine-3.csv\n',
    );
  });
});

type EditedManifest = Json & {
  scenario: Json & { rates: number[]; seed: number; internalProbability: number };
  messages: { sent: number; received: number };
  machines: (Json & { finalClock: number; clockJumpMax: number; events: Json })[];
  causality: { longestChain: number };
  events: number;
  completed: boolean;
  mode: string;
  logs: Json[];
};

/**
 * One edit per kind of figure a manifest states: what the logs determine (rates through the tick
 * times, totals, clocks, jumps, the longest chain, the event total, events by kind) and what only
 * a re-run of the scenario shows (seed, internal probability, latency).
 */
const plantedEdits: readonly {
  readonly name: string;
  readonly field: string;
  readonly edit: (manifest: EditedManifest) => void;
}[] = [
  {
    name: 'a rate: scenario.rates[2] 1 -> 2',
    field: 'scenario.rates[2]',
    edit: (manifest) => {
      manifest.scenario.rates[2] = 2;
    },
  },
  {
    name: 'the seed',
    field: 'scenario.seed',
    edit: (manifest) => {
      manifest.scenario.seed += 1;
    },
  },
  {
    name: 'the internal probability',
    field: 'scenario.internalProbability',
    edit: (manifest) => {
      manifest.scenario.internalProbability = 0.4;
    },
  },
  {
    name: 'the latency',
    field: 'scenario.latency',
    edit: (manifest) => {
      manifest.scenario.latency = { kind: 'constant', ms: 400 };
    },
  },
  {
    name: 'messages.sent',
    field: 'messages.sent',
    edit: (manifest) => {
      manifest.messages.sent += 1;
    },
  },
  {
    name: 'messages.received',
    field: 'messages.received',
    edit: (manifest) => {
      manifest.messages.received -= 1;
    },
  },
  {
    name: 'a final clock',
    field: 'machines[1].finalClock',
    edit: (manifest) => {
      (manifest.machines[1] as EditedManifest['machines'][number]).finalClock += 1;
    },
  },
  {
    name: 'a largest jump',
    field: 'machines[2].clockJumpMax',
    edit: (manifest) => {
      (manifest.machines[2] as EditedManifest['machines'][number]).clockJumpMax += 3;
    },
  },
  {
    name: 'events by kind (one internal counted as a send)',
    field: 'machines[0].events.internal',
    edit: (manifest) => {
      const events = (manifest.machines[0] as EditedManifest['machines'][number]).events as {
        internal: number;
        send: number;
      };
      events.internal -= 1;
      events.send += 1;
    },
  },
  {
    name: 'the longest chain',
    field: 'causality.longestChain',
    edit: (manifest) => {
      manifest.causality.longestChain += 1;
    },
  },
  {
    name: 'the event total',
    field: 'events',
    edit: (manifest) => {
      manifest.events -= 1;
    },
  },
  {
    name: 'stopped early, with the seed changed (a run stopped early is not re-run)',
    field: 'completed',
    edit: (manifest) => {
      manifest.completed = false;
      manifest.scenario.seed += 1;
    },
  },
  {
    name: 'the mode "tcp" (no tick times checked), with a rate 1 -> 2 on both sides',
    field: 'scenario.rates[2]',
    edit: (manifest) => {
      manifest.mode = 'tcp';
      manifest.scenario.rates[2] = 2;
      (manifest.machines[2] as Json).rateHz = 2;
    },
  },
  {
    name: "a log's rows",
    field: 'logs[0].rows',
    edit: (manifest) => {
      (manifest.logs[0] as { rows: number }).rows -= 1;
    },
  },
  {
    name: "a log's bytes",
    field: 'logs[1].bytes',
    edit: (manifest) => {
      (manifest.logs[1] as { bytes: number }).bytes += 1;
    },
  },
];

describe('a manifest edited after the run: check fails it (rule 0), analyze, plot and report refuse it', () => {
  it('the unedited run: check says it re-ran the scenario, and every command accepts it', async () => {
    const runDir = join(cwd, 'run');
    const checked = await cli('check', runDir);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain(
      'note: manifest: the scenario was re-run in memory (60 events) and compared',
    );
    for (const command of ['analyze', 'plot', 'report']) {
      const result = await cli(command, runDir);
      expect(result.status, `${command}: ${result.stderr}`).toBe(0);
      expect(result.stderr).toBe('');
    }
  });

  it.each(plantedEdits)('$name: check names $field (exit 1)', async ({ field, edit }) => {
    editManifest((manifest) => edit(manifest as unknown as EditedManifest));
    const runDir = join(cwd, 'run');
    const result = await cli('check', runDir);
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAILED .*rule 0 manifest: \d+/);
    const ruleZero = result.stdout
      .split('\n')
      .filter((line) => line.includes(': rule 0 (manifest): '));
    expect(
      ruleZero.some((line) => line.includes(field)),
      result.stdout,
    ).toBe(true);
  });

  it.each(plantedEdits)(
    '$name: analyze, plot and report refuse it naming $field (exit 2, nothing written)',
    async ({ field, edit }) => {
      editManifest((manifest) => edit(manifest as unknown as EditedManifest));
      const runDir = join(cwd, 'run');
      for (const command of ['analyze', 'plot', 'report']) {
        const before = snapshot();
        const result = await cli(command, runDir);
        expect(result.status, `${command}: ${result.stdout}${result.stderr}`).toBe(2);
        expect(result.stdout).toBe('');
        const message = result.stderr.replace(/\n$/, '');
        expect(message).not.toContain('\n');
        expect(message.startsWith(`lamport-lab: ${join(runDir, 'manifest.json')}: `)).toBe(true);
        expect(message, command).toContain(field);
        expect(snapshot(), command).toEqual(before);
      }
    },
  );
});

describe('manifests written before (scenarios/baselines/runs) stay readable and pass', () => {
  const baselineRuns = join(packageRoot, 'scenarios', 'baselines', 'runs');
  it.each(readdirSync(baselineRuns).sort())(
    '%s: check OK with the re-run, analyze accepts it',
    (name) => {
      const runDir = join(baselineRuns, name);
      const report = checkRun(runDir, { maxErrors: 5 });
      expect(report.violations).toEqual([]);
      expect(report.notes).toContainEqual(
        expect.stringMatching(/^manifest: the scenario was re-run in memory/),
      );
      // The ledger: every copy sent (or duplicated, with faults) is in exactly one category.
      const { messages } = report;
      expect(
        messages.received +
          (messages.queuedAtEnd ?? 0) +
          (messages.inFlightAtEnd ?? 0) +
          (messages.undeliverable ?? 0) +
          messages.lostWithFailure +
          (report.faults?.dropped ?? 0),
      ).toBe(messages.sent + (report.faults?.duplicated ?? 0));
      const notes: string[] = [];
      expect(
        analyzeRun(runDir, { rerun: 'auto', onNote: (note) => notes.push(note) }).summary.machines
          .length,
      ).toBeGreaterThan(0);
      expect(notes).toEqual([]);
    },
  );
});

describe('check says whether it re-ran the scenario, never silently', () => {
  it('a run above the default limit is not re-run, and the note says why and how to force it', () => {
    const runDir = join(cwd, 'run');
    const { manifest } = readRunFiles(runDir);
    if (manifest === null) throw new Error('the copied run has a manifest');
    const skipped = verifyByRerun(runDir, manifest, rerunEventsMax + 1, 'auto', true);
    expect(skipped.rerun).toBe(false);
    expect(skipped.note).toBe(
      'manifest: the scenario was not re-run (1,000,001 events, more than the 1,000,000 re-run ' +
        'by default): its seed, internal probability, latency and FIFO are not checked; --rerun checks them',
    );
    const forced = verifyByRerun(runDir, manifest, rerunEventsMax + 1, 'always', true);
    expect(forced.rerun).toBe(true);
    expect(forced.mismatches).toEqual([]);
  });

  it('--no-rerun: the seed goes unchecked, and the output says so', async () => {
    editManifest((manifest) => {
      (manifest.scenario as { seed: number }).seed += 1;
    });
    const result = await cli('check', join(cwd, 'run'), '--no-rerun');
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toContain(
      'note: manifest: the scenario was not re-run (--no-rerun): its seed, internal probability, latency and FIFO are not checked',
    );
    expect((await cli('check', join(cwd, 'run'), '--rerun')).status).toBe(1);
  });

  it('a run that does not replay names the command to type next as npx runs it from a clone', async () => {
    editManifest((manifest) => {
      (manifest.scenario as { seed: number }).seed += 1;
    });
    const runDir = join(cwd, 'run');
    const result = await cli('check', runDir);
    expect(result.status, result.stdout).toBe(1);
    expect(result.stdout).toContain(`(\`npx lamport-lab replay ${runDir} --verify\` names`);
    expect(result.stdout).not.toMatch(/(?<!npx )lamport-lab replay/);
  });
});
