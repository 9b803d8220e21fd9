/**
 * The second step of `npm run build`: after tsc has compiled every file to dist/, esbuild bundles
 * what is started as a process or a thread, and writes it over tsc's output of the same name.
 *
 * The CLI, whose start-up counts (issue 17: `run --duration 1 --no-logs` within 100 ms of bare
 * node, `--help` within 60), is built as ONE classic script, not ES modules:
 *   dist/src/cli-script.js    src/cli.ts and all it imports, wrapped in a function
 *   dist/src/cli-script.cache V8's code cache for it (scripts/train-code-cache.mjs)
 *   dist/src/cli.js           the bin (src/cli/bin.ts): compiles the script with that cache
 * A cached script is neither resolved, linked nor parsed, and what a command runs comes compiled;
 * that is what Node 22's module.enableCompileCache does, which Node 20 lacks. A command still
 * RUNS only what it needs: what it loads by `await import(...)` becomes a module body that
 * runs on that import (esbuild's lazy `__esm` init), so `--help` builds no zod schema.
 * src/cli/cli-script.ts says when the cache is ignored; docs/PERFORMANCE.md has the figures.
 *
 * The other entries stay ES modules with shared chunks in dist/src/chunks/ (their start-up
 * is not a user's wait):
 *   dist/src/run/machine-main.js    a TCP machine process (forked by path by run/tcp-run.ts)
 *   dist/src/run/router-main.js     the TCP router process (forked by path by run/router-process.ts)
 *   dist/src/experiments/worker.js  an experiments worker thread (by path, experiments/pool.ts)
 *   dist/src/explore/explore-worker.js  an explore worker thread (explore/pool-evaluator.ts)
 *
 * The browser bundles (the block "browser bundles" below) are pages' scripts, one classic IIFE
 * script each, that `view` (and the playground) inline into a self-contained HTML file. The CLI
 * does not load them: `view` reads them as text (src/view/viewer-page-asset.ts), so the CLI's
 * start-up is unchanged. Built for the browser: an import of a `node:` module fails the build.
 *   dist/src/view/viewer-page.js    src/view/page/viewer-main.ts, the viewer of `view`
 *   dist/src/playground/playground-page.js    src/playground/page/playground-main.ts
 *   dist/src/playground/playground-worker.js  src/playground/page/playground-worker.ts
 *
 * The rest of dist/ stays tsc's: the bench and its worker threads import those modules. Source
 * maps hold positions only (no sources: src/ is not shipped); the CLI maps an internal error's
 * stack through them (src/cli/source-mapped-stack.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { browserBundleOptions } from './browser-bundle-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chunksDir = join(root, 'dist', 'src', 'chunks');
// Chunk names carry a content hash: old ones would pile up from build to build. The old cache is
// for the old script.
rmSync(chunksDir, { recursive: true, force: true });
rmSync(join(root, 'dist', 'src', 'cli-script.cache'), { force: true });

const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  // No keepNames: it wraps functions in __name(...) calls, and the log writer thread runs the
  // source text of one function (logs/log-writer-thread.ts), where __name does not exist. Errors
  // name themselves (InvariantError, InputError), and no code reads a function's name.
  logLevel: 'warning',
};

await build({
  ...shared,
  entryPoints: {
    'src/run/machine-main': 'src/run/machine-main.ts',
    'src/run/router-main': 'src/run/router-main.ts',
    'src/experiments/worker': 'src/experiments/worker.ts',
    'src/explore/explore-worker': 'src/explore/explore-worker.ts',
  },
  outdir: 'dist',
  chunkNames: 'src/chunks/[name]-[hash]',
  splitting: true,
  format: 'esm',
  // commander is CommonJS: inside an ES module bundle its require() of node's modules needs one.
  banner: {
    js: "import { createRequire as __lamportCreateRequire } from 'node:module';\nconst require = __lamportCreateRequire(import.meta.url);",
  },
});

/**
 * commander requires node:child_process at its top, to start `git-style` executable subcommands,
 * which lamport-lab has none of; loading that module (and net, dgram, ... it pulls in) took ~4 ms
 * of every start. For commander alone it becomes an object that loads the real module on first
 * use, so behaviour is the same if it is ever used.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(plugin) {
    plugin.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lamport-lazy' }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'lamport-lazy' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

// The CLI's script: CommonJS output (no import/export statements, which a classic script cannot
// hold) inside `(function (require, module, exports, __lamportScriptUrl) { ... })`, the function
// src/cli/cli-script.ts calls. `import.meta.url` (common/paths.ts finds the package by it) becomes
// the script's own URL, passed in.
await build({
  ...shared,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/src/cli-script.js',
  format: 'cjs',
  plugins: [lazyChildProcessForCommander],
  define: { 'import.meta.url': '__lamportScriptUrl' },
  banner: { js: '(function (require, module, exports, __lamportScriptUrl) {' },
  footer: { js: '})' },
  // Without comments and indentation the script is ~40 % smaller, to read, hash and decode at
  // every start; frames are mapped back through the source map all the same.
  minifyWhitespace: true,
});
// ASCII only (esbuild escapes the rest in strings; comments are gone), so the bin decodes it as
// latin1, a plain copy, where UTF-8 decoding took ~3 ms of every start.
const cliScript = readFileSync(join(root, 'dist', 'src', 'cli-script.js'));
const nonAscii = cliScript.findIndex((byte) => byte > 0x7f);
if (nonAscii !== -1) {
  throw new Error(`bundle: dist/src/cli-script.js has a non-ASCII byte at offset ${nonAscii}`);
}

// The bin: a small ES module (package.json says "type": "module") that starts the script.
await build({
  ...shared,
  entryPoints: { 'src/cli': 'src/cli/bin.ts' },
  outdir: 'dist',
  format: 'esm',
});
chmodSync(join(root, 'dist', 'src', 'cli.js'), 0o755);

// ---- browser bundles ----------------------------------------------------------------------
// Pages' scripts, inlined into HTML files by the Node side (never loaded by the CLI itself):
// one IIFE each, minified (the script is part of every view.html), no source map (the page is
// one file with no server to fetch a map from). src/*/page/ has its own tsconfig.json (DOM);
// `platform: 'browser'` makes an import of a `node:` module a build error.
const browserShared = { absWorkingDir: root, ...browserBundleOptions };
await build({
  ...browserShared,
  entryPoints: ['src/view/page/viewer-main.ts'],
  outfile: 'dist/src/view/viewer-page.js',
  tsconfig: 'src/view/page/tsconfig.json',
});
// The playground (`view --playground`): its page, and its Web Worker, which the page starts from
// a Blob URL of this script's text inlined in the page (file:// pages cannot load worker files).
await build({
  ...browserShared,
  entryPoints: ['src/playground/page/playground-main.ts'],
  outfile: 'dist/src/playground/playground-page.js',
  tsconfig: 'src/playground/page/tsconfig.json',
});
await build({
  ...browserShared,
  entryPoints: ['src/playground/page/playground-worker.ts'],
  outfile: 'dist/src/playground/playground-worker.js',
  tsconfig: 'src/playground/page/tsconfig.json',
});
// ---- end of browser bundles --------------------------------------------------------------

// The code cache, from a fresh `node` with no flags, as the bin runs (V8 refuses a cache made
// under other flags). A build that cannot make one still works, only slower: say so, go on.
const trainingDir = mkdtempSync(join(tmpdir(), 'lamport-train-'));
const training = spawnSync(process.execPath, [join(root, 'scripts', 'train-code-cache.mjs')], {
  cwd: trainingDir,
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
});
rmSync(trainingDir, { recursive: true, force: true });
if (training.status !== 0) {
  process.stderr.write(
    `bundle: no code cache for the CLI (it will start slower): ${training.stderr || training.error}\n`,
  );
}
