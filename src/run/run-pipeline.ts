/**
 * A virtual run's pipeline without its files: the resolved scenario goes to the driver, events go
 * to the statistics, causality, the analysis and the logs' sinks, and at the end the manifest and
 * the summary are made from what they gathered. The edge supplies the logs' sinks and reads the
 * faults back: virtual-run.ts writes files and hashes them with node:crypto; the browser
 * playground keeps the bytes in memory and hashes them with WebCrypto. No Node API here, so both
 * make the same bytes by the same code.
 */
import type { FaultRecorder } from '../../transports/fault-config.js';
import type { DriverResult, EventSink, RunConfig } from '../../transports/run-config.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { type VirtualDeps, VirtualSimulation } from '../../transports/virtual/simulation.js';
import { AnalysisSink } from '../analysis/analysis-sink.js';
import { withFaultsSection } from '../analysis/faults-section.js';
import { InflationSink } from '../analysis/inflation-sink.js';
import { type AnalysisResult, analysisContext } from '../analysis/run-analyzer.js';
import { CausalitySink } from '../logs/causality-sink.js';
import type { LogFileDigest } from '../logs/format.js';
import { buildManifest, type Manifest } from '../logs/manifest.js';
import type { RunFaults } from '../logs/run-faults-of.js';
import { RunStatsSink, teeSinks } from '../logs/run-stats.js';
import type { ResolvedScenario } from '../scenario/resolve.js';

/**
 * Replaceable parts of the driver, for tests that run deliberately broken models, and what
 * `explore` watches of a run besides its files.
 */
export interface RunOverrides {
  readonly step?: VirtualDeps['step'];
  /** Hears every event after the run's own sinks (explore's coverage). */
  readonly observer?: EventSink;
  /** Hears every fault action after faults.csv (explore's coverage); only with logs. */
  readonly faultObserver?: FaultRecorder;
  /**
   * The config the DRIVER runs, from the run's own (default: the same). Only tests use it: a
   * driver given another fault list than the one the manifest records is a broken driver
   * (e.g. one that delivers across partitions), which `check` must catch.
   */
  readonly driverConfig?: (config: RunConfig) => RunConfig;
}

export interface PipelineRequest {
  readonly scenario: ResolvedScenario;
  readonly config: RunConfig;
  /**
   * The machine logs' sink, or null for a run that keeps no logs (`--no-logs`): then there is no
   * causality, no analysis and no faults.csv either.
   */
  readonly csv: EventSink | null;
  /** faults.csv's recorder: with logs and faults only. */
  readonly faultsLog: FaultRecorder | null;
  /** Analyse the run as it goes (with logs only); with the per-event series unless false. */
  readonly analyze: boolean;
  readonly analysisSeries: boolean;
}

/** The sinks a run's events go to: statistics always; with logs, causality, the CSVs, analysis. */
export interface RunSinks {
  readonly stats: RunStatsSink;
  readonly causality: CausalitySink | null;
  readonly analysis: AnalysisSink | null;
  /** With analysis and a corrupt-clock fault: the inflation replay beside the run. */
  readonly inflation: InflationSink | null;
  readonly all: EventSink;
}

function runSinks(request: PipelineRequest): RunSinks {
  const { scenario, config, csv } = request;
  const stats = new RunStatsSink(scenario.machines);
  // Causality needs a vector per open message; it is only worth it for a run that keeps logs.
  const restarts = config.faults.some((fault) => fault.kind === 'restart');
  const causality = csv === null ? null : new CausalitySink(scenario.machines, { restarts });
  const analysis =
    csv !== null && request.analyze
      ? new AnalysisSink(scenario.machines, config.durationUs, request.analysisSeries)
      : null;
  // The faults section measures what corrupted clocks did by replaying them beside the run.
  const inflation =
    analysis !== null && config.faults.some((fault) => fault.kind === 'corrupt-clock')
      ? new InflationSink(scenario.machines, config.faults)
      : null;
  const sinks: EventSink[] = [stats];
  if (causality !== null) sinks.push(causality);
  if (csv !== null) sinks.push(csv);
  if (analysis !== null) sinks.push(analysis);
  if (inflation !== null) sinks.push(inflation);
  return { stats, causality, analysis, inflation, all: teeSinks(sinks) };
}

