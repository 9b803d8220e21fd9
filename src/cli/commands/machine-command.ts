/**
 * `lamport-lab machine`: one machine of a TCP run, as its own process. Started by hand on each
 * host of a multi-host run (peers and seed on the command line). `machine --ipc` is the machine
 * `run --mode tcp` starts, configured over Node's IPC channel (launched-machine.ts); the launcher
 * forks machine-main.js for it, which loads that machine without the rest of the CLI.
 *
 * In a hand-started run each machine writes `machine-<id>.csv` and its report
 * `machine-<id>.json` to --out; copy the files of all hosts into one directory and run
 * `lamport-lab check` on it. What a hand-started machine does is in machine-action.ts, loaded
 * when it starts.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { PeerAddress } from '../../../transports/tcp/machine.js';
import type { ExitCode } from '../../common/exit-codes.js';
import { countParser, isHostText, parseNumber } from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';
import type { MachineOptions } from './machine-options.js';

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
  if (match === null || port > 65535 || !isHostText(match[1] as string)) {
    throw new InvalidArgumentError(`expected HOST:PORT like 127.0.0.1:7001, got "${text}"`);
  }
  return { host: match[1] as string, port };
}

export function parsePeers(text: string): PeerAddress[] {
  return text.split(',').map((part) => {
    const match = /^(\d+)=(.+)$/.exec(part.trim());
    // An id past 2^53 would be read as another number, and named so in later refusals.
    if (match === null || !Number.isSafeInteger(Number(match[1]))) {
      throw new InvalidArgumentError(`expected ID=HOST:PORT,..., got "${part}"`);
    }
    return { id: Number(match[1]), ...parseAddress(match[2] as string) };
  });
}

export function addMachineCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('machine')
    .description('run one machine of a TCP run (for runs across several hosts)')
    .option('--id <n>', 'this machine id, 0..N-1', countParser(0))
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:0)', parseAddress)
    .option('--peers <list>', 'every other machine, like 0=host-a:7000,2=host-c:7002', parsePeers)
    .option('--rate <hz>', 'ticks per second', parseNumber)
    .option('--seed <n>', 'seed of the run (the same on every host)', parseNumber)
    .option('--duration <seconds>', 'wall seconds to tick', parseNumber)
    .option('--internal-probability <p>', 'probability of an internal event', parseNumber, 0.7)
    .option('--out <dir>', 'directory for machine-<id>.csv and machine-<id>.json')
    .option(
      '--force',
      'replace an earlier run in a non-empty --out (only files lamport-lab wrote)',
      false,
    )
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
    .action(async (options: MachineOptions, command: Command) => {
      if (options.ipc) {
        const { runLaunchedMachine } = await import('../../run/launched-machine.js');
        setExitCode(await runLaunchedMachine());
        return;
      }
      const { runStandaloneMachine } = await import('./machine-action.js');
      setExitCode(await runStandaloneMachine(options, io, typedFlagsOf(command)));
    });
}
