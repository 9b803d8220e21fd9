/**
 * The analysis itself (see analyze-run.ts for what it computes): fed one event at a time in
 * causal order, by `analyzeRun` from a run's logs or by a run as it makes them (AnalysisSink).
 * Apart from the log-reading side so that a run, which feeds it directly, does not load the log
 * reader, the checker's facts and the manifest's schemas at start-up.
 *
 * It keeps per-machine time series for the charts in typed arrays: 32 bytes per event, so a
 * million-event run needs about 32 MB.
 */
import { assertNever, type RowKind, SendWindow } from '../../core/index.js';
import { queueLengthBefore } from '../logs/queue-max.js';
import type { RunFaults } from '../logs/run-faults-of.js';
import type { FaultsAnalysis } from './fault-analysis.js';
import { secondsToJudgeGrowth } from './growth-judge.js';
import { type MachinePrediction, predictQueues } from './predict.js';
import { predictQueuesWhileAlive } from './predict-alive.js';
import { GrowableSeries, IntegerHistogram, LinearFit, percentileOf } from './stats.js';
import type { TcpFacts } from './tcp-machine-facts.js';

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
    /**
     * The most messages ever waiting: the largest length just before a take (a log row's
     * length, after the take, + 1) or at the end. Never below `final`.
     */
    readonly max: number;
    /** Mean over the log rows (the length after each event). */
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
  /**
   * TCP: seconds the machine was alive, when its process died before the end. Its per-second
   * figures, growth fit and prediction are over this time, not the run's.
   */
  readonly aliveSec?: number;
  /**
   * Restart rows of the machine (a crash and restart, issue 18), absent without any. They are not
   * events: `events`, ticksPerSec and clockUnitsPerSec leave them out (the clock's rate counts
   * only the steps events made). The series keep them, so the charts show a reset's drop, and
   * the figures after one are the clocks' own: drift grows by what the reset took, and a
   * receive's jump is measured from the restart's clock (the base the next event adds 1 to).
   */
  readonly restarts?: readonly {
    readonly atSec: number;
    readonly clockBefore: number;
    readonly clockAfter: number;
  }[];
  /** (measured - predicted) / predicted queue growth, when the model predicts growth. */
  readonly growthRelativeDifference: number | null;
  /**
   * Seconds a run needs before the predicted growth stands out of the queue's noise
   * (growth-judge.ts); null when no growth is predicted. A shorter run cannot judge it.
   */
  readonly secondsToJudgeGrowth: number | null;
}

export interface RunAnalysis {
  readonly runDir: string;
  readonly mode: string;
  readonly durationSec: number;
  /** The run's seed, when its manifest (or its machines' reports) records it. */
  readonly seed?: number;
  readonly internalProbability: number | null;
  readonly machines: readonly MachineAnalysis[];
  /** A real run: ticks, lateness, undeliverable copies and failures per machine. */
  readonly tcp?: TcpFacts;
  /** A run with injected faults (faults.csv): what each did. Absent without faults. */
  readonly faults?: FaultsAnalysis;
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
  /** The run's faults as read from faults.csv, for the charts; absent without faults. */
  readonly faults?: RunFaults;
}

/**
 * A queue is called growing when its fitted growth over the second half of the run would add at
 * least this many messages over that half, and at least 0.01 messages a second.
 */
const growingMessagesMin = 5;
const growingPerSecMin = 0.01;

/** The verdict on a queue whose length over the second half of a run (halfSec) fits this slope. */
export function queueVerdictOf(growthPerSec: number, halfSec: number): 'stable' | 'growing' {
  return growthPerSec >= growingPerSecMin && growthPerSec * halfSec >= growingMessagesMin
    ? 'growing'
    : 'stable';
}

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
  /**
   * How far the clock moved by events: the sum of each event's step, the restart rows' own steps
   * (down to 0 at a reset, up at a lease) left out. Without restarts it is the final clock.
   */
  clockAdvance = 0;
  /** Restart rows (a fault, issue 18): the clock before and after each; none without faults. */
  readonly restarts: { atSec: number; clockBefore: number; clockAfter: number }[] = [];
  /** After the latest event: the drift and the queue length (the series' last values). */
  lastDrift = 0;
  lastQueueLength = 0;
  queueSum = 0;
  queueMax = 0;
  driftMax = 0;
}

/** What the analysis reads of an event: a log row's fields, or a run's event as it happens. */
export interface AnalysisRow {
  kind: RowKind;
  seq: number;
  timeUs: number;
  clock: number;
  queueLength: number;
  /** Send: how many copies (receivers). */
  copies: number;
  /** Receive: the message's sender and the seq of its send. */
  msgSender: number;
  msgSeq: number;
}

export function emptyRow(): AnalysisRow {
  return {
    kind: 'internal',
    seq: 0,
    timeUs: 0,
    clock: 0,
    queueLength: 0,
    copies: 0,
    msgSender: -1,
    msgSeq: 0,
  };
}

