/**
 * The skeleton's placeholder for a public function whose body is being built (issue 22). It
 * throws, so nothing can mistake the skeleton for the feature; no public function keeps it.
 */
import { InvariantError } from '../../core/assert.js';

export function notBuiltYet(name: string): never {
  throw new InvariantError(`${name} is not built yet`);
}
