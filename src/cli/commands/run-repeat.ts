/**
 * The words that repeat a run: the flags that change its scenario (which also tag its default
 * log directory), the arguments of a child run (`--check-determinism`), and the command printed
 * at the end of every run. Each is built from named parts, so no caller counts words.
 */
import { assertNever } from '../../../core/index.js';
import { commandToType, shellWord } from '../../common/command-to-type.js';
import { canonicalJson } from '../../scenario/fault-resolve.js';
import type { LatencySpec } from '../../scenario/schema.js';
import type { FaultFlag } from '../fault-flags.js';
import {
  defaultTcpHost,
  type FaultFlagOptions,
  faultFlagsOf,
  type RunOptions,
  type ScenarioFlagOptions,
} from './run-options.js';

/** What a repeat starts from: the scenario as typed (or as named) and the seed the run used. */
export interface RepeatBase {
  readonly scenario: string;
  readonly seed: number;
  readonly options: RunOptions;
}

/** What changes a scenario: `run`'s flags, and `harness`'s (no mode: it is the harness's own). */
export type ScenarioChangingOptions = ScenarioFlagOptions &
  FaultFlagOptions &
  Partial<Pick<RunOptions, 'mode' | 'topology'>>;

/**
 * The flags that change the scenario beyond its name and seed, unquoted: the same ones make the
 * same directory tag (defaultOutDir), so two runs that differ in any of them never share one.
 */
export function scenarioChangingFlags(
  options: ScenarioChangingOptions,
  faultText: (fault: FaultFlag) => string = (fault) => fault.text,
): string[] {
  const words: string[] = [];
  const faultFlags = faultFlagsOf(options);
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) words.push(flag, String(value));
  };
  add('--duration', options.duration);
  add('--machines', options.machines);
  add('--rates', options.rates?.join(','));
  add('--rate-range', options.rateRange && `${options.rateRange.min}-${options.rateRange.max}`);
  add('--rate-distribution', options.rateDistribution && JSON.stringify(options.rateDistribution));
  add('--internal-probability', options.internalProbability);
  add('--latency', options.latency && latencyFlag(options.latency));
  if (options.fifo !== undefined) words.push(options.fifo ? '--fifo' : '--no-fifo');
  for (const fault of faultFlags) words.push(fault.flag, faultText(fault));
  if (options.mode === 'tcp') {
    words.push('--mode', 'tcp');
    if (options.topology !== undefined && options.topology !== 'mesh')
      words.push('--topology', options.topology);
  }
  return words;
}

/**
 * The words that tag a run's default directory (defaultOutDir): the flags that change its
 * scenario, each by its value, as parsed. A fault flag is its entry as canonical JSON rather
 * than as typed, so `--loss 0.1`, `--loss 0.10` and `--loss 1e-1` share a directory, as
 * `--duration 10` and `--duration 10.0` do.
 */
export function directoryTagWords(options: ScenarioChangingOptions): string[] {
  return scenarioChangingFlags(options, (fault) => canonicalJson(fault.fault));
}

/** `run <scenario> --seed <seed>` and the flags that change it, unquoted: a child takes them as they are. */
export function runArguments({ scenario, seed, options }: RepeatBase): string[] {
  return ['run', scenario, '--seed', String(seed), ...scenarioChangingFlags(options)];
}

/**
 * The command that repeats this run exactly: the scenario, the seed and every override, its
 * --name, and in tcp mode where its machines listened (not part of the scenario, so not of the
 * directory tag).
 */
export function repeatCommand(base: RepeatBase): string {
  const { options } = base;
  const words = runArguments(base);
  // The name is already the directory's prefix, so it is not part of the tag either.
  if (options.name !== undefined) words.push('--name', options.name);
  if (options.mode === 'tcp') {
    if (options.host !== defaultTcpHost) words.push('--host', options.host);
    if (options.ports !== undefined) words.push('--ports', options.ports.join(','));
  }
  return commandToType(words.map(shellWord).join(' '));
}

/**
 * The command that runs it again into the same directory, replacing it: what a run prints at its
 * end, and what a run stopped by a bug half way suggests.
 */
export function replaceCommand(base: RepeatBase): string {
  const { out } = base.options;
  return `${repeatCommand(base)}${out === undefined ? '' : ` --out ${shellWord(out)}`} --force`;
}

function latencyFlag(latency: LatencySpec): string {
  switch (latency.kind) {
    case 'constant':
      return String(latency.ms);
    case 'uniform':
      return `uniform:${latency.minMs}-${latency.maxMs}`;
    case 'exponential':
      return `exp:${latency.meanMs}`;
    default:
      return assertNever(latency, 'latency');
  }
}
