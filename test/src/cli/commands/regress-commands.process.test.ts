/**
 * Goal: `replay --verify` stopped by Ctrl-C (a real SIGINT to a real process) removes its
 * temporary directory and says nothing was compared, with the interrupted exit code.
 * Method: a long virtual run is made by the CLI program in this process; the BUILT CLI replays
 * it as a child process, with TMPDIR pointed at a directory the test watches.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliIn, cliPath } from '../../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-replay-stop-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const cli = cliIn(() => cwd);

describe('lamport-lab replay --verify, stopped', () => {
  it('removes its temporary directory when stopped by Ctrl-C, and says nothing was compared', async () => {
    // Long enough (about 1.2 M rows) to be stopped half way.
    expect(
      (await cli('run', 'trial5', '--duration', '130000', '--out', 'long', '--quiet')).status,
    ).toBe(0);
    const scratchParent = join(cwd, 'tmp');
    mkdirSync(scratchParent);
    const child = spawn(process.execPath, [cliPath, 'replay', 'long', '--verify'], {
      cwd,
      env: { ...process.env, TMPDIR: scratchParent },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    // Stopped once the replay has begun writing into its temporary directory.
    const deadline = Date.now() + 20_000;
    while (readdirSync(scratchParent).length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain('replay: stopped by Ctrl-C before the end; nothing compared');
    expect(readdirSync(scratchParent)).toEqual([]);
  });
});
