/**
 * V8's optimizing compiler, tuned for explore's trials (issue 19). A trial is a whole small run,
 * made, logged, checked and covered in ~2 ms, so thousands of them reach ~650 different functions
 * hot enough for TurboFan, and an isolate (each worker thread is one) spends its first seconds
 * compiling them: ~5 s of compile in the first 15 s of a worker (`--trace-opt`), on V8's
 * background threads. With one worker that compile has the other core to itself; with two,
 * both workers compile the same code on a machine with no idle core, which is what kept
 * `explore --time 60` on 2 workers below 1.8x one worker. Half of V8's default budget for what
 * it inlines into one compiled function (920 bytes of bytecode) makes each compile smaller:
 * see docs/PERFORMANCE.md for the figures.
 *
 * The flag is process-wide (every isolate reads it at each compile), so it is set only by the
 * commands that run trials (explore, and the bench's explore case), before their first trial.
 * It changes no output: only how V8 compiles the same code.
 */
import { setFlagsFromString } from 'node:v8';

export const trialInliningBudgetBytes = 460;

let tuned = false;

/** Sets the trials' compile budget for this process (once; later calls do nothing). */
export function tuneJitForTrials(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${trialInliningBudgetBytes}`);
}
