/**
 * The built CLI's script and its code cache (src/cli/cli-script.ts): a cache is used only for the
 * script it was made for, and a missing, stale or refused cache changes nothing but speed.
 *
 * Method: small scripts in the built script's form (a function of require, module, exports and
 * the script's URL) are written to a scratch directory, with caches made here by V8 for them or
 * for another script of the SAME length, which V8 alone would take (it checks only the length).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheFile, compileCliScript } from '../../../src/cli/cli-script.js';

const scratch = mkdtempSync(join(tmpdir(), 'lamport-cli-script-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A script in the built CLI's form whose module exports `answer` and the URL it was given. */
function scriptText(answer: string): string {
  return `(function (require, module, exports, __lamportScriptUrl) {
  exports.exitCodeSet = Promise.resolve();
  exports.answer = ${answer};
  exports.url = __lamportScriptUrl;
  exports.dirnameOfRequire = require('node:path').dirname('/a/b');
})`;
}

let count = 0;
function files(text: string): { scriptUrl: URL; cacheUrl: URL; source: Buffer } {
  count += 1;
  const scriptPath = join(scratch, `script-${count}.js`);
  writeFileSync(scriptPath, text);
  return {
    scriptUrl: pathToFileURL(scriptPath),
    cacheUrl: pathToFileURL(join(scratch, `script-${count}.cache`)),
    source: Buffer.from(text),
  };
}

/** V8's cache for `text`, made after running it once (as the build's training does). */
function v8CacheOf(text: string): Buffer {
  const script = new Script(text, { filename: `other-${count}.js` });
  const exports = {};
  (script.runInThisContext() as (...args: unknown[]) => void)(
    () => ({ dirname: () => '' }),
    { exports },
    exports,
    '',
  );
  return script.createCachedData();
}

describe('compileCliScript', () => {
  it('runs the script with its own URL and a require of its own, without a cache', () => {
    const { scriptUrl, cacheUrl } = files(scriptText('42'));
    const compiled = compileCliScript(scriptUrl, cacheUrl);
    expect(compiled.cache).toBe('absent');
    const exports = compiled.run() as unknown as Record<string, unknown>;
    expect(exports.answer).toBe(42);
    expect(exports.url).toBe(scriptUrl.href);
    expect(exports.dirnameOfRequire).toBe('/a');
  });

  it('uses a cache made for this very script', () => {
    const text = scriptText('42');
    const { scriptUrl, cacheUrl, source } = files(text);
    writeFileSync(cacheUrl, codeCacheFile(source, v8CacheOf(text)));
    const compiled = compileCliScript(scriptUrl, cacheUrl);
    expect(compiled.cache).toBe('used');
    expect((compiled.run() as unknown as Record<string, unknown>).answer).toBe(42);
  });

  it("ignores a cache made for another script of the same length, and runs this one's code", () => {
    const built = scriptText('41');
    const now = scriptText('42');
    expect(now.length).toBe(built.length);
    const { scriptUrl, cacheUrl } = files(now);
    // The cache of the old script, labelled as such: the digest is of what it was made for.
    writeFileSync(cacheUrl, codeCacheFile(Buffer.from(built), v8CacheOf(built)));
    const compiled = compileCliScript(scriptUrl, cacheUrl);
    expect(compiled.cache).toBe('stale');
    expect((compiled.run() as unknown as Record<string, unknown>).answer).toBe(42);
  });

  it('runs from source when V8 refuses the cache, and when the file is too short to hold one', () => {
    const text = scriptText('42');
    const refused = files(text);
    writeFileSync(refused.cacheUrl, codeCacheFile(refused.source, Buffer.from('not V8 data')));
    const compiled = compileCliScript(refused.scriptUrl, refused.cacheUrl);
    expect(compiled.cache).toBe('rejected');
    expect((compiled.run() as unknown as Record<string, unknown>).answer).toBe(42);

    const truncated = files(text);
    writeFileSync(truncated.cacheUrl, Buffer.from('short'));
    const fromSource = compileCliScript(truncated.scriptUrl, truncated.cacheUrl);
    expect(fromSource.cache).toBe('stale');
    expect((fromSource.run() as unknown as Record<string, unknown>).answer).toBe(42);
  });
});
