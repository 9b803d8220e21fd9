/**
 * `lamport-lab run [scenario]`: its options and help. What a run does is in run-action.ts,
 * loaded when the command runs, so `--help` and the other commands do not load the simulator.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ExitCode } from '../../common/exit-codes.js';
import { defaultScenarioName } from '../../common/paths.js';
import { tcpMachineCountMax } from '../../scenario/tcp-limits.js';
import { faultFlagCollector, faultFlagNames, faultFlagSyntax } from '../fault-flags.js';
import {
  parseHost,
  parseLatency,
  parseNumber,
  parseRateDistribution,
  parseRateRange,
  parseRates,
} from '../flag-parsers.js';
import type { CliIo } from '../io.js';
import { typedFlagsOf } from '../typed-flags.js';
import { checkRunFlags } from './run-flags.js';
import { defaultTcpHost, type RunOptions } from './run-options.js';

const examples = `
Examples:
  $ lamport-lab run                          the default scenario (3 machines, rates 1..6, 60 s)
  $ lamport-lab run A2 --duration 600        seed 003's A2 for ten model minutes
  $ lamport-lab run --rates 1,2,6 --internal-probability 0.25 --seed 7
  $ lamport-lab run --machines 8 --rate-range 3-4 --latency uniform:1-20 --fifo
  $ lamport-lab run ./scenarios/A2.json --out logs/try1 --force
  $ lamport-lab run --no-logs --duration 100000 --json
  $ lamport-lab run --machines 1000 --no-logs --rate-distribution '{"kind":"lognormal","medianHz":2,"sigma":0.75,"minHz":0.1,"maxHz":50}'
  $ lamport-lab run B3 --check               run, then verify the logs against Lamport's rules
  $ lamport-lab run --loss 0.1 --duplicate 0.05 --check     lose 10 %, duplicate 5 % of all copies
  $ lamport-lab run --loss '0.3:0>1,2@10-20'  lose 30 % of 0's copies to 1 and 2 sent in [10 s, 20 s)
  $ lamport-lab run --delay '500:*>2@5-'      hold every copy to machine 2 sent from 5 s on 500 ms longer
  $ lamport-lab run --partition '0|1,2@10-20' cut machine 0 off from 1 and 2 in [10 s, 20 s)
  $ lamport-lab run --crash 1@5 --restart 1@8:reset        machine 1 down 5-8 s, back with clock 0
  $ lamport-lab run --crash 1@5:keep --restart 1@8:lease=100   keep its queue; clock rounded up to 100s
  $ lamport-lab run --pause 2@5-8 --rate 0@30=1             2 stops 5-8 s; 0 ticks at 1 Hz from 30 s
  $ lamport-lab run --corrupt-clock 0@10-20:add=1000000     0's sends in [10 s, 20 s) carry clock + 10^6
  $ lamport-lab run --mode tcp --topology router --loss 0.2 --check   on real sockets: the router drops

Fault flags (each may be repeated) append entries to the scenario's "faults" list, which is then
validated whole (see docs/FAULTS.md); times are model seconds, a window A-B is [A, B) and A- is
open; FROM>TO are machine ids by commas or * (all): quote a value with > | *. In tcp mode faults
need --topology router, which applies loss, duplicate, delay, partition and corrupt-clock to
whole frames, in wall-clock time since the start (docs/FAULTS.md, "Faults on real sockets").

Logs go to logs/<scenario>-seed<seed>/ unless --out is given: machine-<id>.csv per machine
and manifest.json, with faults also faults.csv (one row per fault action). Exit codes: 0 done,
1 (with --check) a broken rule or (with --check-determinism) two runs that differ, 2 bad input or
a place the system will not write (a full disk, a read-only directory), 3 an internal error, 130
stopped by Ctrl-C.`;

export function addRunCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  const run = program
    .command('run')
    .description('run a scenario in the seeded virtual-time simulator and write its logs')
    .argument(
      '[scenario]',
      'a bundled scenario name (see `lamport-lab scenarios`) or a JSON file',
      defaultScenarioName,
    );
  addModeOptions(addOutputOptions(addScenarioOptions(run)))
    .addHelpText('after', examples)
    .action(async (scenarioName: string, options: RunOptions, command: Command) => {
      checkRunFlags(options, (attribute) => command.getOptionValueSource(attribute) === 'cli');
      const { runCommand } = await import('./run-action.js');
      setExitCode(await runCommand(scenarioName, options, io, typedFlagsOf(command)));
    });
}

/** The flags that change the scenario: they make the run's directory tag. */
function addScenarioOptions(command: Command): Command {
  return addFaultFlagOptions(addScenarioValueOptions(command));
}

