/**
 * Writes V8's code cache for the built CLI (dist/src/cli-script.cache; src/cli/cli-script.ts
 * reads it). Run by scripts/bundle.mjs in a fresh `node` without flags, as a user's CLI starts:
 * V8 takes a cache only from a process with the same flags.
 *
 * The script is compiled once and run here for the commands whose start-up counts (the bench's
 * `--help`, `--version` and smallest run): a cache made after they ran holds the functions they
 * called compiled, not only the top level. Functions other commands call compile on first use, as
 * without a cache. Their output goes wherever this process's goes (bundle.mjs discards it).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { codeCacheFile, compileCliScript } from '../dist/src/cli/cli-script.js';

const scriptUrl = new URL('../dist/src/cli-script.js', import.meta.url);
const cacheUrl = new URL('../dist/src/cli-script.cache', import.meta.url);
const trainingCommands = [['--help'], ['--version'], ['run', '--duration', '1', '--no-logs']];

const compiled = compileCliScript(scriptUrl, cacheUrl);
const argv0 = process.argv.slice(0, 2);
for (const command of trainingCommands) {
  // The CLI reads its arguments from process.argv, as in the installed bin.
  process.argv = [...argv0, ...command];
  await compiled.run().exitCodeSet;
  if (process.exitCode !== 0) {
    throw new Error(
      `train-code-cache: lamport-lab ${command.join(' ')} exited ${process.exitCode}`,
    );
  }
}
writeFileSync(cacheUrl, codeCacheFile(readFileSync(scriptUrl), compiled.script.createCachedData()));
