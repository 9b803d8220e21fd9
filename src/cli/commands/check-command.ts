/**
 * `lamport-lab check <run-dir>`: verify a run's logs against Lamport's rules. Exit 0 when every
 * rule holds, 1 on a violation, 2 when the logs cannot be read.
 */
import type { Command } from 'commander';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import { countParser } from '../flag-parsers.js';
import type { CliIo } from '../io.js';

interface CheckOptions {
  readonly maxErrors: number;
  readonly json: boolean;
  readonly stats: boolean;
  /** --rerun: true; --no-rerun: false; neither: undefined (re-run when the run is short). */
  readonly rerun?: boolean;
  readonly strict: boolean;
}

const examples = `
Examples:
  $ lamport-lab check logs/default-seed42
  $ lamport-lab check logs/A2-seed3002 --stats
  $ lamport-lab check some/run --max-errors 100 --json
  $ lamport-lab check logs/long-run --rerun
  $ lamport-lab check logs/crash-restart-reset-seed1804 --strict

Rules checked (docs/CHECK.md has them in full):
  1 per machine: seq 1, 2, 3 ...; the clock strictly increases; internal and send add exactly 1;
    a send's msg_clock equals its logical_clock
  2 every receive: logical_clock = max(previous, msg_clock) + 1, of a message really sent, by the
    named sender, to this machine, with that clock, no later than received
  3 conservation: no message received twice or by a machine it was not sent to; every copy sent
    received, queued, in flight, undeliverable or lost with a failed machine (per the manifest)
  4 FIFO per channel where the network promises it (constant latency, the fifo option, TCP)
  5 the clock condition, exactly: L(e) = the length of the longest causal chain ending at e
  6 the total order (L, machine id) is a linear extension of happens-before
  0 the logs are the run the manifest describes: rows, bytes, sha256, event total, one row per
    tick (virtual runs), and every figure it states that the logs determine; a virtual run's
    scenario is re-run in memory (up to 1,000,000 events unless --rerun) to check the rest

Runs with faults (scenario.faults; docs/FAULTS.md) also hold, from the fault list and faults.csv:
  1 machineOrder: the restart row is exempt; the event after it adds 1 to its clock
  2 receiveRule, 5 clockCondition, 6 totalOrder: as above, under every fault
  3 conservation: a second receive only of a copy faults.csv duplicates; the ledger
    sent + duplicated = received + queued + in flight + dropped, per machine and in the manifest
  4 fifo: where the network promises it (as above); with the fifo option, delayed and
    duplicated copies included
  7 restartClock: a restart row's clock is its rule's: persisted = the last clock, lease K =
    (floor(c/K)+1)·K, reset = 0 (persisted and lease never go down)
  8 crashSilence: a crashed machine logs nothing until its restart; a restart row only there
  9 partition: no copy sent inside a partition window across its groups is received
 10 faultEvidence: faults.csv agrees with the list, the logs and the manifest (each drop a copy
    sent and never received, each corrupt row the send's two clocks, rows in time order, index
    in range, each fault's fired count, the ledger's duplicated and dropped)
  0 manifest: the tick schedule recomputed from the fault list (no tick while down, the restart
    row, a pause's missed ticks at its end, a rate step's new grid); faults.csv's sha256
Expected to break, listed as "consequences of injected faults" with their cause (kind, machine,
time, faults.csv line), not failures unless --strict:
  clockReset      a reset restart's clock going down (the later events it puts off their
                  causal chain counted with it)
  clockCorrupted  corrupt-clock: msg_clock differs from the sender's logical_clock
  clockInflated   clocks pushed above the longest causal chain (corrupt-clock, lease): how far,
                  how many events
  clockDeflated   clocks pushed below it (a lower corrupt-clock, a reset restart; a persisted
                  or lease restart leaves the clocks after it one below)
  fifoBroken      FIFO broken by a delayed or duplicated copy on a channel FIFO only by its
                  constant latency or TCP (no fifo option); with a varying latency and no fifo
                  option FIFO is not checked, so nothing is listed

Imported runs (lamport-lab import; docs/IMPORT.md) get every rule their columns allow, named
by the source file:line of each row, a note for each rule they do not allow and why, and:
 11 tickRate: one event a tick at the declared (import --rate-hz) or estimated rate: a gap of
    over 1.5 periods lost ticks, one under half a period is a burst
 12 offByOne: a receive logged at max(previous, msg_clock), the + 1 missing (a timestamp taken
    before the increment)
 13 queueBound: the queue holds no more than the copies sent to the machine and not received

Exit codes: 0 every rule holds, 1 a rule is broken (or, with --strict, a fault had
consequences), 2 the logs cannot be read.`;

export function addCheckCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('check')
    .description("verify a run's logs against Lamport's rules")
    .argument('<run-dir>', 'a run directory (machine-<id>.csv files and manifest.json)')
    .option(
      '--max-errors <n>',
      'list at most this many violations (all are counted)',
      countParser(1),
      20,
    )
    .option('--stats', 'also print the causality statistics', false)
    .option(
      '--rerun',
      "re-run a virtual run's scenario in memory however long it is (by default up to 1,000,000 events)",
    )
    .option('--no-rerun', "do not re-run a virtual run's scenario (its seed etc. go unchecked)")
    .option('--json', 'print the report as one JSON document', false)
    .option(
      '--strict',
      'a run with faults fails (exit 1) on its consequences of injected faults too',
      false,
    )
    .addHelpText('after', examples)
    .action(async (runDir: string, options: CheckOptions) => {
      const [{ checkRun }, { formatCheckReport }] = await Promise.all([
        import('../../check/check-run.js'),
        import('../../check/report-text.js'),
      ]);
      const report = checkRun(runDir, {
        maxErrors: options.maxErrors,
        rerun: options.rerun === undefined ? 'auto' : options.rerun ? 'always' : 'never',
        strict: options.strict,
      });
      if (options.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else io.stdout.write(`${formatCheckReport(report, options.stats, options.maxErrors)}\n`);
      setExitCode(report.ok ? exitCodes.ok : exitCodes.finding);
    });
}
