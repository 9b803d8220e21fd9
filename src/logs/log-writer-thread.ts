/**
 * A thread that takes log bytes off the simulator's thread: it appends them to their files and
 * feeds each file's sha256. Formatting rows stays on the simulator's thread (it reads the event
 * record the step just wrote); hashing and writing only need the bytes, and they were a tenth of
 * a logged run (40 MB of rows in a 1 000 000-event run: ~25 ms of sha256, 10-25 ms of write).
 * On a second core they overlap the simulation.
 *
 * Bytes go over in slots of shared memory, copied in (a memcpy, ~1 ms for those 40 MB): a slot
 * is busy from the copy until the thread has written and hashed it, then free again. Slots are
 * made as needed, up to slotCountMax; when all are busy the simulator waits for one, so memory
 * stays bounded whatever the disk's speed. Each file's writes go in the order they were handed
 * over (one thread, one message queue), so the bytes on disk and the digests are exactly those of
 * writing on the simulator's thread.
 *
 * The calling side is synchronous, as the sink it serves: `finish` blocks (Atomics.wait) until
 * every write handed over for the files is done and returns their digests. One thread serves a
 * process (a sweep's worker runs hundreds of runs; a thread costs milliseconds to start), and it
 * is unref'd: it never keeps a process alive.
 *
 * The thread's code is a function made into the thread's source text (`String(fn)`), not a module
 * file: it then runs the same from the built program and from the TypeScript sources under test.
 * So it must use nothing from outside its body but what it is handed.
 */
import {
  receiveMessageOnPort,
  MessageChannel,
  type MessagePort,
  Worker,
} from 'node:worker_threads';
import { assert } from '../../core/index.js';

/** Bytes per slot: a full row buffer of a run of few machines (csv-log.ts) fits one. */
export const slotBytes = 1 << 18;
/** 32 slots: 8 MiB in flight at most. */
const slotCountMax = 32;
/** How long the caller waits for the thread without it making progress before giving up. */
const stalledMsMax = 120_000;

// Indices into the control array (Int32, shared): signals the caller waits on, then slot states.
/** Incremented (and notified) by the thread each time it frees a slot. */
const freedAt = 0;
/** Incremented (and notified) by the thread each time it posts a reply. */
const repliedAt = 1;
const slotStateAt = 2;
const slotFree = 0;
const slotBusy = 1;

type ToThread =
  | { readonly kind: 'slot'; readonly slot: number; readonly memory: SharedArrayBuffer }
  | { readonly kind: 'open'; readonly file: number; readonly fd: number; readonly path: string }
  | {
      readonly kind: 'write';
      readonly file: number;
      readonly slot: number;
      readonly length: number;
    }
  | { readonly kind: 'finish'; readonly ticket: number; readonly files: readonly number[] };

/** What the thread reports about one file at the end: its digest, or why it could not write. */
export type FileOutcome =
  | { readonly kind: 'written'; readonly sha256: string }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

interface FinishReply {
  readonly ticket: number;
  readonly outcomes: readonly FileOutcome[];
}

interface ThreadData {
  readonly control: Int32Array;
  readonly replies: MessagePort;
  /** The control array's layout, handed over: the thread's code sees none of this module. */
  readonly layout: {
    readonly freedAt: number;
    readonly repliedAt: number;
    readonly slotStateAt: number;
    readonly slotFree: number;
  };
}

/** A file the thread appends to (a type only: nothing of it reaches the thread's source). */
interface OpenFile {
  readonly fd: number;
  readonly path: string;
  readonly hash: import('node:crypto').Hash;
  failure: FileOutcome | null;
}

/**
 * The thread's whole program (see the module comment: self-contained on purpose). A write that
 * fails marks its file failed; the file's later writes are dropped and `finish` reports it.
 */
function logWriterMain(require: NodeJS.Require): void {
  const { parentPort, workerData } =
    require('node:worker_threads') as typeof import('node:worker_threads');
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const fs = require('node:fs') as typeof import('node:fs');
  const { control, replies, layout } = workerData as ThreadData;
  const slots: Uint8Array[] = [];
  const files = new Map<number, OpenFile>();
  const write = (file: OpenFile, bytes: Uint8Array): void => {
    // fd -1: the file is not held open (many machines); it is opened for each append.
    const fd = file.fd >= 0 ? file.fd : fs.openSync(file.path, 'a');
    try {
      let offset = 0;
      while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset);
    } finally {
      if (file.fd < 0) fs.closeSync(fd);
    }
    file.hash.update(bytes);
  };
  parentPort?.on('message', (message: ToThread) => {
    switch (message.kind) {
      case 'slot':
        slots[message.slot] = new Uint8Array(message.memory);
        break;
      case 'open':
        files.set(message.file, {
          fd: message.fd,
          path: message.path,
          hash: createHash('sha256'),
          failure: null,
        });
        break;
      case 'write': {
        const file = files.get(message.file);
        const slot = slots[message.slot];
        if (file !== undefined && slot !== undefined && file.failure === null) {
          try {
            write(file, slot.subarray(0, message.length));
          } catch (error) {
            const { code, message: text } = error as NodeJS.ErrnoException;
            file.failure = { kind: 'failed', code: code ?? 'EIO', message: text };
          }
        }
        Atomics.store(control, layout.slotStateAt + message.slot, layout.slotFree);
        Atomics.add(control, layout.freedAt, 1);
        Atomics.notify(control, layout.freedAt);
        break;
      }
      case 'finish': {
        const outcomes = message.files.map((id): FileOutcome => {
          const file = files.get(id);
          files.delete(id);
          if (file === undefined) return { kind: 'failed', code: 'EINVAL', message: 'not open' };
          return file.failure ?? { kind: 'written', sha256: file.hash.digest('hex') };
        });
        replies.postMessage({ ticket: message.ticket, outcomes });
        Atomics.add(control, layout.repliedAt, 1);
        Atomics.notify(control, layout.repliedAt);
        break;
      }
      default: {
        // assertNever, written out: this function runs as the worker's source, without imports.
        const unexpected: never = message;
        throw new Error(`unexpected message to the log writer: ${JSON.stringify(unexpected)}`);
      }
    }
  });
}

