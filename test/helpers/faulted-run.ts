/**
 * Runs the virtual simulator with faults, keeping every event (as memory-run.ts does) and every
 * fault action reported to the recorder, in order. `faultList` turns short fault specs into the
 * driver's FaultConfig: index = position, stream named from the spec's content (as src/ names
 * it from the resolved fault), so removing or reordering other faults never renames a stream.
 */
import type { MachineId } from '../../core/index.js';
import {
  type FaultConfig,
  type FaultEvidence,
  type FaultRecorder,
  openEndUs,
} from '../../transports/fault-config.js';
import type { DriverResult, RunConfig } from '../../transports/run-config.js';
import { type RngFactory, seededRngFactory } from '../../transports/seeded-rng.js';
import { type MachineStep, VirtualSimulation } from '../../transports/virtual/simulation.js';
import { type RecordedEvent, recordingSink } from './memory-run.js';

/** A fault without its place in a list: `index` and `stream` are given by faultList. */
export type FaultSpec = FaultConfig extends infer F
  ? F extends FaultConfig
    ? Omit<F, 'index' | 'stream'>
    : never
  : never;

export function faultList(specs: readonly FaultSpec[]): FaultConfig[] {
  const seen = new Map<string, number>();
  return specs.map((spec, index) => {
    const content = JSON.stringify(spec);
    const nth = (seen.get(content) ?? 0) + 1;
    seen.set(content, nth);
    const stream = `fault/${content}${nth >= 2 ? `/${nth}` : ''}`;
    return { ...spec, index, stream } as FaultConfig;
  });
}

export interface FaultedMemoryRun {
  readonly config: RunConfig;
  readonly events: readonly RecordedEvent[];
  readonly evidence: readonly FaultEvidence[];
  readonly result: DriverResult;
}

export interface FaultedRunOptions {
  /** Advance in slices of this many events (default: one go). */
  readonly sliceEvents?: number;
  readonly step?: MachineStep;
  /** Streams (default: the run's seeded streams). */
  readonly rngFor?: RngFactory;
}

export function runWithFaults(
  config: RunConfig,
  options: FaultedRunOptions = {},
): FaultedMemoryRun {
  const events: RecordedEvent[] = [];
  const evidence: FaultEvidence[] = [];
  const recorder: FaultRecorder = { record: (action) => evidence.push(action) };
  const simulation = new VirtualSimulation(config, {
    sink: recordingSink(events),
    rngFor: options.rngFor ?? seededRngFactory(config.seed),
    faultRecorder: recorder,
    ...(options.step === undefined ? {} : { step: options.step }),
  });
  const slice = options.sliceEvents ?? Number.POSITIVE_INFINITY;
  while (!simulation.advance(slice));
  return { config, events, evidence, result: simulation.finish() };
}

/** Every machine id of a run, ascending. */
export function allMachines(machineCount: number): MachineId[] {
  return Array.from({ length: machineCount }, (_, id) => id);
}

/** A window that covers the whole run. */
export const wholeRun = { atUs: 0, untilUs: openEndUs } as const;

export const secUs = (sec: number): number => Math.round(sec * 1e6);

/** One log row as short text, for exact assertions: `m1 2s receive #2 c3 from 0-1 (mc 1)`. */
export function rowText(recorded: RecordedEvent): string {
  const { machineId, timeUs, event } = recorded;
  const head = `m${machineId} ${timeUs / 1e6}s ${event.kind} #${event.seq} c${event.clock}`;
  if (event.kind === 'receive')
    return `${head} from ${event.senderId}-${event.sendSeq} (mc ${event.messageClock})`;
  if (event.kind === 'send') return `${head} to ${event.to} (mc ${event.messageClock})`;
  if (event.kind === 'restart') return `${head} q${event.queueLength}`;
  return head;
}

/** One fault action as short text: `2s drop 0-1>1 #0 loss`. */
export function evidenceText(evidence: FaultEvidence): string {
  const head = `${evidence.timeUs / 1e6}s ${evidence.action} #${evidence.faultIndex}`;
  switch (evidence.action) {
    case 'drop':
      return `${head} ${evidence.senderId}-${evidence.sendSeq}>${evidence.receiverId} ${evidence.reason}`;
    case 'duplicate':
      return `${head} ${evidence.senderId}-${evidence.sendSeq}>${evidence.receiverId}`;
    case 'delay':
      return `${head} ${evidence.senderId}-${evidence.sendSeq}>${evidence.receiverId} +${evidence.extraUs}us`;
    case 'corrupt':
      return `${head} ${evidence.senderId}-${evidence.sendSeq}>${evidence.receiverId} ${evidence.trueClock}->${evidence.carriedClock}${evidence.clamped ? ' clamped' : ''}`;
    case 'crash':
      return `${head} m${evidence.machine} queued ${evidence.queued}`;
    case 'restart':
      return `${head} m${evidence.machine} ${evidence.clockBefore}->${evidence.clockAfter}`;
    case 'pause':
      return `${head} m${evidence.machine}`;
    case 'resume':
      return `${head} m${evidence.machine} missed ${evidence.missedTicks}`;
    case 'rate':
      return `${head} m${evidence.machine} ${evidence.fromMilliHz}->${evidence.toMilliHz}mHz`;
    case 'partition-start':
    case 'partition-heal':
      return head;
    default:
      return head;
  }
}
