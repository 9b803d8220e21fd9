/**
 * Replaying a TCP run in virtual time. A real run's logs already record what the network decided:
 * which message each tick took off the queue (queues are FIFO, so that is also the order of
 * arrivals). Everything else is the core's: the actions come from the same seeded stream per
 * machine as in the simulator. So the replay re-executes each machine's core, tick by tick in
 * causal order, handing it exactly the message its log says it received, and lets the core decide
 * the rest. Every row's event, peers, message id and Lamport clock must come out the same; only
 * time_ms (kept from the original) and queue_length (arrival timing is not replayed) may differ.
 *
 * A run with faults (issue 19): the router's decisions are the network's, like the order of
 * arrivals, and come from what it recorded, not from new draws: a dropped copy is simply never
 * received in the logs, a duplicated one received twice, a delayed one later; a copy whose clock
 * the router rewrote (a `corrupt` row of faults.csv) is handed over with the clock it carried.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  assertNever,
  buildActionPolicy,
  clockAfterRestart,
  createMachine,
  deliver,
  type MachineState,
  type Message,
  type MessageQueue,
  messageId,
  probabilityToFraction,
  type Rng,
  StepEvent,
  tick,
} from '../../core/index.js';
import type { FaultConfig } from '../../transports/fault-config.js';
import { faultConfigsOf } from '../logs/run-manifest-faults.js';

type RestartFault = Extract<FaultConfig, { kind: 'restart' }>;

import { DriveStep } from '../../transports/drive-step.js';
import { seededRngFactory, streamNames } from '../../transports/seeded-rng.js';
import { InputError } from '../common/errors.js';
import { feedInCausalOrder } from '../logs/causal-merge.js';
import { CsvLogSink } from '../logs/csv-log.js';
import { faultsFileName, parseFaultsCsv } from '../logs/faults-format.js';
import { eventToLogRow } from '../logs/format.js';
import { withLogPath } from '../logs/log-reader.js';
import type { ParsedLogRow } from '../logs/log-row.js';
import { manifestFileName } from '../logs/manifest.js';
import { prepareOutDir, runFileNames } from '../logs/out-dir.js';
import { recordOwnedFiles } from '../logs/owned-files.js';
import { readReplayableScenario } from '../logs/replayable-scenario.js';
import { closeRunLogs, openRunLogs } from '../logs/run-logs.js';
import { readRunFiles } from '../logs/run-manifest.js';

export interface TcpReplayMismatch {
  readonly file: string;
  readonly line: number;
  readonly recorded: string;
  readonly replayed: string;
}

export interface TcpReplayResult {
  readonly events: number;
  /** The first row whose event, peers, message id or clock differs; null when all match. */
  readonly mismatch: TcpReplayMismatch | null;
}

export function replayTcpRun(runDir: string, outDir: string, force: boolean): TcpReplayResult {
  const { machineCount } = readRunFiles(runDir);
  const scenario = recordedSeedAndProbability(runDir);
  const policy = buildActionPolicy(
    machineCount - 1,
    probabilityToFraction(scenario.internalProbability),
  );
  const machines = Array.from({ length: machineCount }, (_, id) =>
    createMachine(id, machineCount, policy),
  );
  const rngFor = seededRngFactory(scenario.seed);
  const rngs: Rng[] = machines.map((machine) => rngFor(streamNames.actions(machine.id)));
  /** Messages the replay has sent and not yet handed over, by their id. */
  const sent = new Map<string, Message>();
  prepareOutDir(outDir, force, runFileNames(machineCount));
  const sink = new CsvLogSink(outDir, machineCount);
  // The drivers' own step → record → route; the network only remembers what was sent, since
  // the log, not a wire, says when each message is taken.
  const driveStep = new DriveStep<MessageQueue>({
    step: tick,
    sink,
    network: {
      route: (senderId, event) =>
        sent.set(messageId(senderId, event.sendSeq), {
          senderId,
          sendSeq: event.sendSeq,
          clock: event.messageClock,
        }),
    },
    nowUs: new Float64Array(1),
  });
  const restarts = restartFaultsOf(runDir);
  const carried = routerCarriedClocks(runDir);
  const readers = openRunLogs(runDir, machineCount);
  let mismatch: TcpReplayMismatch | null = null;
  let events = 0;
  try {
    feedRows(runDir, readers, {
      mustWait: (row) => row.kind === 'receive' && !sent.has(`${row.msgSender}-${row.msgSeq}`),
      accept: (row, id) => {
        const machine = machines[id] as MachineState;
        if (row.kind === 'receive') handOver(machine, row, sent, carried);
        driveStep.nowUs[0] = row.timeUs;
        // A restart row is no tick: the clock its rule gives, no draw (as the machine did).
        const event =
          row.kind === 'restart'
            ? restartEvent(machine, row, restarts, sink)
            : driveStep.drive(machine, rngs[id] as Rng);
        events += 1;
        const logged = eventToLogRow(id, row.timeUs, event, machineCount);
        const replayed = describe(
          event.kind,
          event.clock,
          String(logged.peers),
          String(logged.msg_id),
        );
        const recorded = describeRow(row);
        if (mismatch === null && replayed !== recorded) {
          mismatch = { file: row.file, line: row.line, recorded, replayed };
        }
      },
    });
  } finally {
    closeRunLogs(readers);
    recordOwnedFiles(outDir, sink.close());
  }
  return { events, mismatch };
}

