/**
 * The build's code cache for the CLI (scripts/train-code-cache.mjs) is there and a plain `node`,
 * as a user starts the bin, takes it: if the build stopped writing it, or wrote one V8 refuses
 * (made under other flags), the CLI would still work but start ~60 ms slower, and nothing else
 * would say so.
 *
 * Method: a fresh node, without flags, compiles the BUILT script the way the bin does and prints
 * what became of the cache.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/cli-process.js';

describe('the built CLI', () => {
  it("starts its script with the build's code cache", () => {
    const distSrc = dirname(cliPath);
    const probe = `
import { compileCliScript } from ${JSON.stringify(pathToFileURL(join(distSrc, 'cli', 'cli-script.js')).href)};
const compiled = compileCliScript(
  new URL('./cli-script.js', ${JSON.stringify(pathToFileURL(cliPath).href)}),
  new URL('./cli-script.cache', ${JSON.stringify(pathToFileURL(cliPath).href)}),
);
process.stdout.write(compiled.cache);
`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('used');
  });
});
