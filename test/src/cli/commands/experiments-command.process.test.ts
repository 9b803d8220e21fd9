/**
 * The experiments command end to end, as a user runs it (the built CLI, worker threads): every
 * experiment of the matrix gets a row and an observation, the figures and the sweep heatmaps are
 * written, and the same command writes the same bytes twice, whatever the number of workers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matrixScenarios } from '../../../../src/experiments/matrix.js';
import { cliPath } from '../../../helpers/cli-process.js';

const workDir = mkdtempSync(join(tmpdir(), 'lamport-experiments-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function experiments(out: string, workers: number) {
  const args = [
    'experiments',
    '--seeds',
    '2',
    '--duration',
    '30',
    '--sweep',
    '--workers',
    String(workers),
    '--out',
    out,
  ];
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('lamport-lab experiments', () => {
  it('writes a row, an observation and a figure per experiment, and the sweep heatmaps', () => {
    const out = join(workDir, 'a');
    const result = experiments(out, 2);
    expect(result.status, result.stderr).toBe(0);
    const markdown = readFileSync(join(out, 'REPORT.md'), 'utf8');
    for (const name of matrixScenarios) {
      expect(markdown).toContain(`| ${name} |`);
      expect(markdown).toContain(`- **${name}**: `);
      // Each figure says which experiment it shows (all were "Queue length over time").
      const figure = readFileSync(join(out, 'figures', `${name}-queue.svg`), 'utf8');
      expect(figure).toContain(`>${name} (seed `);
      expect(figure).toContain('): queue length over time<');
    }
    // A drawn rate belongs to no machine id: machine 0 is fast in one seed and slow in another.
    expect(markdown).not.toContain('in the first run');
    expect(markdown).toContain('figures/sweep-queue-growth.svg');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg\b/g)?.length).toBe(matrixScenarios.length + 2);
    expect(
      readdirSync(join(out, 'runs')).filter((name) => name !== '.lamport-lab.json').length,
    ).toBe(2 * matrixScenarios.length + 2 * 30);
  });

  it('gives the same report for the same seeds, with one worker or two', () => {
    const first = join(workDir, 'b');
    const second = join(workDir, 'c');
    expect(experiments(first, 1).status).toBe(0);
    expect(experiments(second, 2).status).toBe(0);
    // The command line in the report names its --out, so compare everything after it.
    const body = (dir: string) =>
      readFileSync(join(dir, 'REPORT.md'), 'utf8').split('\n').slice(3).join('\n');
    expect(body(second)).toBe(body(first));
  });
});

describe('lamport-lab experiments of long runs', () => {
  it('warns before it starts when its runs together would write more than ~1 GB of logs', async () => {
    const out = join(workDir, 'long');
    // Stopped (by its PID) as soon as the start is printed: the warning comes before any run.
    const child = spawn(
      process.execPath,
      [
        cliPath,
        'experiments',
        '--seeds',
        '1',
        '--workers',
        '1',
        '--duration',
        '10000000',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 20_000);
      child.stderr.on('data', (text: string) => {
        stderr += text;
        if (stderr.includes('experiments: ')) {
          clearTimeout(timer);
          // The warning is written right after that line; give the pipe a moment.
          setTimeout(resolve, 300);
        }
      });
    });
    child.kill('SIGKILL');
    await exited;
    expect(stderr).toMatch(
      /^warning: these 18 runs will write about [\d.]+ GB of logs \([\d,]+ rows\); use fewer --seeds, or --duration \d+ or less to stay under 1 GB$/m,
    );
  });
});