/** What the summary takes from the manifest (or from the run that is writing it). */
export interface AnalysisContext {
  readonly runDir: string;
  readonly mode: string;
  readonly rates: readonly number[] | null;
  readonly internalProbability: number | null;
  readonly seed?: number | undefined;
  /** The manifest's queue length at the end, when there is a manifest. */
  readonly queuedAtEnd: (machineId: number) => number | undefined;
  /** A real run's facts per machine (failures shorten a machine's analysed span). */
  readonly tcp?: TcpFacts;
}

/** What the summary takes from a run's manifest: as the run wrote it, or as read back. */
export interface ManifestFacts {
  readonly mode: string;
  readonly scenario: {
    readonly rates: readonly number[];
    /** Optional in a manifest read back from disk. */
    readonly internalProbability?: number | undefined;
    readonly seed?: number | undefined;
  };
  readonly machines: readonly { readonly queuedAtEnd: number }[];
}

export function analysisContext(runDir: string, manifest: ManifestFacts | null): AnalysisContext {
  return {
    runDir,
    mode: manifest?.mode ?? 'unknown',
    rates: manifest?.scenario.rates ?? null,
    internalProbability: manifest?.scenario.internalProbability ?? null,
    seed: manifest?.scenario.seed,
    queuedAtEnd: (id) => manifest?.machines[id]?.queuedAtEnd,
  };
}

/**
 * The analysis itself, fed one event at a time in causal order: by `analyzeRun` from the logs,
 * or by a run as it makes them (AnalysisSink), which then needs no second pass over its logs.
 */
export class RunAnalyzer {
  readonly #machines: MachineAccumulator[];
  readonly #durationUs: number;
  /** Per machine: until when it was alive (the run's end unless it died), and half that. */
  readonly #aliveUntilUs: readonly number[] | null;
  readonly #halfUs: Float64Array;
  /** Each machine's latest seq, so a receive can tell whether its send was fed. */
  readonly #seqs: Float64Array;
  /**
   * Each sender's open sends, found by seq, with the send's time as payload: typed-array rings
   * (core's SendWindow) where a map of one object per send took a fifth of a logged run's time
   * and most of its garbage collection.
   */
  readonly #open: SendWindow[];
  /** Whether the per-event series are kept; without them the result's series are empty. */
  readonly #keepSeries: boolean;
  #clockMax = 0;