/** The process's writer thread, started on first use. */
class LogWriterThread {
  readonly #worker: Worker;
  readonly #control: Int32Array;
  readonly #replies: MessagePort;
  readonly #slots: Uint8Array[] = [];
  /** Replies read off the port that belong to another ticket than the one awaited. */
  readonly #pending = new Map<number, FinishReply>();
  #nextFile = 0;
  #nextTicket = 0;

  constructor() {
    this.#control = new Int32Array(new SharedArrayBuffer(4 * (slotStateAt + slotCountMax)));
    const channel = new MessageChannel();
    this.#replies = channel.port1;
    const data: ThreadData = {
      control: this.#control,
      replies: channel.port2,
      layout: { freedAt, repliedAt, slotStateAt, slotFree },
    };
    this.#worker = new Worker(`(${String(logWriterMain)})(require)`, {
      eval: true,
      workerData: data,
      transferList: [channel.port2],
    });
    this.#worker.unref();
    this.#replies.unref();
  }

  /** A file to append to: `fd`, or -1 to open `path` for each append. Returns its handle. */
  open(fd: number, path: string): number {
    const file = this.#nextFile;
    this.#nextFile += 1;
    this.#post({ kind: 'open', file, fd, path });
    return file;
  }

  /** Hands bytes[0, length) over to be appended to `file`; returns once they are copied. */
  append(file: number, bytes: Uint8Array, length: number): void {
    for (let offset = 0; offset < length; offset += slotBytes) {
      const chunk = Math.min(slotBytes, length - offset);
      const slot = this.#takeSlot();
      (this.#slots[slot] as Uint8Array).set(bytes.subarray(offset, offset + chunk));
      this.#post({ kind: 'write', file, slot, length: chunk });
    }
  }

  /** Waits until every append to `files` is done; their outcomes, in the same order. */
  finish(files: readonly number[]): FileOutcome[] {
    const ticket = this.#nextTicket;
    this.#nextTicket += 1;
    this.#post({ kind: 'finish', ticket, files });
    for (;;) {
      const seen = Atomics.load(this.#control, repliedAt);
      for (let message = receiveMessageOnPort(this.#replies); message !== undefined; ) {
        const reply = message.message as FinishReply;
        this.#pending.set(reply.ticket, reply);
        message = receiveMessageOnPort(this.#replies);
      }
      const reply = this.#pending.get(ticket);
      if (reply !== undefined) {
        this.#pending.delete(ticket);
        assert(reply.outcomes.length === files.length, 'one outcome per file');
        return [...reply.outcomes];
      }
      this.#wait(repliedAt, seen);
    }
  }

  #post(message: ToThread): void {
    this.#worker.postMessage(message);
  }

  /** A free slot, marked busy: a new one while under the cap, else one the thread freed. */
  #takeSlot(): number {
    for (;;) {
      const seen = Atomics.load(this.#control, freedAt);
      for (let slot = 0; slot < this.#slots.length; slot += 1) {
        if (Atomics.load(this.#control, slotStateAt + slot) === slotFree) {
          Atomics.store(this.#control, slotStateAt + slot, slotBusy);
          return slot;
        }
      }
      if (this.#slots.length < slotCountMax) {
        const slot = this.#slots.length;
        const memory = new SharedArrayBuffer(slotBytes);
        this.#slots.push(new Uint8Array(memory));
        Atomics.store(this.#control, slotStateAt + slot, slotBusy);
        this.#post({ kind: 'slot', slot, memory });
        return slot;
      }
      this.#wait(freedAt, seen);
    }
  }

  /** Blocks until the counter at `at` moves on from `seen`; fails if the thread has stalled. */
  #wait(at: number, seen: number): void {
    const outcome = Atomics.wait(this.#control, at, seen, stalledMsMax);
    if (outcome === 'timed-out') {
      throw new Error(`the log writer thread made no progress in ${stalledMsMax / 1000} s`);
    }
  }
}

let thread: LogWriterThread | null = null;

/** The process's log writer thread (started now if it is not running). */
export function logWriterThread(): LogWriterThread {
  thread ??= new LogWriterThread();
  return thread;
}

export type { LogWriterThread };