/** The fault flags (--loss, --crash, ...): `run`'s, and `harness`'s, which injects the same. */
export function addFaultFlagOptions(command: Command): Command {
  for (const name of faultFlagNames) {
    command.option(`--${name} <spec>`, faultFlagHelp[name], faultFlagCollector(name));
  }
  return command;
}

/** The scenario's values (no faults): `run`'s, and `harness`'s, which drives the same model. */
export function addScenarioValueOptions(command: Command): Command {
  return command
    .option('--name <name>', 'name of the run, used in the default log directory')
    .option(
      '--seed <n>',
      "seed, a whole number 0..4294967295 (default: the scenario's)",
      parseNumber,
    )
    .option('--duration <seconds>', 'model time to run, in seconds', parseNumber)
    .option(
      '--machines <n>',
      `number of machines (replaces the scenario's fixed rates); at most ${tcpMachineCountMax} in tcp mode`,
      parseNumber,
    )
    .option('--rates <list>', 'fixed rates in Hz, one per machine, like 1,2,6', parseRates)
    .option(
      '--rate-range <min-max>',
      "draw each machine's rate from this range, like 1-6",
      parseRateRange,
    )
    .option(
      '--rate-distribution <json>',
      `draw each machine's rate from a distribution (JSON), like '{"kind":"uniform","minHz":0.5,"maxHz":6}'`,
      parseRateDistribution,
    )
    .option(
      '--internal-probability <p>',
      'probability that an action is internal, like 0.7',
      parseNumber,
    )
    .option(
      '--latency <spec>',
      'virtual mode: link latency: MS, uniform:MIN-MAX or exp:MEAN (ms)',
      parseLatency,
    )
    .option('--fifo', 'virtual mode: keep every channel FIFO when latencies vary')
    .addOption(new Option('--no-fifo', 'virtual mode: let channels reorder when latencies vary'));
}

const faultFlagHelp: Record<(typeof faultFlagNames)[number], string> = {
  loss: `drop copies with probability P: ${faultFlagSyntax.loss}`,
  duplicate: `deliver copies twice with probability P: ${faultFlagSyntax.duplicate}`,
  delay: `hold copies MS longer: ${faultFlagSyntax.delay}`,
  partition: `drop copies across groups in a window: ${faultFlagSyntax.partition}`,
  crash: `machine M stops at T, its queue dropped or kept: ${faultFlagSyntax.crash}`,
  restart: `a crashed machine resumes at T: ${faultFlagSyntax.restart}`,
  pause: `no ticks in [A, B), the missed ones at B: ${faultFlagSyntax.pause}`,
  rate: `machine M ticks at HZ from T on: ${faultFlagSyntax.rate}`,
  'corrupt-clock': `M's sends carry an altered clock: ${faultFlagSyntax['corrupt-clock']}`,
};

/** Where the logs go, what is printed, and the checks after the run. */
function addOutputOptions(command: Command): Command {
  return command
    .option(
      '--out <dir>',
      'directory for the logs (default logs/<scenario>-seed<seed>, with a tag of the flags that change the scenario)',
    )
    .option(
      '--force',
      'replace an earlier run in a non-empty --out directory (only files lamport-lab wrote)',
      false,
    )
    .option('--no-logs', 'write no files: run and print the summary only')
    .option('--json', 'print one JSON document on stdout instead of the table', false)
    .option('--quiet', 'print only the seed and where the logs went', false)
    .option('--check', "check the run's logs against Lamport's rules when it ends", false)
    .option(
      '--strict',
      'with --check: consequences of injected faults fail the check too (exit 1), as check --strict',
      false,
    )
    .option(
      '--check-determinism',
      'run twice in separate processes (the second in another time zone and locale) and compare every byte',
      false,
    );
}

/** Virtual or TCP, and where a TCP run's machines listen and how they connect. */
function addModeOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--mode <mode>',
        `virtual: the seeded simulator; tcp: one process per machine over TCP (at most ${tcpMachineCountMax})`,
      )
        .choices(['virtual', 'tcp'])
        .default('virtual'),
    )
    .option(
      '--host <address>',
      'tcp mode: the address machines listen on',
      parseHost,
      defaultTcpHost,
    )
    .option(
      '--ports <list>',
      'tcp mode: one port per machine, like 5555,6666,7777 (default: the OS picks)',
      parsePorts,
    )
    .addOption(
      new Option('--topology <kind>', 'tcp mode: mesh (every pair connected) or router (seed 004)')
        .choices(['mesh', 'router'])
        .default('mesh'),
    );
}

function parsePorts(text: string): number[] {
  const ports = text.split(',').map((part) => Number(part.trim()));
  if (ports.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new InvalidArgumentError(
      `expected ports 1..65535 separated by commas, like 5555,6666,7777; got "${text}"`,
    );
  }
  return ports;
}
