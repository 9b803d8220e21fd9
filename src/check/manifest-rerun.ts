/**
 * What the logs do not determine (the seed, the internal probability, the latency model, FIFO,
 * the rates' draw) is verified for a virtual run by running its scenario again from the manifest,
 * in memory (logs hashed, not written), and comparing: the re-run's logs must be these logs,
 * and its manifest this manifest. It costs about what the run did; `check` does it up to
 * `rerunEventsMax` events unless told to (check-run.ts says which, in its output).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultEvidence } from '../../transports/fault-config.js';
import { seededRngFactory } from '../../transports/seeded-rng.js';
import { runVirtual } from '../../transports/virtual/simulation.js';
import { commandToType } from '../common/command-to-type.js';
import { readJsonFile } from '../common/json-file.js';
import { toolVersion } from '../common/paths.js';
import { CausalitySink } from '../logs/causality-sink.js';
import { FaultsCsvLog } from '../logs/faults-csv.js';
import { faultsFileName } from '../logs/faults-format.js';
import { harnessFileName } from '../logs/harness-file.js';
import { LogDigestSink } from '../logs/log-digest-sink.js';
import { buildManifest, type Manifest, manifestFileName } from '../logs/manifest.js';
import { readReplayableScenario, replayableScenarioOf } from '../logs/replayable-scenario.js';
import type { RunManifest } from '../logs/run-manifest.js';
import { RunStatsSink, teeSinks } from '../logs/run-stats.js';
import {
  describeRateSource,
  drawRates,
  type ResolvedScenario,
  toRunConfig,
} from '../scenario/resolve.js';
import type { ManifestMismatch } from './manifest-claims.js';

/**
 * Events up to which `check` re-runs a virtual run by default: the re-run of a million events
 * took 1.8 s here, a quarter of what checking them takes, and the bundled scenarios have a few
 * thousand (40 ms). Longer runs say that they were not re-run; `--rerun` forces it.
 */
export const rerunEventsMax = 1_000_000;

/**
 * The manifest a virtual run of `scenario` writes, with its logs' digests (faults.csv's too, for
 * a run with faults, hashed as the run writes it); no file is written.
 */
export function rerunInMemory(
  scenario: ResolvedScenario,
  /** Given: faults.csv's bytes are also kept here (a run with faults checked in memory). */
  keptFaultsCsv: Buffer[] | null = null,
): Manifest {
  const config = toRunConfig(scenario);
  const stats = new RunStatsSink(scenario.machines);
  const restarts = config.faults.some((fault) => fault.kind === 'restart');
  const causality = new CausalitySink(scenario.machines, { restarts });
  const digests = new LogDigestSink(scenario.machines);
  const faultsLog =
    config.faults.length === 0
      ? null
      : new FaultsCsvLog(config.faults, null, faultsFileName, keptFaultsCsv);
  const result = runVirtual(config, {
    sink: teeSinks([stats, causality, digests]),
    rngFor: seededRngFactory(config.seed),
    ...(faultsLog === null
      ? {}
      : {
          // As the run does: causality hears of each duplicated copy, received twice.
          faultRecorder: {
            record(evidence: FaultEvidence): void {
              faultsLog.record(evidence);
              if (evidence.action === 'duplicate')
                causality.duplicated(evidence.senderId, evidence.sendSeq);
            },
          },
        }),
  });
  const machineStats = stats.perMachine();
  const logs = digests.digests();
  return buildManifest({
    scenario,
    result,
    stats: machineStats,
    messagesSent: machineStats.reduce((total, machine) => total + machine.messagesSent, 0),
    logs: faultsLog === null ? logs : [...logs, faultsLog.close()],
    causality: causality.stats(),
    faults: config.faults,
    toolVersion,
  });
}

export type RerunChoice = 'auto' | 'always' | 'never';

const unseen = 'seed, internal probability, latency and FIFO';

/** A virtual run's scenario re-run in memory, when it is not too long or when asked. */
export function verifyByRerun(
  runDir: string,
  manifest: RunManifest,
  rows: number,
  choice: RerunChoice,
  /** Whether the caller compared the causality statistics with the logs (check does). */
  causalityCompared: boolean,
  /** The manifest's JSON value and how to name it; read from runDir unless given. */
  stored?: { readonly value: unknown; readonly path: string },
): { readonly mismatches: ManifestMismatch[]; readonly note: string; readonly rerun: boolean } {
  // Formatted only for the notes that show it: toLocaleString took ~15 µs of every explore trial.
  const events = (): string => rows.toLocaleString('en-US');
  if (!manifest.completed) {
    return {
      mismatches: [],
      rerun: false,
      note: `manifest: a run stopped early is not re-run: its ${unseen} are not checked`,
    };
  }
  if (choice === 'never') {
    return {
      mismatches: [],
      rerun: false,
      note: `manifest: the scenario was not re-run (--no-rerun): its ${unseen} are not checked`,
    };
  }
  if (rows > rerunEventsMax && choice === 'auto') {
    return {
      mismatches: [],
      rerun: false,
      note:
        `manifest: the scenario was not re-run (${events()} events, more than the ` +
        `${rerunEventsMax.toLocaleString('en-US')} re-run by default): its ${unseen} are not checked; --rerun checks them`,
    };
  }
  const scenario =
    stored === undefined
      ? readReplayableScenario(runDir)
      : replayableScenarioOf(stored.value, stored.path);
  const value = stored === undefined ? readJsonFile(join(runDir, manifestFileName)) : stored.value;
  const rerun = rerunInMemory(scenario);
  return {
    mismatches: rerunMismatches(value, scenario, rerun, runDir, {
      causalityCompared,
      // A run held in memory is never a harness run's directory: nothing to look for on disk.
      harnessRun: stored === undefined && existsSync(join(runDir, harnessFileName)),
    }),
    rerun: true,
    note: `manifest: the scenario was re-run in memory (${events()} events) and compared, to check its ${unseen}`,
  };
}

