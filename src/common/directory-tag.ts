/**
 * The tag of a default output directory (`logs/A2-seed3002-1a2b3c4d`, `logs/explore-1-…`): a
 * short hash of the flags that change what a command makes, so two commands that differ in any
 * of them never share a directory. Its own file, free of other imports: `explore`'s options
 * need it, and `--help` loads them.
 */
import { createHash } from 'node:crypto';

/** 8 hex digits that tell apart the directories of runs with different `words` (flags). */
export function directoryTag(words: readonly string[]): string {
  return createHash('sha256').update(words.join('\n')).digest('hex').slice(0, 8);
}
