/**
 * Placeholder on the sharding branch: the explore command (branch x-command) owns this file and
 * its real mergeExplore (combining explore shards' partial results into one explore.json). Here
 * it only refuses, so that `merge` builds and says why an explore set cannot be merged yet.
 */
import { InputError } from '../common/errors.js';

export async function mergeExplore(_shardDirs: string[], _outDir: string): Promise<void> {
  throw new InputError('merge: explore shards need the explore command (not built in this branch)');
}
