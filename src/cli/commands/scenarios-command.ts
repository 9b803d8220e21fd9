/** `lamport-lab scenarios`: the bundled scenarios, one line each. */
import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export function addScenariosCommand(program: Command, io: CliIo): void {
  program
    .command('scenarios')
    .description('list the bundled scenarios, one line each')
    .addHelpText('after', '\nExamples:\n  $ lamport-lab scenarios\n  $ lamport-lab run A2\n')
    .action(async () => {
      const [{ listBundledScenarioNames, loadScenario }, { describeRateSource, scenarioDefaults }] =
        await Promise.all([import('../../scenario/load.js'), import('../../scenario/resolve.js')]);
      const names = listBundledScenarioNames();
      const entries = names.map((name) => {
        const { file } = loadScenario(name, { values: {}, flags: {} });
        const drawnFrom = file.rateDistribution ?? file.rateRange ?? scenarioDefaults.rateRange;
        const rates =
          file.rates === undefined
            ? `rates ${describeRateSource(drawnFrom)}`
            : `rates ${file.rates.join('/')}`;
        const p = file.internalProbability ?? scenarioDefaults.internalProbability;
        const duration = file.durationSec ?? scenarioDefaults.durationSec;
        const facts = `${rates}, p=${p}, ${duration} s, seed ${file.seed ?? 'random'}`;
        return { name, facts, description: file.description ?? '' };
      });
      const lines = formatScenarioLines(entries);
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}

/**
 * One line per scenario, in three columns each as wide as its longest cell: a fixed width let a
 * long rate description (heavy-tail's) push its description out of line.
 */
export function formatScenarioLines(
  entries: readonly {
    readonly name: string;
    readonly facts: string;
    readonly description: string;
  }[],
): string[] {
  const nameWidth = Math.max(0, ...entries.map((entry) => entry.name.length));
  const factsWidth = Math.max(0, ...entries.map((entry) => entry.facts.length));
  return entries.map((entry) =>
    `${entry.name.padEnd(nameWidth)}  ${entry.facts.padEnd(factsWidth)}  ${entry.description}`.trimEnd(),
  );
}
