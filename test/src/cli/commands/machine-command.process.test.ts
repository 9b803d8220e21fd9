/**
 * Goal: a hand-started `lamport-lab machine` refuses bad input up front, as `run` does: one line
 * naming the flag, what was expected and what came, exit code 2, no stack trace, and nothing
 * written and no socket opened (a machine that listens says so on stderr, a second line).
 * Method: the BUILT CLI (dist/src/cli.js) is spawned in a fresh temp dir, removed afterwards.
 * The one peer given is never connected to once the refusal is up front; --wait 2 bounds a run
 * that would get that far. The one port bound is the test's own, on loopback (port 0).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPath } from '../../../helpers/cli-process.js';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'lamport-lab-machine-'));
});

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The built CLI's refusal: exit 2, nothing on stdout, one line on stderr; returns the line. */
function refusal(args: readonly string[]): string {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error !== undefined) throw result.error;
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^lamport-lab: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return result.stderr.slice(0, -1);
}

const valid = [
  'machine',
  '--id',
  '0',
  '--peers',
  '1=127.0.0.1:9',
  '--out',
  'out',
  '--rate',
  '1',
  '--seed',
  '1',
  '--duration',
  '1',
  '--wait',
  '2',
];

describe('lamport-lab machine, bad input', () => {
  const probability = 'expected a probability in [0, 1] with at most 6 decimals';
  const rate = 'expected a rate in Hz, > 0 and <= 1000000, with at most 3 decimals';
  const seed = 'expected a whole number 0..4294967295';
  const duration = 'expected a duration in seconds, > 0 and <= 10000000, µs resolution';
  const wait = 'expected a wait in seconds, > 0 and <= 2147483';
  const cases: readonly { flag: string; value: string; expected: string; got: string }[] = [
    { flag: '--internal-probability', value: '2', expected: probability, got: '2' },
    { flag: '--internal-probability', value: '-1', expected: probability, got: '-1' },
    { flag: '--internal-probability', value: '0.1234567', expected: probability, got: '0.1234567' },
    { flag: '--rate', value: '0', expected: rate, got: '0' },
    { flag: '--rate', value: '-2', expected: rate, got: '-2' },
    // As typed: 2e6, not the 2000000 it reads as; a seed past 2^53 not rounded to an even one.
    { flag: '--rate', value: '2e6', expected: rate, got: '2e6' },
    { flag: '--seed', value: '9007199254740993', expected: seed, got: '9007199254740993' },
    {
      flag: '--duration',
      value: '99999999999999999999',
      expected: duration,
      got: '99999999999999999999',
    },
    { flag: '--seed', value: '-1', expected: seed, got: '-1' },
    { flag: '--seed', value: '1.5', expected: seed, got: '1.5' },
    { flag: '--duration', value: '0', expected: duration, got: '0' },
    { flag: '--duration', value: '-1', expected: duration, got: '-1' },
    { flag: '--wait', value: '0', expected: wait, got: '0' },
    { flag: '--wait', value: '-1', expected: wait, got: '-1' },
  ];

  it.each(cases)(
    'refuses $flag $value in run’s words, before writing anything or opening a socket',
    ({ flag, value, expected, got }) => {
      const message = refusal([...valid, flag, value]);
      expect(message).toBe(`lamport-lab: ${flag}: ${expected}, got ${got} (number)`);
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it.each([
    ['--id', '9007199254740993', 'expected a whole number >= 0, got "9007199254740993"'],
    [
      '--peers',
      '9007199254740993=127.0.0.1:9',
      'expected ID=HOST:PORT,..., got "9007199254740993=127.0.0.1:9"',
    ],
  ])(
    'refuses %s %s as typed: a machine id past 2^53 would be read as another',
    (flag, value, words) => {
      expect(refusal([...valid, flag, value])).toBe(`lamport-lab: ${flag}: ${words}`);
      expect(readdirSync(cwd)).toEqual([]);
    },
  );

  it.each([
    ['--listen', ' :0'],
    ['--peers', '1=:9'],
    ['--peers', '1= :9'],
  ])('refuses %s %j: a host is never empty or blank', (flag, value) => {
    const message = refusal([...valid, flag, value]);
    expect(message).toBe(
      `lamport-lab: ${flag}: expected HOST:PORT like 127.0.0.1:7001, got "${value.replace(/^1=/, '')}"`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a --listen port in use: refused, and neither its log nor its directory is left', async () => {
    // A port this test holds, on loopback: the machine's listen fails at once.
    const held = net.createServer();
    await new Promise<void>((resolveListen) => held.listen(0, '127.0.0.1', resolveListen));
    try {
      const port = (held.address() as net.AddressInfo).port;
      const message = refusal([...valid, '--out', 'logs/hand', '--listen', `127.0.0.1:${port}`]);
      expect(message).toMatch(/^lamport-lab: machine 0: .*EADDRINUSE/);
      expect(readdirSync(cwd)).toEqual([]);
    } finally {
      await new Promise((resolveClose) => held.close(resolveClose));
    }
  });

  it('says what --ipc is for when started by hand, without an IPC channel', () => {
    const message = refusal(['machine', '--ipc', '--id', '0']);
    expect(message).toContain('--ipc');
    expect(message).toContain('IPC channel');
    expect(message).toContain('run --mode tcp');
  });
});
