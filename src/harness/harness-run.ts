/**
 * A harness run, end to end: one child per machine started and greeted (`init`, answered by
 * `ready`), the run driven (harness-driver.ts) into the same files a run writes, the children
 * stopped, and `harness.json` beside the logs naming the implementation and what it did wrong.
 * The run's own files (logs, manifest) are written exactly as `run` writes them: a correct
 * child's run directory is `run`'s, file for file, plus harness.json and the children's stderr.
 *
 * Every child is ended whatever happens (an exception, Ctrl-C, the harness itself exiting): by
 * the PID it was spawned with, never by name.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildActionPolicy, peerIdAt } from '../../core/index.js';
import type { DriverResult, RunConfig } from '../../transports/run-config.js';
import { InputError } from '../common/errors.js';
import type { LogFileDigest } from '../logs/csv-log.js';
import { harnessFileName } from '../logs/harness-file.js';
import { prepareOutDir, runFileNames } from '../logs/out-dir.js';
import { recordFilesAsTheyAre, withdrawOwnedOutput, writeOwnedFile } from '../logs/owned-files.js';
import {
  closeStartedRun,
  finishRun,
  type OpenedRun,
  openRunSinks,
  type RunOutcome,
  type RunRequest,
} from '../run/virtual-run.js';
import { toRunConfig } from '../scenario/resolve.js';
import { type ChildFailure, ChildMachine } from './child-machine.js';
import { HarnessDriver, type HarnessFinding } from './harness-driver.js';
import {
  dieLayoutOf,
  GarbageReply,
  initLine,
  protocolVersion,
  readReady,
  stopLine,
} from './protocol.js';

/** At most this many children: one process per machine, and each costs a process. */
export const harnessMachinesMax = 64;
/**
 * The wait for `ready`: at least this long whatever --timeout-ms says, since it includes the
 * process's start (an interpreter loading takes a second on a busy machine).
 */
const readyTimeoutMsMin = 10_000;
/** Lines of a failed child's stderr shown with the finding. */
const stderrTailLines = 10;

export interface HarnessRequest extends RunRequest {
  readonly outDir: string;
  /** The implementation: a program and its arguments, started once per machine. */
  readonly command: readonly string[];
  readonly timeoutMs: number;
}

export interface HarnessOutcome {
  /** The run; after an `unstartable` finding its files are gone (withdrawOwnedOutput). */
  readonly outcome: RunOutcome;
  readonly finding: HarnessFinding | null;
  /** The failed machine's last stderr lines (empty without a finding). */
  readonly stderrTail: readonly string[];
  /**
   * The finding came before every child answered `init`: nothing of the implementation ran yet
   * (explore --impl tells a command that does not work from a finding by it).
   */
  readonly beforeReady: boolean;
  readonly wallMs: number;
}

export function stderrFileName(machineId: number): string {
  return `machine-${machineId}.stderr.txt`;
}

export async function executeHarness(
  request: HarnessRequest,
  shouldStop: () => boolean,
): Promise<HarnessOutcome> {
  const { scenario, outDir } = request;
  const config = toRunConfig(scenario);
  if (scenario.machines > harnessMachinesMax) {
    throw new InputError(
      `--machines: expected at most ${harnessMachinesMax} (one process each), got ${scenario.machines}`,
    );
  }
  const withFaults = config.faults.length > 0;
  const names = [...runFileNames(scenario.machines, { faults: withFaults }), harnessFileName];
  const stderrNames = Array.from({ length: scenario.machines }, (_, id) => stderrFileName(id));
  const madeLevels = prepareOutDir(outDir, request.force, [...names, ...stderrNames]);
  const startMs = performance.now();
  const children = startChildren(request, config, stderrNames);
  const killAll = () => {
    for (const child of children) child.kill();
  };
  process.once('exit', killAll);
  let stderrRecorded = false;
  try {
    const driven = await driveChildren(request, config, children, shouldStop);
    await Promise.all(children.map((child) => child.stop(stopLine, request.timeoutMs)));
    recordFilesAsTheyAre(outDir, stderrNames);
    stderrRecorded = true;
    const finding = driven.finding;
    if (finding?.kind === 'unstartable') {
      // No child ran: a command that cannot be started made no run, and a directory left with
      // empty logs refused the corrected command (and `check` called it OK).
      withdrawOwnedOutput(outDir, madeLevels);
      return { ...driven, finding, stderrTail: [], wallMs: performance.now() - startMs };
    }
    writeHarnessFile(request, driven.outcome, finding);
    const stderrTail =
      finding === null ? [] : tailOf(join(outDir, stderrFileName(finding.machineId)));
    return {
      outcome: driven.outcome,
      finding,
      stderrTail,
      beforeReady: driven.beforeReady,
      wallMs: performance.now() - startMs,
    };
  } finally {
    killAll();
    process.removeListener('exit', killAll);
    // Stopped by an error: the stderr files are still lamport-lab's. Left unrecorded, the next
    // `--force` into the directory refused them as the user's, to be removed by hand.
    if (!stderrRecorded) recordFilesAsTheyAre(outDir, stderrNames);
  }
}

