/**
 * Start-up over bare node: how much longer than `node -e 0` the CLI takes, as a user runs it
 * (the `bin` of package.json, a fresh process each time), for `--help`, `--version` and the
 * smallest real run (`run --duration 1 --no-logs`, ten events). Bare node and each command take
 * turns, round after round, so a machine that slows down over the seconds weighs on all alike;
 * the figure is the median of each minus the median of bare node.
 *
 * Several CLIs can be given (e.g. a build before and after a change): they take turns too, so
 * their figures come from the same minutes and compare even on a loaded machine.
 *
 * Beside the wall time, where Linux tells it (/proc/self/stat), the CPU time of each process, all
 * its threads, user and system: on a machine shared with other work the wall time grows with the
 * load (bare node alone went from ~70 to 300-500 ms here), its CPU time much less. Linux counts
 * it in ticks of 10 ms, so it is a mean, not a median.
 *
 * Usage: node dist/bench/startup-case.js [repetitions, default 10] [cli.js ...]
 * Prints one JSON line: { bareMs, bareCpuMs, clis: [{ cli, medianMs, overBareMs, cpuOverBareMs }] }.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** The commands timed, by the name their figures carry. */
export const startupCommands = {
  help: ['--help'],
  version: ['--version'],
  run: ['run', '--duration', '1', '--no-logs'],
} as const;
export type StartupCommand = keyof typeof startupCommands;

export interface StartupResult {
  readonly bareMs: number;
  /** Mean CPU time of bare node; null where /proc/self/stat is not there to tell it. */
  readonly bareCpuMs: number | null;
  readonly repetitions: number;
  readonly clis: readonly {
    readonly cli: string;
    readonly medianMs: Readonly<Record<StartupCommand, number>>;
    readonly overBareMs: Readonly<Record<StartupCommand, number>>;
    readonly cpuOverBareMs: Readonly<Record<StartupCommand, number>> | null;
  }[];
}

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CLI a user runs: what package.json's `bin` names. */
function installedCli(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  const bin = manifest.bin['lamport-lab'];
  if (bin === undefined) throw new Error('startup-case: package.json has no bin "lamport-lab"');
  return join(packageRoot, bin);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

/**
 * CPU time of this process's waited-for children so far, ms (cutime + cstime of
 * /proc/self/stat, in clock ticks of 10 ms), or null off Linux.
 */
function childrenCpuMs(): number | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces), from field 3 on: cutime is field 16.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSec = 100;
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticksPerSec;
}

/**
 * Wall time and CPU time of one fresh process, ms; it must succeed, or the figure would time a
 * failure.
 */
function timeProcess(
  args: readonly string[],
  cwd: string,
): { wallMs: number; cpuMs: number | null } {
  const cpuBeforeMs = childrenCpuMs();
  const startMs = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - startMs;
  const cpuAfterMs = childrenCpuMs();
  if (result.status !== 0) {
    throw new Error(
      `startup-case: node ${args.join(' ')} exited ${result.status}: ${String(result.stderr)}`,
    );
  }
  return {
    wallMs,
    cpuMs: cpuBeforeMs === null || cpuAfterMs === null ? null : cpuAfterMs - cpuBeforeMs,
  };
}

const [repetitionsText = '10', ...cliArguments] = process.argv.slice(2);
const repetitions = Number(repetitionsText);
if (!Number.isSafeInteger(repetitions) || repetitions < 1) {
  throw new Error(
    `startup-case: repetitions must be a whole number >= 1, got "${repetitionsText}"`,
  );
}
const clis = cliArguments.length > 0 ? cliArguments.map((cli) => resolve(cli)) : [installedCli()];
const names = Object.keys(startupCommands) as StartupCommand[];
// The run writes no logs, but a scratch directory keeps any surprise out of the project.
const cwd = mkdtempSync(join(tmpdir(), 'lamport-startup-'));
try {
  const bare: number[] = [];
  const bareCpu: number[] = [];
  const times = clis.map(() => new Map<StartupCommand, number[]>(names.map((name) => [name, []])));
  const cpuTimes = clis.map(
    () => new Map<StartupCommand, number[]>(names.map((name) => [name, []])),
  );
  let cpuKnown = true;
  // One untimed round first: the first processes after a build read files from disk.
  for (let round = -1; round < repetitions; round += 1) {
    const bareTime = timeProcess(['-e', '0'], cwd);
    if (round >= 0) bare.push(bareTime.wallMs);
    if (round >= 0 && bareTime.cpuMs !== null) bareCpu.push(bareTime.cpuMs);
    cpuKnown &&= bareTime.cpuMs !== null;
    clis.forEach((cli, index) => {
      for (const name of names) {
        const { wallMs, cpuMs } = timeProcess([cli, ...startupCommands[name]], cwd);
        if (round < 0) continue;
        times[index]?.get(name)?.push(wallMs);
        if (cpuMs !== null) cpuTimes[index]?.get(name)?.push(cpuMs);
      }
    });
  }
  const bareMs = median(bare);
  const bareCpuMs = cpuKnown ? mean(bareCpu) : null;
  const result: StartupResult = {
    bareMs,
    bareCpuMs,
    repetitions,
    clis: clis.map((cli, index) => {
      const medianMs = Object.fromEntries(
        names.map((name) => [name, median(times[index]?.get(name) ?? [])]),
      ) as Record<StartupCommand, number>;
      const overBareMs = Object.fromEntries(
        names.map((name) => [name, medianMs[name] - bareMs]),
      ) as Record<StartupCommand, number>;
      const cpuOverBareMs =
        bareCpuMs === null
          ? null
          : (Object.fromEntries(
              names.map((name) => [name, mean(cpuTimes[index]?.get(name) ?? []) - bareCpuMs]),
            ) as Record<StartupCommand, number>);
      return { cli, medianMs, overBareMs, cpuOverBareMs };
    }),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
