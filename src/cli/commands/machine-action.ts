/** What a hand-started `lamport-lab machine` does (its options are in machine-command.ts). */
import { join } from 'node:path';
import * as z from 'zod';
import { probabilityToFraction } from '../../../core/index.js';
import {
  type MachineControl,
  type MachineReport,
  StartUpError,
  type TcpMachineConfig,
  type Topology,
} from '../../../transports/tcp/machine.js';
import { InputError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { logFileName } from '../../logs/format.js';
import { prepareOutDir } from '../../logs/out-dir.js';
import {
  recordFilesAsTheyAre,
  removeMadeLevels,
  removeOwnedFile,
  writeOwnedFile,
} from '../../logs/owned-files.js';
import type { StartReport } from '../../logs/run-manifest.js';
import { runMachineWithLog } from '../../run/launched-machine.js';
import { checkFlagValue } from '../../scenario/load.js';
import {
  durationSecSchema,
  internalProbabilitySchema,
  rateHzSchema,
  seedSchema,
} from '../../scenario/schema.js';
import type { CliIo } from '../io.js';
import type { TypedFlags } from '../typed-flags.js';
import type { MachineOptions } from './machine-options.js';

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined)
    throw new InputError(`${flag}: expected a value for a hand-started machine, got nothing`);
  return value;
}

/**
 * --wait becomes a timer, and Node fires a timer of more than 2^31 - 1 ms at once: the longest
 * wait is the whole seconds below that, about 24.8 days.
 */
const waitSecMax = Math.floor((2 ** 31 - 1) / 1000);
const waitText = `a wait in seconds, > 0 and <= ${waitSecMax}`;
const waitSecSchema = z
  .number({ error: `expected ${waitText}` })
  .positive({ error: `expected ${waitText}` })
  .max(waitSecMax, { error: `expected ${waitText}` });

