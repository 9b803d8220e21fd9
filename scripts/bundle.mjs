/**
 * The second step of `npm run build`: after tsc has compiled every file to dist/, esbuild bundles
 * the three entry points that are started as processes or threads, and writes them over tsc's
 * output of the same name:
 *   dist/src/cli.js                 the CLI (package.json `bin`)
 *   dist/src/run/machine-main.js    a TCP machine process (forked by path by run/tcp-run.ts)
 *   dist/src/experiments/worker.js  an experiments worker thread (by path, experiments/pool.ts)
 * Code they share, and what a command loads only when it runs (`await import(...)`), goes to
 * chunks in dist/src/chunks/, so `--help` reads a small file and a run a few, instead of
 * resolving and compiling ~200 modules one by one (most of zod among them). Measured in
 * bench/startup-case.ts; the figures are in docs/PERFORMANCE.md.
 *
 * The rest of dist/ stays tsc's: the bench and its worker threads import those modules. Source
 * maps hold positions only (no sources: src/ is not shipped); the CLI maps an internal error's
 * stack through them (src/cli/source-mapped-stack.ts).
 */
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chunksDir = join(root, 'dist', 'src', 'chunks');
// Chunk names carry a content hash: old ones would pile up from build to build.
rmSync(chunksDir, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    'src/cli': 'src/cli.ts',
    'src/run/machine-main': 'src/run/machine-main.ts',
    'src/experiments/worker': 'src/experiments/worker.ts',
  },
  outdir: 'dist',
  chunkNames: 'src/chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  // No keepNames: it wraps functions in __name(...) calls, and the log writer thread runs the
  // source text of one function (logs/log-writer-thread.ts), where __name does not exist. Errors
  // name themselves (InvariantError, InputError), and no code reads a function's name.
  // commander is CommonJS: inside an ES module bundle its require() of node's modules needs one.
  banner: {
    js: "import { createRequire as __lamportCreateRequire } from 'node:module';\nconst require = __lamportCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(join(root, 'dist', 'src', 'cli.js'), 0o755);
