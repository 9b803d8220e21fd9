/**
 * esbuild's options for the browser bundles (scripts/bundle.mjs, block "browser bundles"), in a
 * module of their own so that a test builds a planted file with the very same options and sees an
 * import of a `node:` module fail the build (test/src/playground/browser-bundle.test.ts).
 */
export const browserBundleOptions = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  minify: true,
  sourcemap: false,
  // ASCII output: the script is inlined in an HTML page whatever its charset handling.
  charset: 'ascii',
  logLevel: 'warning',
};