  /**
   * `keepSeries`: keep each machine's time, clock, queue length and drift after every event,
   * 32 bytes an event, for the charts. The summary is the same without them.
   */
  constructor(
    machineCount: number,
    durationUs: number,
    keepSeries = true,
    aliveUntilUs: readonly number[] | null = null,
  ) {
    this.#keepSeries = keepSeries;
    this.#durationUs = durationUs;
    this.#aliveUntilUs = aliveUntilUs;
    this.#halfUs = Float64Array.from(
      { length: machineCount },
      (_, id) => (aliveUntilUs?.[id] ?? durationUs) / 2,
    );
    this.#machines = Array.from({ length: machineCount }, () => new MachineAccumulator());
    this.#seqs = new Float64Array(machineCount);
    this.#open = Array.from({ length: machineCount }, () => new SendWindow(1));
  }

  /** The payload offset of open send sender-seq, or -1 when it is not open (or not a sender). */
  #findOpen(sender: number, seq: number): number {
    return this.#open[sender]?.find(seq) ?? -1;
  }

  /**
   * Whether a receive of message sender-seq must wait for its send. Both facts are about the
   * sender's own log (seqs and sends are kept by file, not by the machine column), so only a
   * row of the sender can end a wait: causal-merge's contract.
   */
  mustWait(sender: number, seq: number): boolean {
    return (
      (this.#seqs[sender] ?? Number.POSITIVE_INFINITY) < seq && this.#findOpen(sender, seq) < 0
    );
  }

  accept(row: AnalysisRow, id: number): void {
    const machine = this.#machines[id] as MachineAccumulator;
    this.#seqs[id] = row.seq;
    this.#recordKind(machine, row, id);
    if (row.clock > this.#clockMax) this.#clockMax = row.clock;
    const drift = this.#clockMax - row.clock;
    if (this.#keepSeries) {
      machine.timeMs.push(row.timeUs / 1000);
      machine.clock.push(row.clock);
      machine.queueLength.push(row.queueLength);
      machine.drift.push(drift);
    }
    machine.queueSum += row.queueLength;
    machine.queueMax = Math.max(machine.queueMax, queueLengthBefore(row.kind, row.queueLength));
    machine.driftMax = Math.max(machine.driftMax, drift);
    if (row.timeUs >= (this.#halfUs[id] as number)) {
      machine.queueFit.add(row.timeUs / 1e6, row.queueLength);
      machine.driftFit.add(row.timeUs / 1e6, drift);
    }
    if (row.kind === 'restart') {
      machine.restarts.push({
        atSec: row.timeUs / 1e6,
        clockBefore: machine.lastClock,
        clockAfter: row.clock,
      });
    } else {
      machine.clockAdvance += row.clock - machine.lastClock;
    }
    machine.lastClock = row.clock;
    machine.lastDrift = drift;
    machine.lastQueueLength = row.queueLength;
  }

  finish(context: AnalysisContext): AnalysisResult {
    const { rates, internalProbability } = context;
    const durationSec = this.#durationUs / 1e6;
    const aliveUntilUs = this.#aliveUntilUs;
    const died = (id: number) =>
      aliveUntilUs !== null && (aliveUntilUs[id] as number) < this.#durationUs;
    const anyDied = this.#machines.some((_, id) => died(id));
    const predictions =
      rates === null || internalProbability === null
        ? null
        : anyDied && aliveUntilUs !== null
          ? predictQueuesWhileAlive(rates, internalProbability, aliveUntilUs)
          : predictQueues(rates, internalProbability);
    const summaries = this.#machines.map((machine, id) =>
      summarizeMachine(machine, id, {
        durationSec: died(id) ? (aliveUntilUs?.[id] as number) / 1e6 : durationSec,
        died: died(id),
        rateHz: rates?.[id] ?? null,
        // A dead machine's queue died with it: what its last row saw is what is known.
        queueFinal: died(id)
          ? machine.lastQueueLength
          : (context.queuedAtEnd(id) ?? machine.lastQueueLength),
        prediction: predictions?.[id] ?? null,
      }),
    );
    const { seed, tcp } = context;
    return {
      summary: {
        runDir: context.runDir,
        mode: context.mode,
        durationSec,
        ...(seed === undefined ? {} : { seed }),
        internalProbability,
        machines: summaries,
        ...(tcp === undefined ? {} : { tcp }),
      },
      series: this.#machines.map((machine) => ({
        timeMs: machine.timeMs.values(),
        clock: machine.clock.values(),
        queueLength: machine.queueLength.values(),
        drift: machine.drift.values(),
      })),
    };
  }

  #recordKind(machine: MachineAccumulator, row: AnalysisRow, machineId: number): void {
    switch (row.kind) {
      case 'internal':
        machine.events.internal += 1;
        return;
      case 'send': {
        machine.events.send += 1;
        // A send to nobody is never received: there is nothing to keep open.
        if (row.copies < 1) return;
        const window = this.#open[machineId] as SendWindow;
        // open() may grow the window into a new payload array: read `payload` after it.
        const offset = window.open(row.seq, row.copies);
        window.payload[offset] = row.timeUs;
        return;
      }
      case 'receive': {
        machine.events.receive += 1;
        machine.jumps.add(Math.max(0, row.clock - machine.lastClock - 1));
        // A receive of a send the logs never showed (or of one already taken) has no delay.
        if (this.#findOpen(row.msgSender, row.msgSeq) < 0) return;
        const window = this.#open[row.msgSender] as SendWindow;
        const offset = window.take(row.msgSeq);
        const sentUs = window.payload[offset] as number;
        machine.delaysMs.push(Math.max(0, row.timeUs - sentUs) / 1000);
        return;
      }
      case 'restart':
        // A crashed machine's restart (issue 18): no event of the model, so no count by kind
        // and no tick (accept() records it apart). A receive after it jumps from its clock.
        return;
      default:
        assertNever(row.kind, 'event kind');
    }
  }
}

interface SummaryContext {
  /** The span the machine's figures are over: the run, or the time it was alive. */
  readonly durationSec: number;
  readonly died: boolean;
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
  const growing = queueVerdictOf(growthPerSec, halfSec) === 'growing';
  // Sorted where it lies: a copy was another 8 bytes per receive of the run at its end (200 MB
  // for 25 M receives), and nothing reads the series in arrival order after this.
  const delays = machine.delaysMs.values().sort();
  const predictedGrowth = prediction?.queueGrowthPerSec ?? 0;
  return {
    id,
    rateHz: context.rateHz,
    events: { ...machine.events, total },
    ticksPerSec: perSec(total),
    finalClock: machine.lastClock,
    clockUnitsPerSec: perSec(machine.clockAdvance),
    jumps: machine.jumps.stats(),
    drift: {
      max: machine.driftMax,
      final: machine.lastDrift,
      growthPerSec: machine.driftFit.slope(),
    },
    queue: {
      // Arrivals after the last take wait in the queue at the end: the most ever waiting is at
      // least that, so "max 0, final 1" cannot happen.
      max: Math.max(machine.queueMax, context.queueFinal),
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
    ...(context.died ? { aliveSec: durationSec } : {}),
    growthRelativeDifference:
      predictedGrowth > 0 ? (growthPerSec - predictedGrowth) / predictedGrowth : null,
    secondsToJudgeGrowth:
      prediction === null ? null : secondsToJudgeGrowth(prediction, growingMessagesMin),
    ...(machine.restarts.length === 0 ? {} : { restarts: machine.restarts }),
  };
}