/** The run's restart faults (a TCP run with faults restarts machines: process faults). */
function restartFaultsOf(runDir: string): RestartFault[] {
  const resolved = readRunFiles(runDir).manifest?.scenario.faults;
  if (resolved === undefined) return [];
  return faultConfigsOf(resolved, []).filter(
    (fault): fault is RestartFault => fault.kind === 'restart',
  );
}

/**
 * A restart row re-made: the next seq and the clock the restart fault at its machine and time
 * gives from the machine's clock (its last event's); recorded as the run recorded it.
 */
function restartEvent(
  machine: MachineState,
  row: ParsedLogRow,
  restarts: readonly RestartFault[],
  sink: CsvLogSink,
): StepEvent {
  const fault = restarts.find(
    (restart) => restart.machine === machine.id && restart.atUs === row.timeUs,
  );
  if (fault === undefined) {
    throw new InputError(
      `${row.file}:${row.line}: a restart row where the manifest's fault list restarts no machine ${machine.id} at ${row.timeUs / 1000} ms: the logs are not a run of this scenario`,
    );
  }
  machine.clock = clockAfterRestart(machine.clock, fault.clock);
  machine.seq += 1;
  const event = new StepEvent();
  event.kind = 'restart';
  event.seq = machine.seq;
  event.clock = machine.clock;
  event.queueLength = machine.queue.length;
  sink.record(machine.id, row.timeUs, event);
  return event;
}

/**
 * What the re-execution needs besides the logs: the seed (the machines' action streams) and the
 * internal probability (their dice). A launched run's manifest.json has them; a hand-started
 * run's machine reports record them since the reports state the scenario.
 */
function recordedSeedAndProbability(runDir: string): {
  readonly seed: number;
  readonly internalProbability: number;
} {
  if (existsSync(join(runDir, manifestFileName))) {
    return readReplayableScenario(runDir, { allowTcp: true });
  }
  const { manifest, assembled, scenarioKnown } = readRunFiles(runDir);
  const seed = manifest?.scenario.seed;
  const internalProbability = manifest?.scenario.internalProbability;
  if (!assembled || !scenarioKnown || seed === undefined || internalProbability === undefined) {
    throw new InputError(
      `${join(runDir, 'machine-0.json')}: seed: expected the seed and internal probability the machines ran with, got a report without them (written by an earlier lamport-lab): the run cannot be re-executed`,
    );
  }
  return { seed, internalProbability };
}

/** feedInCausalOrder, with an error naming a log by its path from where the command ran. */
function feedRows(
  runDir: string,
  readers: Parameters<typeof feedInCausalOrder>[0],
  consumer: Parameters<typeof feedInCausalOrder>[1],
): void {
  try {
    feedInCausalOrder(readers, consumer);
  } catch (error) {
    throw withLogPath(error, runDir);
  }
}

/** The key of one copy: its message id and its receiver. */
const copyKey = (messageIdText: string, receiverId: number): string =>
  `${messageIdText}>${receiverId}`;

/**
 * The clocks a TCP run's router rewrote, by copy: its `corrupt` rows (none without faults.csv).
 * A faults.csv that does not parse is the run's broken evidence: one line naming it, exit 2.
 */
function routerCarriedClocks(runDir: string): Map<string, number> {
  const carried = new Map<string, number>();
  const path = join(runDir, faultsFileName);
  if (!existsSync(path)) return carried;
  let rows: ReturnType<typeof parseFaultsCsv>;
  try {
    rows = parseFaultsCsv(readFileSync(path, 'latin1'));
  } catch (error) {
    throw new InputError(`${join(runDir, (error as Error).message)}`);
  }
  for (const row of rows) {
    if (row.fault !== 'corrupt') continue;
    carried.set(copyKey(row.msgId, row.machine), Number(row.detail.get('carried')));
  }
  return carried;
}

/**
 * Puts exactly the message the log says this tick took at the head of the machine's queue, with
 * the clock it carried (the router's rewrite, if it made one).
 */
function handOver(
  machine: MachineState,
  row: Extract<ParsedLogRow, { kind: 'receive' }>,
  sent: Map<string, Message>,
  carried: ReadonlyMap<string, number>,
): void {
  const id = `${row.msgSender}-${row.msgSeq}`;
  const message = sent.get(id);
  if (message === undefined || machine.queue.length > 0) {
    throw new InputError(
      `${row.file}:${row.line}: message ${id} was never sent in the replay; the logs are not a run of this scenario`,
    );
  }
  const clock = carried.get(copyKey(id, machine.id)) ?? message.clock;
  deliver(machine, message.senderId, message.sendSeq, clock);
}

/** The fields that must match: event, logical clock, peers, message id. */
function describe(kind: string, clock: number, peers: string, msgId: string): string {
  return `${kind} L=${clock} peers=${peers} msg=${msgId}`;
}

function describeRow(row: ParsedLogRow): string {
  switch (row.kind) {
    case 'internal':
      return describe('internal', row.clock, '', '');
    case 'send':
      return describe(
        'send',
        row.clock,
        row.receiverIds.join(';'),
        `${row.msgSender}-${row.msgSeq}`,
      );
    case 'receive':
      return describe('receive', row.clock, String(row.peer), `${row.msgSender}-${row.msgSeq}`);
    case 'restart':
      return describe('restart', row.clock, '', '');
    default:
      return assertNever(row, 'log row kind');
  }
}
