/**
 * `analyze`: the exercise's observations, computed from a run's logs alone (virtual or TCP):
 * events by kind, achieved tick rate, logical-clock rate, clock jumps at receives, drift from the
 * fastest clock, queue length and its growth, and the delay messages spend queued, per machine,
 * next to what the fluid model (predict.ts) expects from the rates and probabilities.
 *
 * It streams the logs in causal order (as `check` does) and keeps per-machine time series for the
 * charts in typed arrays: 32 bytes per event, so a million-event run needs about 32 MB.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { feedInCausalOrder } from '../check/causal-merge.js';
import { LogReader } from '../check/log-reader.js';
import type { ParsedLogRow } from '../check/log-row.js';
import { closeRunLogs, openRunLogs } from '../check/run-logs.js';
import { readRunFiles } from '../check/run-manifest.js';
import { InputError } from '../errors.js';
import { logFileName } from '../log-format.js';
import { type MachinePrediction, predictQueues } from './predict.js';
import { GrowableSeries, IntegerHistogram, LinearFit, percentileOf } from './stats.js';

export interface JumpStats {
  readonly count: number;
  readonly max: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** jump value → receives with that jump, for every value seen. */
  readonly histogram: readonly { readonly jump: number; readonly count: number }[];
}

export interface MachineAnalysis {
  readonly id: number;
  readonly rateHz: number | null;
  readonly events: {
    readonly internal: number;
    readonly send: number;
    readonly receive: number;
    readonly total: number;
  };
  readonly ticksPerSec: number;
  readonly finalClock: number;
  readonly clockUnitsPerSec: number;
  readonly jumps: JumpStats;
  readonly drift: { readonly max: number; readonly final: number; readonly growthPerSec: number };
  readonly queue: {
    readonly max: number;
    readonly mean: number;
    readonly final: number;
    /** Least-squares slope of queue length over the second half of the run. */
    readonly growthPerSec: number;
    readonly verdict: 'stable' | 'growing';
  };
  readonly delayMs: {
    readonly count: number;
    readonly mean: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly predicted: MachinePrediction | null;
  /** (measured - predicted) / predicted queue growth, when the model predicts growth. */
  readonly growthRelativeDifference: number | null;
}

export interface RunAnalysis {
  readonly runDir: string;
  readonly mode: string;
  readonly durationSec: number;
  readonly internalProbability: number | null;
  readonly machines: readonly MachineAnalysis[];
}

/** Per-machine series for charts: time in ms, and the value after each event. */
export interface MachineSeries {
  readonly timeMs: Float64Array;
  readonly clock: Float64Array;
  readonly queueLength: Float64Array;
  readonly drift: Float64Array;
}

export interface AnalysisResult {
  readonly summary: RunAnalysis;
  readonly series: readonly MachineSeries[];
}

/**
 * A queue is called growing when its fitted growth over the second half of the run would add at
 * least this many messages over that half, and at least 0.01 messages a second.
 */
const growingMessagesMin = 5;
const growingPerSecMin = 0.01;

class MachineAccumulator {
  readonly events = { internal: 0, send: 0, receive: 0 };
  readonly jumps = new IntegerHistogram();
  readonly delaysMs = new GrowableSeries();
  readonly queueFit = new LinearFit();
  readonly driftFit = new LinearFit();
  readonly timeMs = new GrowableSeries();
  readonly clock = new GrowableSeries();
  readonly queueLength = new GrowableSeries();
  readonly drift = new GrowableSeries();
  lastClock = 0;
  queueSum = 0;
  queueMax = 0;
  driftMax = 0;
}

interface OpenSend {
  readonly timeUs: number;
  copiesLeft: number;
}

export function analyzeRun(runDir: string): AnalysisResult {
  const { manifest, machineCount } = readRunFiles(runDir);
  const paths = Array.from({ length: machineCount }, (_, id) => join(runDir, logFileName(id)));
  for (const path of paths) if (!existsSync(path)) throw new InputError(`${path}: no such log`);
  // Without a manifest's duration (hand-started runs), the last row of the logs tells it.
  const durationUs = manifest?.durationUs || Math.max(0, ...paths.map(lastRowTimeUs));
  const halfUs = durationUs / 2;
  const machines = Array.from({ length: machineCount }, () => new MachineAccumulator());
  const clocks = new Float64Array(machineCount);
  const seqs = new Float64Array(machineCount);
  const open = new Map<number, OpenSend>();
  const key = (sender: number, seq: number) => seq * machineCount + sender;
  let clockMax = 0;
  const readers = openRunLogs(runDir, machineCount);
  try {
    feedInCausalOrder(readers, {
      // Both facts are about the sender's own log (seqs and sends are kept by file, not by the
      // machine column), so only a row of the sender can end a wait: causal-merge's contract.
      mustWait: (row) =>
        (seqs[row.msgSender] ?? Number.POSITIVE_INFINITY) < row.msgSeq &&
        !open.has(key(row.msgSender, row.msgSeq)),
      accept: (row, id) => {
        const machine = machines[id] as MachineAccumulator;
        seqs[id] = row.seq;
        recordKind(machine, row, id, open, key);
        clocks[id] = row.clock;
        if (row.clock > clockMax) clockMax = row.clock;
        const drift = clockMax - row.clock;
        const timeMs = row.timeUs / 1000;
        machine.timeMs.push(timeMs);
        machine.clock.push(row.clock);
        machine.queueLength.push(row.queueLength);
        machine.drift.push(drift);
        machine.queueSum += row.queueLength;
        machine.queueMax = Math.max(machine.queueMax, row.queueLength);
        machine.driftMax = Math.max(machine.driftMax, drift);
        if (row.timeUs >= halfUs) {
          machine.queueFit.add(row.timeUs / 1e6, row.queueLength);
          machine.driftFit.add(row.timeUs / 1e6, drift);
        }
        machine.lastClock = row.clock;
      },
    });
  } finally {
    closeRunLogs(readers);
  }
  const rates = manifest?.scenario.rates ?? null;
  const internalProbability = readInternalProbability(manifest);
  const predictions =
    rates !== null && internalProbability !== null
      ? predictQueues(rates, internalProbability)
      : null;
  const durationSec = durationUs / 1e6;
  const summaries = machines.map((machine, id) =>
    summarizeMachine(machine, id, {
      durationSec,
      rateHz: rates?.[id] ?? null,
      queueFinal: manifest?.machines[id]?.queuedAtEnd ?? lastOf(machine.queueLength),
      prediction: predictions?.[id] ?? null,
    }),
  );
  return {
    summary: {
      runDir,
      mode: manifest?.mode ?? 'unknown',
      durationSec,
      internalProbability,
      machines: summaries,
    },
    series: machines.map((machine) => ({
      timeMs: machine.timeMs.values(),
      clock: machine.clock.values(),
      queueLength: machine.queueLength.values(),
      drift: machine.drift.values(),
    })),
  };
}

function recordKind(
  machine: MachineAccumulator,
  row: ParsedLogRow,
  machineId: number,
  open: Map<number, OpenSend>,
  key: (sender: number, seq: number) => number,
): void {
  switch (row.kind) {
    case 'internal':
      machine.events.internal += 1;
      return;
    case 'send':
      machine.events.send += 1;
      open.set(key(machineId, row.seq), {
        timeUs: row.timeUs,
        copiesLeft: row.receiverIds.length,
      });
      return;
    case 'receive': {
      machine.events.receive += 1;
      machine.jumps.add(Math.max(0, row.clock - machine.lastClock - 1));
      const sendKey = key(row.msgSender, row.msgSeq);
      const send = open.get(sendKey);
      if (send === undefined) return;
      machine.delaysMs.push(Math.max(0, row.timeUs - send.timeUs) / 1000);
      send.copiesLeft -= 1;
      if (send.copiesLeft === 0) open.delete(sendKey);
      return;
    }
  }
}

interface SummaryContext {
  readonly durationSec: number;
  readonly rateHz: number | null;
  readonly queueFinal: number;
  readonly prediction: MachinePrediction | null;
}

function summarizeMachine(
  machine: MachineAccumulator,
  id: number,
  context: SummaryContext,
): MachineAnalysis {
  const { durationSec, prediction } = context;
  const total = machine.events.internal + machine.events.send + machine.events.receive;
  const perSec = (value: number) => (durationSec > 0 ? value / durationSec : 0);
  const growthPerSec = machine.queueFit.slope();
  const halfSec = durationSec / 2;
  const growing = growthPerSec >= growingPerSecMin && growthPerSec * halfSec >= growingMessagesMin;
  const delays = machine.delaysMs.values().slice().sort();
  const predictedGrowth = prediction?.queueGrowthPerSec ?? 0;
  return {
    id,
    rateHz: context.rateHz,
    events: { ...machine.events, total },
    ticksPerSec: perSec(total),
    finalClock: machine.lastClock,
    clockUnitsPerSec: perSec(machine.lastClock),
    jumps: machine.jumps.stats(),
    drift: {
      max: machine.driftMax,
      final: lastOf(machine.drift),
      growthPerSec: machine.driftFit.slope(),
    },
    queue: {
      max: machine.queueMax,
      mean: total > 0 ? machine.queueSum / total : 0,
      final: context.queueFinal,
      growthPerSec,
      verdict: growing ? 'growing' : 'stable',
    },
    delayMs: {
      count: delays.length,
      mean: delays.length > 0 ? delays.reduce((sum, value) => sum + value, 0) / delays.length : 0,
      p99: percentileOf(delays, 0.99),
      max: delays.length > 0 ? (delays[delays.length - 1] as number) : 0,
    },
    predicted: prediction,
    growthRelativeDifference:
      predictedGrowth > 0 ? (growthPerSec - predictedGrowth) / predictedGrowth : null,
  };
}

function lastOf(series: GrowableSeries): number {
  const values = series.values();
  return values.length > 0 ? (values[values.length - 1] as number) : 0;
}

function readInternalProbability(
  manifest: ReturnType<typeof readRunFiles>['manifest'],
): number | null {
  return manifest?.scenario.internalProbability ?? null;
}

/** Time of a log's last row (the analysis needs the run's length before its second half). */
function lastRowTimeUs(path: string): number {
  const reader = new LogReader(path);
  let timeUs = 0;
  try {
    for (let row = reader.next(); row !== undefined; row = reader.next()) timeUs = row.timeUs;
  } finally {
    reader.close();
  }
  return timeUs;
}
