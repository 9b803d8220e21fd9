#!/usr/bin/env node
/**
 * The installed executable (package.json `bin`, built to dist/src/cli.js by scripts/bundle.mjs):
 * it only starts the CLI's script, src/cli.ts bundled, with V8's code cache (cli/cli-script.ts
 * says why). The URLs are relative to where this file is BUILT, dist/src/cli.js.
 */
import { compileCliScript } from './cli-script.js';

compileCliScript(
  new URL('./cli-script.js', import.meta.url),
  new URL('./cli-script.cache', import.meta.url),
).run();
