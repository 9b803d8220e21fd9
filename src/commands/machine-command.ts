/**
 * `lamport-lab machine`: one machine of a TCP run, as its own process. Started by hand on each
 * host of a multi-host run (peers and seed on the command line). `machine --ipc` is the machine
 * `run --mode tcp` starts, configured over Node's IPC channel (launched-machine.ts); the launcher
 * forks machine-main.js for it, which loads that machine without the rest of the CLI.
 *
 * In a hand-started run each machine writes `machine-<id>.csv` and its report
 * `machine-<id>.json` to --out; copy the files of all hosts into one directory and run
 * `lamport-lab check` on it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { probabilityToFraction } from '../../core/index.js';
import {
  BarrierTimeoutError,
  type MachineControl,
  type MachineReport,
  type PeerAddress,
  type TcpMachineConfig,
  type Topology,
} from '../../transports/tcp-machine.js';
import type { CliIo } from '../cli-io.js';
import { InputError } from '../errors.js';
import { parseNumber } from '../flag-parsers.js';
import { runLaunchedMachine, runMachineWithLog } from '../launched-machine.js';
import { prepareOutDir } from '../out-dir.js';

interface MachineOptions {
  readonly ipc: boolean;
  readonly id?: number;
  readonly listen?: { host: string; port: number };
  readonly peers?: PeerAddress[];
  readonly rate?: number;
  readonly seed?: number;
  readonly duration?: number;
  readonly internalProbability: number;
  readonly out?: string;
  readonly token: string;
  readonly runId: string;
  readonly force: boolean;
  readonly wait: number;
}

const examples = `
Examples (three hosts; run each line on its host, then copy the out dirs together):
  host-a$ lamport-lab machine --id 0 --listen 0.0.0.0:7000 --peers 1=host-b:7001,2=host-c:7002 \\
            --rate 3 --seed 42 --duration 60 --out run-a --token s3cret
  host-b$ lamport-lab machine --id 1 --listen 0.0.0.0:7001 --peers 0=host-a:7000,2=host-c:7002 \\
            --rate 1 --seed 42 --duration 60 --out run-b --token s3cret
  host-c$ lamport-lab machine --id 2 --listen 0.0.0.0:7002 --peers 0=host-a:7000,1=host-b:7001 \\
            --rate 6 --seed 42 --duration 60 --out run-c --token s3cret
  $ mkdir run && cp run-a/* run-b/* run-c/* run/ && lamport-lab check run`;

export function parseAddress(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new InvalidArgumentError(`expected HOST:PORT like 127.0.0.1:7001, got "${text}"`);
  }
  return { host: match[1] as string, port };
}

export function parsePeers(text: string): PeerAddress[] {
  return text.split(',').map((part) => {
    const match = /^(\d+)=(.+)$/.exec(part.trim());
    if (match === null) throw new InvalidArgumentError(`expected ID=HOST:PORT,..., got "${part}"`);
    return { id: Number(match[1]), ...parseAddress(match[2] as string) };
  });
}

export function addMachineCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): void {
  program
    .command('machine')
    .description('run one machine of a TCP run (for runs across several hosts)')
    .option('--id <n>', 'this machine id, 0..N-1', parseNumber)
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:0)', parseAddress)
    .option('--peers <list>', 'every other machine, like 0=host-a:7000,2=host-c:7002', parsePeers)
    .option('--rate <hz>', 'ticks per second', parseNumber)
    .option('--seed <n>', 'seed of the run (the same on every host)', parseNumber)
    .option('--duration <seconds>', 'wall seconds to tick', parseNumber)
    .option('--internal-probability <p>', 'probability of an internal event', parseNumber, 0.7)
    .option('--out <dir>', 'directory for machine-<id>.csv and machine-<id>.json')
    .option('--force', 'replace the run files in a non-empty --out', false)
    .option('--token <token>', 'shared secret: only peers with it may connect', 'lamport-lab')
    .option('--run-id <id>', 'run id (the same on every host)', 'manual')
    .option(
      '--wait <seconds>',
      'how long to wait for every peer before giving up',
      parseNumber,
      120,
    )
    .option('--ipc', 'internal: started by run --mode tcp, configured over IPC', false)
    .addHelpText('after', examples)
    .action(async (options: MachineOptions) => {
      if (options.ipc) {
        setExitCode(await runLaunchedMachine());
        return;
      }
      setExitCode(await runStandaloneMachine(options, io));
    });
}

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined)
    throw new InputError(`${flag}: expected a value for a hand-started machine, got nothing`);
  return value;
}

async function runStandaloneMachine(options: MachineOptions, io: CliIo): Promise<number> {
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
  writeFileSync(join(outDir, `machine-${id}.json`), `${JSON.stringify(report, null, 2)}\n`);
  io.stdout.write(
    `machine ${id}: ${report.events.total} events, queue ${report.queuedAtEnd} at the end; logs in ${outDir}/\n`,
  );
  return report.completed ? 0 : 130;
}
