/**
 * How this project launches Debian's Chromium, for the browser tests (test/helpers/browser.ts)
 * and the viewer's bench and figures (view-case.ts, screenshots.ts): one list, so the bench
 * measures the browser the tests check.
 *
 * The flags keep Chromium off any network (these machines have none: a try would only wait)
 * and off any profile state. Playwright adds --headless and a fresh --user-data-dir itself (it
 * refuses one in `args`), and many of these too; they are listed so that they hold whatever a
 * later Playwright's defaults are.
 */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
