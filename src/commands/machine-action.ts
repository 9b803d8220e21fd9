/** What a hand-started `lamport-lab machine` does (its options are in machine-command.ts). */
import { join } from 'node:path';
import { probabilityToFraction } from '../../core/index.js';
import {
  BarrierTimeoutError,
  type MachineControl,
  type MachineReport,
  type TcpMachineConfig,
  type Topology,
} from '../../transports/tcp-machine.js';
import type { CliIo } from '../cli-io.js';
import { InputError } from '../errors.js';
import { runMachineWithLog } from '../launched-machine.js';
import { prepareOutDir } from '../out-dir.js';
import { writeOutputFile } from '../output-file.js';
import type { MachineOptions } from './machine-command.js';

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined)
    throw new InputError(`${flag}: expected a value for a hand-started machine, got nothing`);
  return value;
}

export async function runStandaloneMachine(options: MachineOptions, io: CliIo): Promise<number> {
  const id = required(options.id, '--id');
  const peers = required(options.peers, '--peers');
  const machineCount = peers.length + 1;
  const ids = [id, ...peers.map((peer) => peer.id)].sort((a, b) => a - b);
  if (ids.some((value, index) => value !== index)) {
    throw new InputError(
      `--peers: expected the other machines' ids, so that with --id ${id} they are 0..${machineCount - 1}, got ${ids.join(', ')}`,
    );
  }
  const outDir = required(options.out, '--out');
  const listen = options.listen ?? { host: '127.0.0.1', port: 0 };
  const topology: Topology = 'mesh';
  const config: TcpMachineConfig = {
    machineId: id,
    machineCount,
    rateHz: required(options.rate, '--rate'),
    internalProbability: probabilityToFraction(options.internalProbability),
    seed: required(options.seed, '--seed'),
    durationMs: required(options.duration, '--duration') * 1000,
    runId: options.runId,
    token: options.token,
    listenHost: listen.host,
    listenPort: listen.port,
    topology,
    barrierTimeoutMs: options.wait * 1000,
  };
  prepareOutDir(outDir, options.force);
  let stop = () => {};
  const removeInterrupt = io.onInterrupt(() => stop());
  const control: MachineControl = {
    listening: (port) => io.stderr.write(`machine ${id}: listening on ${listen.host}:${port}\n`),
    peers: async () => peers,
    started: () => io.stderr.write(`machine ${id}: all peers connected, ticking\n`),
    progress: () => {},
    onStop: (handler) => {
      stop = handler;
    },
  };
  let report: MachineReport;
  try {
    report = await runMachineWithLog(config, control, outDir);
  } catch (error) {
    // Peers that never came are an operating error (a wrong address, a host down), not a bug.
    if (error instanceof BarrierTimeoutError)
      throw new InputError(`machine ${id}: ${error.message}`);
    throw error;
  } finally {
    removeInterrupt();
  }
  writeOutputFile(join(outDir, `machine-${id}.json`), `${JSON.stringify(report, null, 2)}\n`);
  io.stdout.write(
    `machine ${id}: ${report.events.total} events, queue ${report.queuedAtEnd} at the end; logs in ${outDir}/\n`,
  );
  return report.completed ? 0 : 130;
}
