/**
 * Goal: logs written by hand in each shape the issue shows, each with one known defect planted,
 * are imported (by their preset and by --format auto) and `check` finds the defect at the source
 * file and line it was planted on; the same logs with the defect taken out check OK, so the
 * finding is the defect's and nothing else's. And an imported run is a run: analyze, report,
 * plot and export read it.
 * Method: the fixtures (test/src/import/fixtures/<shape>/) are copied into a temporary
 * directory, edited there for the corrected copy, and run through the CLI in this process.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../../src/check/check-run.js';
import type { RuleId } from '../../../src/check/rules.js';
import { cliIn } from '../../helpers/cli-process.js';

const fixturesDir = fileURLToPath(new URL('./fixtures', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'lamport-import-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const cli = cliIn(() => workDir);

interface Shape {
  readonly preset: string;
  /** The planted defect: its file, line, and the rules that must name that line. */
  readonly defect: {
    readonly file: string;
    readonly line: number;
    readonly rules: readonly RuleId[];
  };
  /** The lines that take the defect out: [file, line, corrected text]. */
  readonly fixes: readonly (readonly [string, number, string | null])[];
}

const shapes: readonly Shape[] = [
  {
    // A timestamp taken before the increment: max(4, 5) logged, not max(4, 5) + 1.
    preset: 'event-csv',
    defect: { file: 'machine_2.csv', line: 4, rules: ['receiveRule', 'offByOne'] },
    fixes: [
      ['machine_2.csv', 4, 'receive ,1795311563.6000000,0,6'],
      ['machine_2.csv', 5, 'internal,1795311564.6000000,0,7'],
    ],
  },
  {
    // A phantom internal event logged beside a send: the clock does not rise, two events a tick.
    preset: 'python-logging',
    defect: { file: 'run.log', line: 12, rules: ['machineOrder', 'tickRate'] },
    fixes: [['run.log', 12, null]],
  },
  {
    // Ticks lost: three seconds between two rows of a machine ticking once a second.
    preset: 'global-time',
    defect: { file: 'm2.log', line: 5, rules: ['tickRate'] },
    fixes: [
      ['m2.log', 5, 'INTERNAL - GLOBAL TIME: 1795311563.3 - LOGICAL CLOCK TIME: 5 - QUEUE: 0'],
      ['m2.log', 6, 'INTERNAL - GLOBAL TIME: 1795311564.3 - LOGICAL CLOCK TIME: 6 - QUEUE: 0'],
    ],
  },
  {
    // A receive that ignores its own clock: message clock 2 + 1, below its previous clock 4.
    preset: 'json-events',
    defect: { file: 'log_8003.json', line: 5, rules: ['receiveRule', 'machineOrder'] },
    fixes: [
      [
        'log_8003.json',
        5,
        '  {"event_type": "RECV", "time": 1795311563.6, "clock": 5, "queue": 0, "msg": {"from": "127.0.0.1:8001", "clock": 2}},',
      ],
      [
        'log_8003.json',
        6,
        '  {"event_type": "INTERNAL", "time": 1795311564.6, "clock": 6, "queue": 0}',
      ],
    ],
  },
  {
    // Time going backwards within a machine.
    preset: 'lamport-lab',
    defect: { file: 'all.csv', line: 10, rules: ['machineOrder'] },
    fixes: [['all.csv', 10, '2,3,internal,2600,4,0,,,']],
  },
];

/** A copy of a shape's fixtures, with `fixes` applied when asked. */
function fixtureCopy(shape: Shape, name: string, fixed: boolean): string {
  const dir = join(workDir, name);
  cpSync(join(fixturesDir, shape.preset), dir, { recursive: true });
  if (!fixed) return dir;
  for (const file of new Set(shape.fixes.map(([fixFile]) => fixFile))) {
    const path = join(dir, file);
    const lines = readFileSync(path, 'utf8').split('\n');
    const edited = lines.flatMap((text, index) => {
      const fix = shape.fixes.find(([fixFile, line]) => fixFile === file && line === index + 1);
      if (fix === undefined) return [text];
      return fix[2] === null ? [] : [fix[2]];
    });
    writeFileSync(path, edited.join('\n'));
  }
  return dir;
}

async function checkJson(runDir: string): Promise<{ status: number | null; report: CheckReport }> {
  const result = await cli('check', runDir, '--json', '--max-errors', '1000');
  return { status: result.status, report: JSON.parse(result.stdout) as CheckReport };
}

