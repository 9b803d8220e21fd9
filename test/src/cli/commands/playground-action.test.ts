/**
 * Goal: `lamport-lab view --playground` writes the playground page (playground.html in the
 * current directory by default, or --out), replaces its own earlier page, refuses a file of the
 * user's unless --force, and refuses a run directory or --from/--to beside --playground in one
 * line, exit 2. Method: the CLI in-process in a fresh directory.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlaygroundHtml } from '../../../../src/playground/playground-assets.js';
import { runCliInProcess } from '../../../helpers/cli-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lamport-playground-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('view --playground', () => {
  it('writes playground.html in the current directory, and again over its own', async () => {
    const first = await runCliInProcess(dir, ['view', '--playground']);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^wrote playground\.html \(\d+ kB; open it in a browser/);
    expect(readFileSync(join(dir, 'playground.html'), 'utf8')).toBe(buildPlaygroundHtml());
    const again = await runCliInProcess(dir, ['view', '--playground']);
    expect(again.status, again.stderr).toBe(0);
  });

  it("refuses a file of the user's at --out unless --force", async () => {
    const mine = join(dir, 'mine.html');
    writeFileSync(mine, '<p>my page</p>');
    const refused = await runCliInProcess(dir, ['view', '--playground', '--out', mine]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^lamport-lab: --out .*mine\.html: .*\n$/);
    expect(readFileSync(mine, 'utf8')).toBe('<p>my page</p>');
    const forced = await runCliInProcess(dir, ['view', '--playground', '--out', mine, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(mine, 'utf8')).toBe(buildPlaygroundHtml());
  });

  it.each([
    [['view', '--playground', 'logs/x'], /^lamport-lab: --playground: expected no run directory/],
    [['view', '--playground', '--from', '3'], /^lamport-lab: --from: expected a run directory/],
    [['view', '--playground', '--to', '3'], /^lamport-lab: --to: expected a run directory/],
    [['view'], /^lamport-lab: view: expected a run directory \(or --playground\), got none/],
  ])('refuses %j in one line, exit 2', async (args, line) => {
    const out = join(dir, 'not-written.html');
    const result = await runCliInProcess(dir, [...args, '--out', out]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(line);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });
});
