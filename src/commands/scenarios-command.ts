/** `lamport-lab scenarios`: the bundled scenarios, one line each. */
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';

export function addScenariosCommand(program: Command, io: CliIo): void {
  program
    .command('scenarios')
    .description('list the bundled scenarios, one line each')
    .addHelpText('after', '\nExamples:\n  $ lamport-lab scenarios\n  $ lamport-lab run A2\n')
    .action(async () => {
      const [{ listBundledScenarioNames, loadScenario }, { describeRateSource, scenarioDefaults }] =
        await Promise.all([import('../scenario-load.js'), import('../scenario-resolve.js')]);
      const names = listBundledScenarioNames();
      const nameWidth = Math.max(...names.map((name) => name.length));
      const lines = names.map((name) => {
        const { file } = loadScenario(name, { values: {}, flags: {} });
        const drawnFrom = file.rateDistribution ?? file.rateRange ?? scenarioDefaults.rateRange;
        const rates =
          file.rates === undefined
            ? `rates ${describeRateSource(drawnFrom)}`
            : `rates ${file.rates.join('/')}`;
        const p = file.internalProbability ?? scenarioDefaults.internalProbability;
        const duration = file.durationSec ?? scenarioDefaults.durationSec;
        const facts = `${rates}, p=${p}, ${duration} s, seed ${file.seed ?? 'random'}`;
        return `${name.padEnd(nameWidth)} ${facts.padEnd(44)} ${file.description ?? ''}`.trimEnd();
      });
      io.stdout.write(`${lines.join('\n')}\n`);
    });
}
