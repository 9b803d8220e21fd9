/**
 * One child process playing one machine: its stdin takes the protocol's lines, its stdout gives
 * one reply per line asked for, its stderr goes to a file of the run directory. Whatever the
 * child does (dies, stalls, writes garbage or a line without end) becomes a `ChildFailure`,
 * never an exception that escapes: the harness stops the run on the first one and reports it.
 *
 * The harness kills only what it spawned, by the PID it got (never by name), and is sure to:
 * `kill()` ends the child with SIGKILL if it has not exited by itself.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { replyBytesMax } from './protocol.js';

/**
 * `interrupted`: ended by SIGINT, which is what a Ctrl-C at a terminal sends the whole process
 * group: the user stopping the run, not a fault of the implementation.
 */
export type ChildFailureKind =
  | 'exited'
  | 'hung'
  | 'interrupted'
  | 'oversized'
  | 'unasked'
  | 'unstartable';

/** A child that broke the protocol's contract of one reply per question, in time. */
export interface ChildFailure {
  readonly kind: ChildFailureKind;
  readonly detail: string;
}

type Waiter = (line: string | ChildFailure) => void;

export class ChildMachine {
  readonly #process: ChildProcessByStdio<Writable, Readable, null>;
  #buffered = '';
  readonly #lines: string[] = [];
  readonly #waiters: Waiter[] = [];
  #failure: ChildFailure | null = null;
  #exited = false;
  readonly #exit: Promise<void>;

  constructor(command: readonly string[], stderrFd: number) {
    const [file, ...args] = command as [string, ...string[]];
    this.#process = spawn(file, args, {
      stdio: ['pipe', 'pipe', stderrFd],
    }) as ChildProcessByStdio<Writable, Readable, null>;
    this.#exit = new Promise((resolve) => {
      this.#process.once('close', (code, signal) => {
        this.#exited = true;
        const how = signal === null ? `exit code ${code}` : `signal ${signal}`;
        const kind = signal === 'SIGINT' ? 'interrupted' : 'exited';
        this.#fail({ kind, detail: `the process ended (${how})` });
        resolve();
      });
      this.#process.once('error', (error: NodeJS.ErrnoException) => {
        this.#fail({
          kind: 'unstartable',
          detail: `cannot start ${file}: ${error.code ?? error.message}`,
        });
        // A process that never started has no 'close' to wait for.
        if (this.#process.pid === undefined) {
          this.#exited = true;
          resolve();
        }
      });
    });
    // A child that died leaves a pipe that refuses writes: its exit is the finding, not EPIPE.
    this.#process.stdin.on('error', () => {});
    this.#process.stdout.setEncoding('utf8');
    this.#process.stdout.on('data', (chunk: string) => this.#take(chunk));
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  /** The first thing that went wrong, or null. */
  get failure(): ChildFailure | null {
    return this.#failure;
  }

  write(text: string): void {
    if (this.#failure === null) this.#process.stdin.write(text);
  }

  /** The next reply line, or the failure that means none will come (a timer says "hung"). */
  nextLine(): Promise<string | ChildFailure> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#failure !== null) return Promise.resolve(this.#failure);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Ends the wait of an unanswered question: the child took longer than the timeout. */
  timeOut(timeoutMs: number): void {
    this.#fail({ kind: 'hung', detail: `no reply within ${timeoutMs} ms` });
  }

  #take(chunk: string): void {
    let text = this.#buffered + chunk;
    let newline = text.indexOf('\n');
    while (newline >= 0) {
      const line = text.slice(0, newline);
      text = text.slice(newline + 1);
      if (line.length > replyBytesMax) {
        this.#fail({ kind: 'oversized', detail: `a line of ${line.length} characters` });
        return;
      }
      const waiter = this.#waiters.shift();
      if (waiter === undefined) this.#lines.push(line);
      else waiter(line);
      newline = text.indexOf('\n');
    }
    this.#buffered = text;
    if (text.length > replyBytesMax) {
      this.#fail({
        kind: 'oversized',
        detail: `over ${replyBytesMax} characters without a newline`,
      });
    }
  }

  #fail(failure: ChildFailure): void {
    if (this.#failure === null) this.#failure = failure;
    for (const waiter of this.#waiters.splice(0)) waiter(this.#failure);
  }

  /**
   * Asks the child to stop (`stop`, stdin closed) and waits up to `graceMs` for it to exit; then
   * SIGKILL by its PID. Resolves once the process is gone.
   */
  async stop(stopText: string, graceMs: number): Promise<void> {
    if (this.#exited) return;
    if (this.#failure === null || this.#failure.kind !== 'hung')
      this.#process.stdin.write(stopText);
    this.#process.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.#exit, graceOver]);
    clearTimeout(timer);
    this.kill();
    await this.#exit;
  }

  /** SIGKILL now, if it still runs (also from a process 'exit' hook: synchronous). */
  kill(): void {
    if (!this.#exited && this.#process.pid !== undefined) {
      try {
        process.kill(this.#process.pid, 'SIGKILL');
      } catch {
        // Already gone between the check and the kill: nothing left to end.
      }
    }
  }
}
