/**
 * `harness`'s options as commander parses them: shared by its definition (harness-command.ts)
 * and what runs (harness-action.ts), so neither imports the other.
 */
import type { FaultFlagOptions, RunOptions, ScenarioFlagOptions } from './run-options.js';

/** `harness`'s options: the scenario's values as `run` takes them, and its own. */
export type HarnessOptions = ScenarioFlagOptions &
  Pick<RunOptions, 'out' | 'force'> &
  FaultFlagOptions & {
    readonly scenario: string;
    readonly timeoutMs: number;
    readonly check: boolean;
  };
