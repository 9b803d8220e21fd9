/**
 * The log writer thread appends exactly the bytes it is handed, in order, whatever their size
 * (larger than a slot, more than every slot at once), and reports a failed write with its code
 * instead of losing it. Real files, a real thread.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logWriterThread, slotBytes } from '../../../src/logs/log-writer-thread.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'lamport-log-writer-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('the log writer thread', () => {
  it('appends every chunk in order, to files held open or not, and digests what it wrote', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            file: fc.integer({ min: 0, max: 2 }),
            length: fc.oneof(
              fc.integer({ min: 0, max: 64 }),
              fc.integer({ min: slotBytes - 2, max: 3 * slotBytes + 5 }),
            ),
            fill: fc.integer({ min: 0, max: 255 }),
          }),
          { maxLength: 60 },
        ),
        (chunks) => {
          const writer = logWriterThread();
          const paths = [0, 1, 2].map((id) => join(directory, `f-${id}-${Math.random()}.bin`));
          // Files 0 and 1 are held open; file 2 is opened for each append (fd -1).
          const fds = paths.map((path, id) => (id < 2 ? openSync(path, 'w') : -1));
          closeSync(openSync(paths[2] as string, 'w'));
          const handles = paths.map((path, id) => writer.open(fds[id] as number, path));
          const expected: Buffer[][] = [[], [], []];
          for (const [index, chunk] of chunks.entries()) {
            const bytes = new Uint8Array(chunk.length + 7).fill(chunk.fill);
            if (chunk.length > 0) bytes[0] = index;
            // Only the first `length` bytes are the chunk; the rest must not be written.
            writer.append(handles[chunk.file] as number, bytes, chunk.length);
            expected[chunk.file]?.push(Buffer.from(bytes.subarray(0, chunk.length)));
          }
          const outcomes = writer.finish(handles);
          for (const fd of fds) if (fd >= 0) closeSync(fd);
          for (const [id, path] of paths.entries()) {
            const written = readFileSync(path);
            expect(Buffer.compare(written, Buffer.concat(expected[id] as Buffer[]))).toBe(0);
            expect(outcomes[id]).toEqual({ kind: 'written', sha256: sha256(written) });
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it.runIf(existsSync('/dev/full'))(
    'reports a write that failed with its code, and still writes the other files',
    () => {
      const writer = logWriterThread();
      const full = openSync('/dev/full', 'w');
      const goodPath = join(directory, 'good.bin');
      const good = openSync(goodPath, 'w');
      const handles = [writer.open(full, '/dev/full'), writer.open(good, goodPath)];
      const bytes = new Uint8Array(1000).fill(65);
      writer.append(handles[0] as number, bytes, bytes.length);
      writer.append(handles[1] as number, bytes, bytes.length);
      writer.append(handles[0] as number, bytes, bytes.length);
      const outcomes = writer.finish(handles);
      closeSync(full);
      closeSync(good);
      expect(outcomes[0]).toMatchObject({ kind: 'failed', code: 'ENOSPC' });
      expect(outcomes[1]).toEqual({ kind: 'written', sha256: sha256(bytes) });
      expect(readFileSync(goodPath)).toHaveLength(1000);
    },
  );
});
