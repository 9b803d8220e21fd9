/**
 * lamport-lab as a library: run a scenario in your process, check and analyse a run, test your
 * own invariants. The arbitraries are in `lamport-lab/arbitraries`.
 */
export {
  type Analysis,
  analyzeRun,
  type CheckOptions,
  type CheckResult,
  checkRun,
  type FaultConsequence,
  type FaultEffect,
  type Finding,
  type RunSource,
} from './check.js';
export type { RunEvent, RunEventBase } from './events.js';
export {
  type CausalContext,
  findViolation,
  type Invariant,
  type InvariantViolation,
} from './invariant.js';
export { RunSourceError } from './run-source-error.js';
export {
  bundledScenario,
  bundledScenarioNames,
  type CorruptClockFault,
  type CrashFault,
  type DelayFault,
  type DuplicateFault,
  type Fault,
  type FaultKind,
  type Latency,
  type LinkWindow,
  type LossFault,
  type PartitionFault,
  type PauseFault,
  type RateDistribution,
  type RateFault,
  type RestartClock,
  type RestartFault,
  type Scenario,
  ScenarioError,
} from './scenario.js';
export {
  type RunManifest,
  type RunSummary,
  type SimulateOptions,
  type SimulateResult,
  SimulationTooLargeError,
  simulate,
  simulateEvents,
  simulateEventsMax,
} from './simulate.js';
export {
  RunDirectoryError,
  type WriteRunOptions,
  type WrittenRun,
  writeRun,
} from './write-run.js';