function startChildren(
  request: HarnessRequest,
  config: RunConfig,
  stderrNames: readonly string[],
): ChildMachine[] {
  const machineCount = config.ratesMilliHz.length;
  const policy = buildActionPolicy(machineCount - 1, config.internalProbability);
  const children: ChildMachine[] = [];
  for (let id = 0; id < machineCount; id += 1) {
    const fd = openSync(join(request.outDir, stderrNames[id] as string), 'w');
    try {
      children.push(new ChildMachine(request.command, fd));
    } finally {
      closeSync(fd);
    }
    const peers = Array.from({ length: machineCount - 1 }, (_, index) => peerIdAt(id, index));
    (children[id] as ChildMachine).write(
      initLine({
        v: protocolVersion,
        type: 'init',
        machine: id,
        machines: machineCount,
        rate_hz: (config.ratesMilliHz[id] as number) / 1000,
        internal_probability: config.internalProbability,
        die: dieLayoutOf(policy),
        peers,
      }),
    );
  }
  return children;
}

/** Every child's `ready`, or the first failure (then the run is empty). */
async function greet(
  children: readonly ChildMachine[],
  timeoutMs: number,
): Promise<HarnessFinding | null> {
  const timer = setTimeout(() => {
    for (const child of children) child.timeOut(timeoutMs);
  }, timeoutMs);
  let lines: (string | ChildFailure)[];
  try {
    lines = await Promise.all(children.map((child) => child.nextLine()));
  } finally {
    clearTimeout(timer);
  }
  for (let id = 0; id < lines.length; id += 1) {
    const line = lines[id] as string | ChildFailure;
    if (typeof line !== 'string') {
      // Ctrl-C at a terminal before the run began: a stop, not a finding (harness-driver.ts).
      if (line.kind === 'interrupted') continue;
      return { machineId: id, timeUs: 0, ...line };
    }
    try {
      readReady(line);
    } catch (error) {
      if (!(error instanceof GarbageReply)) throw error;
      return {
        machineId: id,
        timeUs: 0,
        kind: 'garbage',
        detail: `answer to init: ${error.message}`,
      };
    }
  }
  return null;
}

async function driveChildren(
  request: HarnessRequest,
  config: RunConfig,
  children: readonly ChildMachine[],
  shouldStop: () => boolean,
): Promise<{ outcome: RunOutcome; finding: HarnessFinding | null; beforeReady: boolean }> {
  const opened: OpenedRun = openRunSinks(request, config);
  let logs: LogFileDigest[] = [];
  let driven: { result: DriverResult; finding: HarnessFinding | null };
  let beforeReady = false;
  const driver = new HarnessDriver(config, {
    children,
    sink: opened.pipeline.sinks.all,
    timeoutMs: request.timeoutMs,
    faultRecorder: opened.pipeline.faultRecorder,
  });
  try {
    const greeting = await greet(children, Math.max(request.timeoutMs, readyTimeoutMsMin));
    beforeReady = greeting !== null;
    driven =
      greeting === null
        ? await driver.run(shouldStop)
        : { result: (await driver.run(() => true)).result, finding: greeting };
  } finally {
    logs = closeStartedRun(opened);
  }
  return { outcome: finishRun(opened, driven.result, logs), finding: driven.finding, beforeReady };
}

function writeHarnessFile(
  request: HarnessRequest,
  outcome: RunOutcome,
  finding: HarnessFinding | null,
): void {
  const record = {
    protocol: protocolVersion,
    command: request.command,
    timeoutMs: request.timeoutMs,
    completed: outcome.manifest.completed,
    events: outcome.manifest.events,
    finding,
    stderr: Array.from({ length: request.scenario.machines }, (_, id) => stderrFileName(id)),
  };
  writeOwnedFile(join(request.outDir, harnessFileName), `${JSON.stringify(record, null, 2)}\n`);
}

function tailOf(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-stderrTailLines);
}
