/**
 * For tests that stop one machine of a TCP run: find its process among the launcher's children,
 * and count the rows its log holds so far.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** The pid of the launcher's machine `id`, by its command line among the launcher's children. */
export function machinePid(launcherPid: number, id: number): number | null {
  let listed = '';
  try {
    listed = execFileSync('ps', ['-o', 'pid=', '--ppid', String(launcherPid)], {
      encoding: 'utf8',
    });
  } catch {
    return null;
  }
  for (const pid of listed.split(/\s+/).filter((word) => word !== '')) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (args.includes('--ipc') && args[args.indexOf('--id') + 1] === String(id))
        return Number(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

/**
 * The data rows a log holds so far: none while it does not exist, and only whole rows of one
 * still being written (a row starts with its machine id; the header does not).
 */
export function logDataRows(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => /^\d/.test(line));
}
