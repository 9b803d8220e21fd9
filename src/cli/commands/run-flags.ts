/**
 * Every refusal of `run`'s flags that no scenario is needed for, in one place, before the run's
 * code is loaded or anything is made. The order is the order a user met them in: with two
 * conflicts, the same one is named first as before.
 */
import { InputError } from '../../common/errors.js';
import { faultFlagsOf, type RunOptions } from './run-options.js';

/** Whether the user typed the option (its attribute name, like `topology`) on the command line. */
export type GivenOnCommandLine = (attribute: string) => boolean;

export function checkRunFlags(options: RunOptions, given: GivenOnCommandLine): void {
  refuseFlagsThatDoNotApply(options, given);
  if (options.mode === 'tcp' && !options.logs) {
    throw new InputError(
      '--no-logs: expected logs in tcp mode (each machine process writes its own), got --no-logs',
    );
  }
  if (options.checkDeterminism) {
    checkDeterminismFlags(options);
    return;
  }
  if (options.check && !options.logs) {
    throw new InputError(
      '--check: expected a run with logs to check, got --no-logs; drop one of the two',
    );
  }
}

function checkDeterminismFlags(options: RunOptions): void {
  if (options.out !== undefined) {
    // The two runs it compares go to a temporary directory, removed after: --out would be
    // silently ignored.
    throw new InputError(
      '--check-determinism: writes no logs (its two runs are compared and removed), got --out; drop one of the two',
    );
  }
  if (options.mode === 'tcp') {
    throw new InputError(
      '--check-determinism: expected virtual mode (a TCP run depends on the real network), got --mode tcp',
    );
  }
}

/**
 * Flags that a run of this kind ignores were ignored without a word, so a user could believe
 * they had been used: --strict without --check; --out with --no-logs; --host, --ports and
 * --topology (the TCP network's) in virtual mode; and the simulated network's --latency, --fifo
 * and --no-fifo in tcp mode, where the real network decides (they also changed the run's
 * directory tag).
 */
function refuseFlagsThatDoNotApply(options: RunOptions, given: GivenOnCommandLine): void {
  if (options.strict && !options.check) {
    throw new InputError(
      '--strict: expected --check beside it (it says how strict that check is), got --strict alone',
    );
  }
  if (!options.logs && options.out !== undefined) {
    throw new InputError('--out: a run with --no-logs writes no files; drop one of the two');
  }
  if (options.mode === 'tcp') {
    const fault = faultFlagsOf(options)[0];
    // On real sockets the router applies faults to frames: no router, no faults.
    if (fault !== undefined && options.topology !== 'router') {
      throw new InputError(
        `${fault.flag}: expected --topology router with --mode tcp (the router applies faults), got --topology ${options.topology}`,
      );
    }
    const typed = (attribute: 'latency' | 'fifo'): string =>
      attribute === 'fifo' ? (options.fifo === false ? '--no-fifo' : '--fifo') : '--latency';
    for (const attribute of virtualOnlyAttributes) {
      if (given(attribute)) {
        throw new InputError(
          `${typed(attribute)}: applies to --mode virtual only (a TCP run's latency and ordering are the real network's), got --mode tcp`,
        );
      }
    }
    return;
  }
  for (const flag of ['host', 'ports', 'topology'] as const) {
    if (given(flag)) {
      throw new InputError(`--${flag}: applies to --mode tcp only, got --mode ${options.mode}`);
    }
  }
}

/** The options of the simulated network, which a TCP run has no use for. */
const virtualOnlyAttributes = ['latency', 'fifo'] as const;
