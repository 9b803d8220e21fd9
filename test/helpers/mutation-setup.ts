/**
 * For mutation runs only (vitest.mutation.config.ts): each fast-check property stops after a
 * second, passing if it found no counterexample by then. A surviving mutant runs every test that
 * reaches it, and at full length the properties made one mutant of the model cost half a minute
 * here; a second of random cases still finds what a planted bug breaks.
 */
import fc from 'fast-check';

fc.configureGlobal({ interruptAfterTimeLimit: 1000, markInterruptAsFailure: false });
