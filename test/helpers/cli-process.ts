/**
 * The BUILT CLI (dist/src/cli.js, fresh because `npm test` runs tsc first) as a real process,
 * and the files it may have touched: what the CLI tests of several files share.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const cliPath = join(packageRoot, 'dist', 'src', 'cli.js');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lamport-lab <args>` in `cwd` and waits for it (50 s at most). */
export function runBuiltCli(cwd: string, args: readonly string[]): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 50_000,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Every file under `directory` with its sha256 (a link with its target, unfollowed): equal
 * snapshots before and after a command prove it created, changed and removed nothing.
 */
export function fileHashes(directory: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(directory).sort()) {
    const path = join(directory, name);
    const stats = lstatSync(path);
    if (stats.isDirectory()) {
      for (const [file, hash] of fileHashes(path, `${prefix}${name}/`)) files.set(file, hash);
    } else if (stats.isSymbolicLink()) {
      files.set(`${prefix}${name}`, `link to ${readlinkSync(path)}`);
    } else {
      files.set(`${prefix}${name}`, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return files;
}