describe.each(shapes)('import of $preset logs', (shape) => {
  it('finds the planted defect at its source line, with the rules it breaks', async () => {
    const input = fixtureCopy(shape, `${shape.preset}-in`, false);
    const out = join(workDir, `${shape.preset}-run`);
    const imported = await cli('import', input, '--format', shape.preset, '--out', out);
    expect(imported.status, imported.stderr + imported.stdout).toBe(0);
    const { status, report } = await checkJson(out);
    expect(status).toBe(1);
    const at = `${join(input, shape.defect.file)}:${shape.defect.line}`;
    const here = report.violations.filter((violation) => violation.where.startsWith(`${at} (`));
    expect(here.map((violation) => violation.rule)).toEqual(
      expect.arrayContaining([...shape.defect.rules]),
    );
    // The first violation listed is the defect's own line: nothing before it went wrong.
    expect(report.violations[0]?.where.startsWith(`${at} (`)).toBe(true);
  });

  it('checks OK once the defect is taken out', async () => {
    const input = fixtureCopy(shape, `${shape.preset}-fixed`, true);
    const out = join(workDir, `${shape.preset}-fixed-run`);
    const imported = await cli('import', input, '--format', shape.preset, '--out', out);
    expect(imported.status, imported.stderr + imported.stdout).toBe(0);
    const { status, report } = await checkJson(out);
    expect(report.violations).toEqual([]);
    expect(status).toBe(0);
  });

  it('--format auto picks its preset and says so', async () => {
    const input = fixtureCopy(shape, `${shape.preset}-auto`, false);
    const out = join(workDir, `${shape.preset}-auto-run`);
    const result = await cli('import', input, '--format', 'auto', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`format auto: ${shape.preset} fits best`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.mode).toBe('imported');
    expect(manifest.import.format).toBe(shape.preset);
  });
});

describe("the manifest's column sources", () => {
  it('call a field given only when the lines had it: python-logging lines without a queue', async () => {
    // The preset's regex has optional queue and message-clock groups that these lines lack.
    const shape = shapes.find((candidate) => candidate.preset === 'python-logging') as Shape;
    const out = join(workDir, 'columns-run');
    const input = fixtureCopy(shape, 'columns-in', false);
    const imported = await cli('import', input, '--format', shape.preset, '--out', out);
    expect(imported.status, imported.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.import.columns.queue_length.from).toBe('absent');
    expect(manifest.import.columns.msg_clock.from).toBe('inferred');
    const { report } = await checkJson(out);
    expect(JSON.stringify(report)).toContain('rule 13 queueBound not applied');
  });
});

describe('an imported run is a run', () => {
  it('analyze, report, plot and export read it and write their outputs', async () => {
    const input = fixtureCopy(shapes[2] as Shape, 'commands-in', false);
    const out = join(workDir, 'commands-run');
    expect((await cli('import', input, '--format', 'global-time', '--out', out)).status).toBe(0);
    const analyze = await cli('analyze', out);
    expect(analyze.status, analyze.stderr).toBe(0);
    expect(analyze.stdout).toContain('imported run');
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    expect((await cli('report', out)).status).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect((await cli('plot', out)).status).toBe(0);
    expect(existsSync(join(out, 'charts', 'spacetime.svg'))).toBe(true);
    for (const format of ['shiviz', 'perfetto']) {
      const result = await cli('export', out, '--format', format);
      expect(result.status, result.stderr).toBe(0);
    }
    expect(existsSync(join(out, 'run.shiviz.log'))).toBe(true);
    expect(existsSync(join(out, 'run.perfetto.json'))).toBe(true);
  });
});

describe('import exit codes', () => {
  it('1 when a line matches nothing: the run is written anyway and the line listed', async () => {
    const input = fixtureCopy(shapes[0] as Shape, 'unread-in', false);
    writeFileSync(
      join(input, 'machine_1.csv'),
      `${readFileSync(join(input, 'machine_1.csv'), 'utf8')}garbage here\n`,
    );
    const out = join(workDir, 'unread-run');
    const result = await cli('import', input, '--format', 'event-csv', '--out', out);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${join(input, 'machine_1.csv')}:6: expected 4 columns, got 1`);
    expect(readFileSync(join(out, 'import-findings.csv'), 'utf8')).toContain(
      `unread-line,${join(input, 'machine_1.csv')}:6,`,
    );
    expect(existsSync(join(out, 'machine-2.csv'))).toBe(true);
  });

  it('2 when no preset fits, naming each and its first unread line', async () => {
    const input = join(workDir, 'nothing-fits');
    cpSync(join(fixturesDir, 'event-csv'), input, { recursive: true });
    for (const id of [0, 1, 2])
      writeFileSync(join(input, `machine_${id}.csv`), 'hello world\nmore prose\n');
    const result = await cli(
      'import',
      input,
      '--format',
      'auto',
      '--out',
      join(workDir, 'nothing-run'),
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^lamport-lab: --format auto: expected logs one of the presets reads/,
    );
    expect(result.stderr).toContain(
      `event-csv: read 0 lines, 6 unread, first unread ${join(input, 'machine_0.csv')}:1`,
    );
    expect(existsSync(join(workDir, 'nothing-run'))).toBe(false);
  });

  it('2 for the log of one machine alone: a run has two at least', async () => {
    const input = join(fixturesDir, 'event-csv', 'machine_0.csv');
    const result = await cli(
      'import',
      input,
      '--format',
      'event-csv',
      '--out',
      join(workDir, 'one-run'),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `lamport-lab: ${input}: expected the logs of at least 2 machines (import every machine's log together), got machine 0 alone\n`,
    );
  });

  it('2 for a spec that is not one, in one line naming the field', async () => {
    const spec = join(workDir, 'bad-spec.json');
    writeFileSync(spec, JSON.stringify({ kind: 'regex', pattern: '(', fields: {} }));
    const result = await cli(
      'import',
      join(fixturesDir, 'event-csv'),
      '--format',
      spec,
      '--out',
      join(workDir, 'x'),
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `lamport-lab: ${spec}: pattern: expected a pattern with named groups: a valid regular expression, got "(" (string)\n`,
    );
  });
});