export async function runStandaloneMachine(
  options: MachineOptions,
  io: CliIo,
  typed: TypedFlags = {},
): Promise<ExitCode> {
  const machine = checkedMachine(options, typed);
  const { id, outDir } = machine;
  const reportFileName = `machine-${id}.json`;
  const madeLevels = prepareOutDir(outDir, options.force, [logFileName(id), reportFileName]);
  const { control, removeInterrupt } = machineControl(machine, io);
  // What it was told to run, written before it starts and replaced by its report at the end:
  // a machine killed mid-run leaves this much, so the assembled run still knows its rate and
  // seed and shows it as failed (run-manifest.ts) instead of losing the run's scenario.
  const reportPath = join(outDir, reportFileName);
  const startReport: StartReport = {
    machineId: id,
    machineCount: machine.machineCount,
    rateHz: machine.rateHz,
    seed: machine.seed,
    internalProbability: machine.internalProbability,
    durationSec: machine.durationSec,
    final: false,
  };
  writeOwnedFile(reportPath, `${JSON.stringify(startReport, null, 2)}\n`);
  let report: MachineReport;
  try {
    report = await runMachineWithLog(tcpMachineConfig(machine, options), control, outDir);
  } catch (error) {
    // It never ran: no report of a start that did not happen.
    removeOwnedFile(reportPath);
    // Peers that never came or refused us, a port in use: operating errors, not bugs. Its
    // header-only log would refuse the corrected command; the directory may be shared with the
    // other machines, so only this machine's own files go, and the levels it made if now empty.
    if (error instanceof StartUpError) {
      recordFilesAsTheyAre(outDir, [logFileName(id)]);
      removeOwnedFile(join(outDir, logFileName(id)));
      removeMadeLevels(outDir, madeLevels);
      throw new InputError(`machine ${id}: ${error.message}`);
    }
    throw error;
  } finally {
    removeInterrupt();
    // Hashed once closed: the log was written a row at a time, by the machine's own sink.
    recordFilesAsTheyAre(outDir, [logFileName(id)]);
  }
  // A stop before the common start: not every peer came, so nothing ticked.
  if (report.startEpochMs === 0)
    io.stderr.write(`machine ${id}: stopped while waiting for its peers; no tick made\n`);
  writeOwnedFile(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  io.stdout.write(
    `machine ${id}: ${report.events.total} events, queue ${report.queuedAtEnd} at the end; logs in ${outDir}/\n`,
  );
  return report.completed ? exitCodes.ok : exitCodes.interrupted;
}

/** A hand-started machine's flags, each checked. */
interface CheckedMachine {
  readonly id: number;
  readonly peers: NonNullable<MachineOptions['peers']>;
  readonly machineCount: number;
  readonly outDir: string;
  readonly rateHz: number;
  readonly seed: number;
  readonly durationSec: number;
  readonly internalProbability: number;
  readonly waitSec: number;
  readonly listen: { readonly host: string; readonly port: number };
}

/** Checked here, before the out dir is touched or a socket opened, in `run`'s words and limits. */
function checkedMachine(options: MachineOptions, typed: TypedFlags): CheckedMachine {
  const id = required(options.id, '--id');
  const peers = required(options.peers, '--peers');
  const machineCount = peers.length + 1;
  const ids = [id, ...peers.map((peer) => peer.id)].sort((a, b) => a - b);
  if (ids.some((value, index) => value !== index)) {
    throw new InputError(
      `--peers: expected the other machines' ids, so that with --id ${typed['--id'] ?? id} they are 0..${machineCount - 1}, got ${ids.join(', ')}`,
    );
  }
  const outDir = required(options.out, '--out');
  // Each as typed: a refusal quotes the user's digits, not the double they became.
  const check = <T>(flag: string, schema: z.ZodType<T>, value: unknown): T =>
    checkFlagValue(flag, schema, value, typed[flag]);
  const rateHz = check('--rate', rateHzSchema, required(options.rate, '--rate'));
  const seed = check('--seed', seedSchema, required(options.seed, '--seed'));
  const durationSec = check(
    '--duration',
    durationSecSchema,
    required(options.duration, '--duration'),
  );
  const internalProbability = check(
    '--internal-probability',
    internalProbabilitySchema,
    options.internalProbability,
  );
  const waitSec = check('--wait', waitSecSchema, options.wait);
  const listen = options.listen ?? { host: '127.0.0.1', port: 0 };
  return {
    id,
    peers,
    machineCount,
    outDir,
    rateHz,
    seed,
    durationSec,
    internalProbability,
    waitSec,
    listen,
  };
}

function tcpMachineConfig(machine: CheckedMachine, options: MachineOptions): TcpMachineConfig {
  const topology: Topology = 'mesh';
  return {
    machineId: machine.id,
    machineCount: machine.machineCount,
    rateHz: machine.rateHz,
    internalProbability: probabilityToFraction(machine.internalProbability),
    seed: machine.seed,
    durationMs: machine.durationSec * 1000,
    runId: options.runId,
    token: options.token,
    listenHost: machine.listen.host,
    listenPort: machine.listen.port,
    topology,
    barrierTimeoutMs: machine.waitSec * 1000,
  };
}

/**
 * What the machine tells the person who started it, its peers as given, and Ctrl-C as its stop;
 * `removeInterrupt` undoes the latter.
 */
function machineControl(
  machine: CheckedMachine,
  io: CliIo,
): { readonly control: MachineControl; readonly removeInterrupt: () => void } {
  const { id, listen, peers } = machine;
  // A Ctrl-C before the machine registers its handler is kept, not lost.
  let stopRequested = false;
  let stop = () => {
    stopRequested = true;
  };
  const removeInterrupt = io.onInterrupt(() => stop());
  const control: MachineControl = {
    listening: (port) => io.stderr.write(`machine ${id}: listening on ${listen.host}:${port}\n`),
    peers: async () => peers,
    started: () => io.stderr.write(`machine ${id}: all peers connected, ticking\n`),
    progress: () => {},
    onStop: (handler) => {
      stop = handler;
      if (stopRequested) handler();
    },
  };
  return { control, removeInterrupt };
}
