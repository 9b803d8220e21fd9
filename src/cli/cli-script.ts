/**
 * The built CLI is one classic script (dist/src/cli-script.js, bundled from src/cli.ts by
 * scripts/bundle.mjs), compiled here with V8's code cache (dist/src/cli-script.cache, written at
 * build time by scripts/train-code-cache.mjs). Why: Node 20 has no compile cache of its own, and
 * a start spent ~25 ms resolving and linking the ES-module chunks of a split bundle and ~30 ms
 * parsing and compiling them; a code-cached script is neither resolved nor parsed, and the
 * functions a run calls come compiled (docs/PERFORMANCE.md has the figures).
 *
 * The cache is an optimisation only: when it is missing, stale (built for another script) or
 * rejected by V8 (another Node version, other V8 flags), the script compiles from source and runs
 * the same. V8 itself checks only the source's LENGTH, so the cache file starts with a digest of
 * the script it was made for, and a cache for any other script is not handed to V8 at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** What became of the cache at this start. */
export type CodeCacheOutcome = 'used' | 'absent' | 'stale' | 'rejected';

export interface CompiledCliScript {
  readonly script: Script;
  readonly cache: CodeCacheOutcome;
  /** Runs the CLI once (it reads process.argv itself); returns what the entry exports. */
  run(): CliScriptExports;
}

/** What src/cli.ts exports: the end of its run, for the cache's training to wait on. */
export interface CliScriptExports {
  readonly exitCodeSet: Promise<void>;
}

// sha1, not a stronger hash: this tells a cache from another build's, it is not a defence (who can
// write dist/ can write the script too), and it costs under a millisecond on the ~0.6 MB script.
const digestAlgorithm = 'sha1';
const digestBytes = 20;

function sourceDigest(source: Buffer): Buffer {
  return createHash(digestAlgorithm).update(source).digest();
}

/** The cache file's bytes: the digest of the script it belongs to, then V8's data. */
export function codeCacheFile(source: Buffer, v8Data: Buffer): Buffer {
  return Buffer.concat([sourceDigest(source), v8Data]);
}

/** V8's data from a cache file, or why there is none for this source. */
function v8DataFor(source: Buffer, cachePath: string): Buffer | 'absent' | 'stale' {
  let file: Buffer;
  try {
    file = readFileSync(cachePath);
  } catch {
    return 'absent';
  }
  if (file.length <= digestBytes) return 'stale';
  const digest = file.subarray(0, digestBytes);
  return digest.equals(sourceDigest(source)) ? file.subarray(digestBytes) : 'stale';
}

/**
 * Compiles the script at `scriptUrl` (a file: URL, which is also the name its stack frames carry,
 * so src/cli/source-mapped-stack.ts maps them through the `.map` beside it) with the cache at
 * `cacheUrl` when that cache is for this very script.
 */
export function compileCliScript(scriptUrl: URL, cacheUrl: URL): CompiledCliScript {
  const source = readFileSync(scriptUrl);
  const v8Data = v8DataFor(source, fileURLToPath(cacheUrl));
  // latin1: the build makes the script ASCII only (scripts/bundle.mjs), and decoding it so is a
  // copy, where UTF-8 took ~3 ms.
  const script = new Script(source.toString('latin1'), {
    filename: scriptUrl.href,
    ...(typeof v8Data === 'string' ? {} : { cachedData: v8Data }),
  });
  let cache: CodeCacheOutcome;
  if (typeof v8Data === 'string') cache = v8Data;
  else cache = script.cachedDataRejected === true ? 'rejected' : 'used';
  return {
    script,
    cache,
    run: () => {
      // The script is a function of what a CommonJS module gets, and the URL its
      // `import.meta.url` stood for (scripts/bundle.mjs writes that wrapper).
      const wrapper = script.runInThisContext() as (
        require: NodeJS.Require,
        module: { exports: unknown },
        exports: unknown,
        scriptUrl: string,
      ) => void;
      const module = { exports: {} };
      wrapper(createRequire(scriptUrl), module, module.exports, scriptUrl.href);
      return module.exports as CliScriptExports;
    },
  };
}
