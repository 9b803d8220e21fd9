/**
 * A virtual run in the caller's process: the events collected in memory (`simulate`) or
 * streamed (`simulateEvents`), with the summary and manifest the CLI would write.
 */
import type { RunAnalysis } from '../analysis/run-analyzer.js';
import type { Manifest } from '../logs/manifest.js';
import type { RunEvent } from './events.js';
import { notBuiltYet } from './not-built.js';
import type { Scenario } from './scenario.js';

/** What summary.json holds. */
export type RunSummary = RunAnalysis;
/** What manifest.json holds. */
export type RunManifest = Manifest;

/** The most events `simulate` collects; longer runs go to `simulateEvents` or `writeRun`. */
export const simulateEventsMax = 1_000_000;

export interface SimulateOptions {
  /** The seed; else the scenario's `seed`; else a random one, as `lamport-lab run` draws. */
  readonly seed?: number;
  /** Refuse a run expected to make more events than this (default simulateEventsMax). */
  readonly eventsMax?: number;
}

export interface SimulateResult {
  readonly seed: number;
  /** Every event, in the order the driver made them. */
  readonly events: readonly RunEvent[];
  readonly summary: RunSummary;
  readonly manifest: RunManifest;
}

/** A run expected to make more events than `simulate` collects. */
export class SimulationTooLargeError extends Error {
  override readonly name = 'SimulationTooLargeError';
  readonly expectedEvents: number;
  readonly eventsMax: number;

  constructor(message: string, expectedEvents: number, eventsMax: number) {
    super(message);
    this.expectedEvents = expectedEvents;
    this.eventsMax = eventsMax;
  }
}

/** Runs the scenario in virtual time and returns its events, summary and manifest. */
export function simulate(_scenario: Scenario, _options: SimulateOptions = {}): SimulateResult {
  return notBuiltYet('simulate');
}

/** The run's events as they are made, for runs too long to keep. */
export function simulateEvents(
  _scenario: Scenario,
  _options: { readonly seed?: number } = {},
): AsyncIterable<RunEvent> {
  return notBuiltYet('simulateEvents');
}