/** The scenario fields no log shows: one of them is wrong when the re-run makes other logs. */
const unseenFields = ['seed', 'internalProbability', 'latency', 'fifo']
  .map((field) => `scenario.${field}`)
  .join(', ');

/**
 * `stored` (the manifest as read, any JSON, whose logs' sha256 the logs on disk match) against
 * the re-run's manifest. When the re-run makes other logs, that is one finding, about the
 * scenario (its other differences follow from it); otherwise each stated field that differs is
 * one, but for what is compared with the logs themselves (manifest-claims.ts, check-run.ts),
 * which agrees with the re-run when the logs do. The writer's version (`tool`) is not a fact of
 * the run and is not compared; a field the stored manifest does not state (an earlier
 * version's) is not either.
 */
export function rerunMismatches(
  stored: unknown,
  scenario: ResolvedScenario,
  rerun: Manifest,
  runDir: string,
  /**
   * causalityCompared: whether the caller compared the causality statistics with the logs;
   * harnessRun: whether the logs are an implementation's (harness.json beside them).
   */
  { causalityCompared, harnessRun }: { causalityCompared: boolean; harnessRun: boolean },
): ManifestMismatch[] {
  const found: ManifestMismatch[] = [];
  if (scenario.ratesDrawnFrom !== null) {
    const drawn = drawRates(scenario.seed, scenario.machines, scenario.ratesDrawnFrom);
    if (drawn.some((rate, id) => rate !== scenario.rates[id])) {
      found.push({
        field: 'scenario.rates',
        why: `the rates drawn from ${describeRateSource(scenario.ratesDrawnFrom)} with scenario.seed ${scenario.seed}`,
        expected: drawn.join(', '),
        found: scenario.rates.join(', '),
      });
    }
  }
  const storedLogs = (stored as { logs?: unknown }).logs;
  const otherLog = rerun.logs.find((log, index) => {
    const entry = Array.isArray(storedLogs)
      ? (storedLogs[index] as { sha256?: unknown })
      : undefined;
    return entry?.sha256 !== log.sha256;
  });
  if (otherLog !== undefined) {
    const index = rerun.logs.indexOf(otherLog);
    const entry = (storedLogs as { sha256?: unknown }[] | undefined)?.[index];
    const verify = `\`${commandToType(`replay ${runDir} --verify`)}\` names the first differing row`;
    // A harness run's rows are an implementation's, not the model's: when they differ, the
    // implementation is the likely cause (its findings say where), not the scenario's fields.
    found.push({
      field: harnessRun ? 'logs' : 'scenario',
      why: harnessRun
        ? `these logs are an implementation's (${harnessFileName}), and the model's run of the same ` +
          `scenario, re-run in memory from the manifest, makes other logs (${verify})`
        : `re-run in memory from the manifest, the scenario makes other logs than these: one of ` +
          `${unseenFields} is not the run's (${verify})`,
      expected: `${otherLog.file} with sha256 ${otherLog.sha256}`,
      found: `sha256 ${String(entry?.sha256)}`,
    });
    return found;
  }
  compareTree(
    stored,
    JSON.parse(JSON.stringify(rerun)) as unknown,
    '',
    (field, statedValue, rerunValue) => {
      if (comparedElsewhere(field, causalityCompared)) return;
      found.push({
        field,
        why: 'the scenario re-run in memory from the manifest gives this',
        expected: rerunValue === undefined ? 'no such field' : JSON.stringify(rerunValue),
        found: JSON.stringify(statedValue),
      });
    },
  );
  return found;
}

/** The writer's version, and what is compared with the logs themselves. */
const elsewhere =
  /^(tool|logs|events|messages\.(sent|received)|machines\[\d+\]\.(rateHz|events|finalClock|clockJumpMax|queueLengthMax))(\.|\[|$)/;

function comparedElsewhere(field: string, causalityCompared: boolean): boolean {
  return elsewhere.test(field) || (causalityCompared && /^causality(\.|$)/.test(field));
}

/** Calls `differ` for each leaf the stored JSON states that the re-run's differs in. */
function compareTree(
  stored: unknown,
  rerun: unknown,
  path: string,
  differ: (field: string, stored: unknown, rerun: unknown) => void,
): void {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null;
  if (isObject(stored) && isObject(rerun) && Array.isArray(stored) === Array.isArray(rerun)) {
    if (Array.isArray(stored) && Array.isArray(rerun) && stored.length !== rerun.length) {
      differ(path, `${stored.length} entries`, `${rerun.length} entries`);
      return;
    }
    for (const [key, value] of Object.entries(stored)) {
      const field = Array.isArray(stored)
        ? `${path}[${key}]`
        : path === ''
          ? key
          : `${path}.${key}`;
      compareTree(value, rerun[key], field, differ);
    }
    return;
  }
  if (stored !== rerun) differ(path, stored, rerun);
}
