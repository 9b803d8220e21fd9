/**
 * What `lamport-lab harness -- <command...>` does: load and resolve the scenario as `run` does,
 * drive the implementation (src/harness), say what it did wrong if anything, and check the run.
 */
import { join } from 'node:path';
import { InputError } from '../../common/errors.js';
import { type ExitCode, exitCodes } from '../../common/exit-codes.js';
import type { HarnessFinding } from '../../harness/harness-driver.js';
import { executeHarness, type HarnessOutcome, stderrFileName } from '../../harness/harness-run.js';
import { defaultOutDir } from '../../logs/out-dir.js';
import { writingOutput } from '../../logs/unfinished-output-guard.js';
import { loadScenario, type ScenarioOverrides } from '../../scenario/load.js';
import { resolveScenario } from '../../scenario/resolve.js';
import type { CliIo } from '../io.js';
import type { TypedFlags } from '../typed-flags.js';
import type { HarnessOptions } from './harness-options.js';
import { runScenarioFlags, scenarioValuesOf } from './run-action.js';
import { faultFlagsOf } from './run-options.js';
import { directoryTagWords } from './run-repeat.js';

export async function harnessCommand(
  command: readonly string[],
  options: HarnessOptions,
  io: CliIo,
  typed: TypedFlags = {},
): Promise<ExitCode> {
  if (command.length === 0 || command[0] === '') {
    throw new InputError('<command...>: expected the implementation to run after --, got nothing');
  }
  const loaded = loadScenario(options.scenario, overridesOf(options, typed));
  const seed = options.seed ?? loaded.file.seed ?? io.randomSeed();
  const scenario = resolveScenario(loaded, seed);
  // Tagged by the flags that change the scenario, as run's: the help's examples, pasted one
  // after another, all took logs/harness-<scenario>-seed<seed> and were refused.
  const outDir =
    options.out ?? defaultOutDir(`harness-${scenario.name}`, seed, directoryTagWords(options));
  let stopRequested = false;
  const removeInterrupt = io.onInterrupt(() => {
    stopRequested = true;
  });
  io.stdout.write(`SEED=${seed}  scenario ${scenario.name} (${scenario.source})\n`);
  io.stdout.write(
    `harness: ${command.join(' ')} as ${scenario.machines} machines, ${scenario.durationSec} s of model time\n`,
  );
  let harnessed: HarnessOutcome;
  try {
    // A bug from here until summary.json is written leaves a directory without a whole run.
    harnessed = await writingOutput(outDir, null, async () => {
      const done = await executeHarness(
        {
          scenario,
          outDir,
          force: options.force,
          command,
          timeoutMs: options.timeoutMs,
          analyze: true,
          analysisSeries: false,
        },
        () => stopRequested,
      );
      await writeHarnessSummary(done, io);
      return done;
    });
  } finally {
    removeInterrupt();
  }
  if (harnessed.finding?.kind === 'unstartable') {
    // Not the implementation's fault: the command given is not one this system can start.
    io.stderr.write(
      `lamport-lab: <command...>: expected a program that can be started, got ${harnessed.finding.detail}\n`,
    );
    return exitCodes.input;
  }
  return await report(harnessed, options, io);
}

function overridesOf(options: HarnessOptions, typed: TypedFlags): ScenarioOverrides {
  return {
    values: scenarioValuesOf(options),
    flags: runScenarioFlags,
    typed,
    appendedFaults: faultFlagsOf(options),
  };
}

/** summary.json beside the logs, as run writes it. */
async function writeHarnessSummary({ outcome }: HarnessOutcome, io: CliIo): Promise<void> {
  if (outcome.analysis === null || outcome.outDir === null) return;
  const { writeSummary } = await import('../../analysis/summary-file.js');
  const note = writeSummary(outcome.outDir, outcome.analysis.summary);
  if (note !== null) io.stderr.write(note);
}

async function report(
  harnessed: HarnessOutcome,
  options: HarnessOptions,
  io: CliIo,
): Promise<ExitCode> {
  const { outcome, finding, stderrTail, wallMs } = harnessed;
  const outDir = outcome.outDir as string;
  const { events } = outcome.manifest;
  const rate = wallMs > 0 ? Math.round((events * 1000) / wallMs) : 0;
  io.stdout.write(`ran ${events} events in ${(wallMs / 1000).toFixed(2)} s (${rate} events/s)\n`);
  if (finding !== null) io.stdout.write(findingText(finding, outDir, stderrTail));
  let checked = true;
  if (options.check) {
    const [{ checkRun }, { formatCheckReport }] = await Promise.all([
      import('../../check/check-run.js'),
      import('../../check/report-text.js'),
    ]);
    const checkReport = checkRun(outDir, { maxErrors: 20 });
    const text = formatCheckReport(checkReport, false);
    io.stdout.write(`${finding === null ? text : stoppedVerdict(text, checkReport.runDir)}\n`);
    checked = checkReport.ok;
  }
  io.stdout.write(`logs: ${outDir}\n`);
  if (finding !== null || !checked) return exitCodes.finding;
  if (!outcome.manifest.completed) return exitCodes.interrupted;
  return exitCodes.ok;
}

/**
 * After a finding the run stopped there: an "OK" verdict would read as the implementation
 * passing, so it says what was checked (the logged part) and that the run did not end well.
 */
function stoppedVerdict(text: string, runDir: string): string {
  const okPrefix = `OK ${runDir}: `;
  if (!text.startsWith(okPrefix)) return text;
  const rest = text.slice(okPrefix.length);
  const end = rest.indexOf('\n');
  const counts = end < 0 ? rest : rest.slice(0, end);
  const after = end < 0 ? '' : rest.slice(end);
  return `the logged part of ${runDir} (${counts}) keeps the rules; the run stopped at the finding above${after}`;
}

function findingText(finding: HarnessFinding, outDir: string, tail: readonly string[]): string {
  const seconds = (finding.timeUs / 1e6).toFixed(6);
  const lines = [
    `FINDING machine ${finding.machineId} at ${seconds} s: ${finding.kind}: ${finding.detail}`,
  ];
  const stderrPath = join(outDir, stderrFileName(finding.machineId));
  if (tail.length === 0) lines.push(`  (nothing on its stderr, ${stderrPath})`);
  else {
    lines.push(`  last lines of ${stderrPath}:`);
    for (const line of tail) lines.push(`    ${line}`);
  }
  return `${lines.join('\n')}\n`;
}