/**
 * faults.csv hears every action; causality, of each duplicated copy (received twice) and each
 * dropped one (never received).
 */
function faultRecorderOf(faultsLog: FaultRecorder, causality: CausalitySink | null): FaultRecorder {
  if (causality === null) return faultsLog;
  return {
    record(evidence) {
      faultsLog.record(evidence);
      if (evidence.action === 'duplicate')
        causality.duplicated(evidence.senderId, evidence.sendSeq);
      else if (evidence.action === 'drop') causality.dropped(evidence.senderId, evidence.sendSeq);
    },
  };
}

/**
 * A run's sinks, without a driver: what `harness` (src/harness), whose machines are other
 * processes, shares with a run of the built-in model; the manifest and the analysis need no more.
 */
export interface PipelineSinks {
  readonly request: PipelineRequest;
  readonly sinks: RunSinks;
  /** Where fault actions go (faults.csv, and causality's duplicates); null without faults.csv. */
  readonly faultRecorder: FaultRecorder | null;
}

/** A run whose sinks are made and whose driver is ready. */
export interface Pipeline extends PipelineSinks {
  readonly simulation: VirtualSimulation;
}

export function pipelineSinks(request: PipelineRequest): PipelineSinks {
  const sinks = runSinks(request);
  const { faultsLog } = request;
  const faultRecorder = faultsLog === null ? null : faultRecorderOf(faultsLog, sinks.causality);
  return { request, sinks, faultRecorder };
}

export function startPipeline(request: PipelineRequest, overrides: RunOverrides = {}): Pipeline {
  const { config } = request;
  const { sinks, faultRecorder: recorder } = pipelineSinks(request);
  const observed = overrides.faultObserver;
  const faultRecorder: FaultRecorder | null =
    recorder === null || observed === undefined
      ? recorder
      : {
          record(evidence) {
            recorder.record(evidence);
            observed.record(evidence);
          },
        };
  const observer = overrides.observer;
  const driven = overrides.driverConfig?.(config) ?? config;
  const simulation = new VirtualSimulation(driven, {
    sink: observer === undefined ? sinks.all : teeSinks([sinks.all, observer]),
    rngFor: seededRngFactory(config.seed),
    ...(overrides.step === undefined ? {} : { step: overrides.step }),
    ...(faultRecorder === null ? {} : { faultRecorder }),
  });
  return { request, sinks, faultRecorder: recorder, simulation };
}

/** The manifest, once the driver has finished and the logs' digests are known. */
export function pipelineManifest(
  pipeline: PipelineSinks,
  result: DriverResult,
  logs: readonly LogFileDigest[],
  toolVersion: string,
): Manifest {
  const { request, sinks } = pipeline;
  const machineStats = sinks.stats.perMachine();
  const messagesSent = machineStats.reduce((total, machine) => total + machine.messagesSent, 0);
  return buildManifest({
    scenario: request.scenario,
    result,
    stats: machineStats,
    messagesSent,
    logs,
    causality: sinks.causality?.stats() ?? null,
    faults: request.config.faults,
    toolVersion,
  });
}

/**
 * The analysis (summary.json's content), when it was asked for and the run completed (a stopped
 * run's length is only known at the end, and the analysis needs it from the start). A run with
 * faults has its faults section made from faults.csv, which `readFaults` gives back as RunFaults
 * (it is small beside the logs; the logs themselves are not read back).
 */
export function pipelineAnalysis(
  pipeline: PipelineSinks,
  manifest: Manifest,
  runDir: string,
  readFaults: () => RunFaults,
): AnalysisResult | null {
  const { analysis, inflation } = pipeline.sinks;
  if (analysis === null || !manifest.completed) return null;
  const analyzed = analysis.analyzer.finish(analysisContext(runDir, manifest));
  if (pipeline.request.config.faults.length === 0) return analyzed;
  return withFaultsSection(analyzed, readFaults(), inflation?.figures() ?? null);
}
