/**
 * The cost of faults (issue 18: "a run with every fault kind at once, 1 M events, at >= 0.8x
 * the fault-free marginal rate"). One run in a fresh process, the driver as `run --no-logs`
 * drives it (the run-statistics sink), timed around the run; prints one JSON line.
 *
 * Usage: node dist/bench/faults-case.js <faults|fault-free> <durationSec>
 *
 * Rates 1, 2, 6 Hz as in the marginal cases. `faults` holds one fault of every kind (two
 * restarts: one persisted, one reset; two rate steps), their times a fixed share of the
 * duration, so a short and a long run see the same mix and their difference (the marginal
 * rate, faults-bench.ts) is the steady cost of an event under faults: loss 5 % and duplicate
 * 2 % on every link and delay 250 ms on two of them for the whole run, a partition for a
 * tenth of it, crashes, a pause, a slower then faster machine, and lies for a tenth of it.
 */
import { performance } from 'node:perf_hooks';
import { probabilityToFraction } from '../core/index.js';
import { RunStatsSink } from '../src/logs/run-stats.js';
import { type FaultConfig, openEndUs } from '../transports/fault-config.js';
import { everyFaultKind } from '../transports/virtual/fault-warm-up.js';
import type { RunConfig } from '../transports/run-config.js';
import { seededRngFactory } from '../transports/seeded-rng.js';
import { runVirtual } from '../transports/virtual/simulation.js';

export interface FaultsCaseResult {
  readonly mode: 'faults' | 'fault-free';
  readonly events: number;
  readonly wallSec: number;
  readonly cpuSec: number;
  /** Fault actions taken (faults.csv rows a logged run would write); 0 without faults. */
  readonly actions: number;
}

export function faultsCaseConfig(mode: 'faults' | 'fault-free', durationSec: number): RunConfig {
  const durationUs = durationSec * 1_000_000;
  return {
    seed: 42,
    ratesMilliHz: [1000, 2000, 6000],
    internalProbability: probabilityToFraction(0.7),
    durationUs,
    latency: { kind: 'constant', us: 0 },
    fifo: false,
    faults: mode === 'faults' ? everyFaultKind(durationUs) : [],
  };
}

const isMain = process.argv[1]?.endsWith('faults-case.js') === true;
if (isMain) {
  const [modeText = 'faults', durationText = '100000'] = process.argv.slice(2);
  if (modeText !== 'faults' && modeText !== 'fault-free')
    throw new Error(`faults-case: mode must be faults or fault-free, got "${modeText}"`);
  const config = faultsCaseConfig(modeText, Number(durationText));
  const sink = new RunStatsSink(config.ratesMilliHz.length);
  const startCpu = process.cpuUsage();
  const startMs = performance.now();
  const result = runVirtual(config, { sink, rngFor: seededRngFactory(config.seed) });
  const wallSec = (performance.now() - startMs) / 1000;
  const cpu = process.cpuUsage(startCpu);
  const actions = result.faults?.fired.reduce((sum, n) => sum + n, 0) ?? 0;
  const line: FaultsCaseResult = {
    mode: modeText,
    events: result.events,
    wallSec,
    cpuSec: (cpu.user + cpu.system) / 1e6,
    actions,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** A window in the scenario file's words: atSec, and untilSec unless open. */
function windowFields(atUs: number, untilUs: number): Record<string, number> {
  return { atSec: atUs / 1e6, ...(untilUs === openEndUs ? {} : { untilSec: untilUs / 1e6 }) };
}

/** One fault of everyFaultKind as a scenario file writes it (what `run` reads from the file). */
function faultFileEntry(fault: FaultConfig): Record<string, unknown> {
  const p = (fraction: { numerator: number; denominator: number }) =>
    fraction.numerator / fraction.denominator;
  switch (fault.kind) {
    case 'loss':
    case 'duplicate':
      return { kind: fault.kind, p: p(fault.p), from: fault.from, to: fault.to };
    case 'delay':
      return { kind: fault.kind, extraMs: fault.extraUs / 1000, from: fault.from, to: fault.to };
    case 'partition':
      return {
        kind: fault.kind,
        groups: fault.groups,
        oneWay: fault.oneWay,
        ...windowFields(fault.atUs, fault.untilUs),
      };
    case 'crash':
      return {
        kind: fault.kind,
        machine: fault.machine,
        atSec: fault.atUs / 1e6,
        inbox: fault.inbox,
      };
    case 'restart': {
      const clock = fault.clock.kind === 'lease' ? { lease: fault.clock.every } : fault.clock.kind;
      return { kind: fault.kind, machine: fault.machine, atSec: fault.atUs / 1e6, clock };
    }
    case 'pause':
      return {
        kind: fault.kind,
        machine: fault.machine,
        ...windowFields(fault.atUs, fault.untilUs),
      };
    case 'rate':
      return {
        kind: fault.kind,
        machine: fault.machine,
        atSec: fault.atUs / 1e6,
        rateHz: fault.rateMilliHz / 1000,
      };
    case 'corrupt-clock': {
      const change = fault.change;
      const value = change.kind === 'set' ? change.to : change.by;
      return {
        kind: fault.kind,
        machine: fault.machine,
        ...windowFields(fault.atUs, fault.untilUs),
        [change.kind]: value,
      };
    }
  }
}

/**
 * The same run as faultsCaseConfig, as a scenario file for `lamport-lab run` (the `faults-logs`
 * case times the CLI with its logs): rates 1, 2, 6 Hz, p 0.7, constant latency 0, seed 42.
 */
export function faultsCaseScenario(mode: 'faults' | 'fault-free', durationSec: number): object {
  const config = faultsCaseConfig(mode, durationSec);
  return {
    seed: config.seed,
    rates: config.ratesMilliHz.map((milliHz) => milliHz / 1000),
    internalProbability: 0.7,
    durationSec,
    latency: { kind: 'constant', ms: 0 },
    ...(mode === 'faults' ? { faults: config.faults.map(faultFileEntry) } : {}),
  };
}
