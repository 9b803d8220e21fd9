/**
 * Goal: the TCP wire format frames messages exactly, however the bytes arrive, and refuses
 * anything that is not a frame. Method: fast-check properties over random valid frames, encoded
 * with encodeFrame, concatenated and cut into random chunks (1-byte chunks, everything in one
 * chunk, random cuts, a big frame cut into many chunks); random bad lines (oversized, garbage,
 * non-JSON, wrong version, unknown kind, negative clock) placed between valid frames; and the
 * encoder's size limit at its exact boundary, counted in UTF-8 bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DecodeError,
  describeDecodeError,
  encodeFrame,
  type Frame,
  FrameDecoder,
  frameBytesMax,
  helloRefusalCauses,
  protocolVersion,
} from '../../../transports/tcp/framing.js';

const v = protocolVersion;
const id = fc.nat({ max: 10_000 });
const natural = fc.oneof(fc.nat(), fc.maxSafeNat());
/** Any UTF-16 code units, lone surrogates and newlines included: JSON escapes what it must. */
const text = fc.string({ unit: 'binary', maxLength: 40 });

const helloFrame: fc.Arbitrary<Frame> = fc.record({
  kind: fc.constant('hello' as const),
  v: fc.constant(v),
  runId: text,
  token: text,
  machineId: id,
});
const msgFrame: fc.Arbitrary<Frame> = fc.record(
  {
    kind: fc.constant('msg' as const),
    v: fc.constant(v),
    from: id,
    seq: natural,
    clock: natural,
    to: fc.array(id, { maxLength: 8 }),
    // The send's time (issue 19), which a frame may leave out.
    atUs: natural,
  },
  { requiredKeys: ['kind', 'v', 'from', 'seq', 'clock', 'to'] },
);
const readyFrame: fc.Arbitrary<Frame> = fc.record({
  kind: fc.constant('ready' as const),
  v: fc.constant(v),
  machineId: id,
});
const startFrame: fc.Arbitrary<Frame> = fc.record({
  kind: fc.constant('start' as const),
  v: fc.constant(v),
  atEpochMs: natural,
});
const finFrame: fc.Arbitrary<Frame> = fc.record({
  kind: fc.constant('fin' as const),
  v: fc.constant(v),
  machineId: id,
});
const refusedFrame: fc.Arbitrary<Frame> = fc.record({
  kind: fc.constant('refused' as const),
  v: fc.constant(v),
  cause: fc.constantFrom(...helloRefusalCauses),
});
const anyFrame = fc.oneof(helloFrame, msgFrame, readyFrame, startFrame, finFrame, refusedFrame);
const frames = fc.array(anyFrame, { maxLength: 30 });

type Chunking = { readonly kind: 'whole' } | { readonly kind: 'bytes' } | Cuts;
interface Cuts {
  readonly kind: 'cuts';
  /** Cut points as fractions of the length, in [0, 1). */
  readonly at: readonly number[];
}

const cuts: fc.Arbitrary<Cuts> = fc.record({
  kind: fc.constant('cuts' as const),
  at: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
    maxLength: 60,
  }),
});
const chunking: fc.Arbitrary<Chunking> = fc.oneof(
  fc.constant<Chunking>({ kind: 'whole' }),
  fc.constant<Chunking>({ kind: 'bytes' }),
  cuts,
  cuts,
);

/** Cuts `bytes` into consecutive chunks (empty chunks included, as a socket never sends them). */
function cut(bytes: Buffer, how: Chunking): Buffer[] {
  switch (how.kind) {
    case 'whole':
      return [bytes];
    case 'bytes':
      return Array.from({ length: bytes.length }, (_, index) => bytes.subarray(index, index + 1));
    case 'cuts': {
      const points = [
        ...new Set(how.at.map((fraction) => Math.floor(fraction * bytes.length))),
      ].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let start = 0;
      for (const point of [...points, bytes.length]) {
        chunks.push(bytes.subarray(start, point));
        start = point;
      }
      return chunks;
    }
  }
}

/** Pushes every chunk (a copy, so the decoder cannot rely on the caller's buffer). */
function decodeAll(chunks: readonly Buffer[], decoder = new FrameDecoder()): Frame[] {
  const out: Frame[] = [];
  for (const chunk of chunks) out.push(...decoder.push(Buffer.from(chunk)));
  return out;
}

const encodeAll = (list: readonly Frame[]): Buffer => Buffer.concat(list.map(encodeFrame));

/** A hello whose encoded line (newline included) is exactly `bytes` long. */
function helloOfSize(bytes: number): Frame {
  const base: Frame = { kind: 'hello', v, runId: '', token: 't', machineId: 1 };
  const padding = bytes - encodeFrame(base).length;
  expect(padding).toBeGreaterThanOrEqual(0);
  return { ...base, runId: 'r'.repeat(padding) };
}

/** After an error, more valid bytes change nothing: no frames, the same error. */
function expectStaysFailed(decoder: FrameDecoder, error: DecodeError): void {
  const more = encodeAll([
    { kind: 'fin', v, machineId: 0 },
    { kind: 'ready', v, machineId: 1 },
  ]);
  expect(decoder.push(more)).toEqual([]);
  expect(decoder.push(Buffer.from('\n'))).toEqual([]);
  expect(decoder.error).toEqual(error);
}

describe('encodeFrame', () => {
  it('writes every valid frame as exactly one line: one newline, at the end', () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const bytes = encodeFrame(frame);
        expect(bytes.indexOf(0x0a)).toBe(bytes.length - 1);
        expect(bytes.length).toBeLessThanOrEqual(frameBytesMax);
        expect(JSON.parse(bytes.toString('utf8'))).toEqual(frame);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a frame of exactly frameBytesMax bytes and refuses one byte more', () => {
    expect(encodeFrame(helloOfSize(frameBytesMax))).toHaveLength(frameBytesMax);
    expect(() => encodeFrame(helloOfSize(frameBytesMax + 1))).toThrow(RangeError);
    expect(() => encodeFrame(helloOfSize(frameBytesMax + 1))).toThrow(/exceeds/);
  });

  it('counts the limit in UTF-8 bytes, not in characters', () => {
    // 30 000 euro signs are 30 000 UTF-16 code units but 90 000 UTF-8 bytes.
    const frame: Frame = { kind: 'hello', v, runId: '€'.repeat(30_000), token: '', machineId: 0 };
    expect(JSON.stringify(frame).length).toBeLessThan(frameBytesMax);
    expect(() => encodeFrame(frame)).toThrow(RangeError);
  });

  it('refuses any frame over the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: frameBytesMax + 1, max: 4 * frameBytesMax }), (bytes) => {
        expect(() => encodeFrame(helloOfSize(bytes))).toThrow(RangeError);
      }),
      { numRuns: 30 },
    );
  });
});

describe('FrameDecoder on valid streams', () => {
  it('decodes any sequence of frames, cut into any chunks, to the same frames in order', () => {
    fc.assert(
      fc.property(frames, chunking, (list, how) => {
        const decoder = new FrameDecoder();
        expect(decodeAll(cut(encodeAll(list), how), decoder)).toEqual(list);
        expect(decoder.error).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('decodes frames fed one byte at a time', () => {
    fc.assert(
      fc.property(frames, (list) => {
        const decoder = new FrameDecoder();
        expect(decodeAll(cut(encodeAll(list), { kind: 'bytes' }), decoder)).toEqual(list);
        expect(decoder.error).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('returns every frame of a chunk that holds many frames, and each frame only once', () => {
    fc.assert(
      fc.property(fc.array(anyFrame, { minLength: 2, maxLength: 50 }), (list) => {
        const decoder = new FrameDecoder();
        expect(decoder.push(encodeAll(list))).toEqual(list);
        expect(decoder.push(Buffer.alloc(0))).toEqual([]);
        expect(decoder.error).toBeNull();
      }),
      { numRuns: 100 },
    );
  });

  it('reassembles a frame of the largest size split across many chunks', () => {
    fc.assert(
      fc.property(frames, frames, cuts, (before, after, how) => {
        const big = helloOfSize(frameBytesMax);
        const list = [...before, big, ...after];
        const decoder = new FrameDecoder();
        expect(decodeAll(cut(encodeAll(list), how), decoder)).toEqual(list);
        expect(decoder.error).toBeNull();
      }),
      { numRuns: 40 },
    );
  });

  it('reassembles a frame of the largest size fed in thousands of small chunks', () => {
    const list = [helloOfSize(frameBytesMax), helloOfSize(frameBytesMax - 1)];
    const stream = encodeAll(list);
    const chunks: Buffer[] = [];
    for (let start = 0; start < stream.length; start += 7)
      chunks.push(stream.subarray(start, start + 7));
    const decoder = new FrameDecoder();
    expect(decodeAll(chunks, decoder)).toEqual(list);
    expect(decoder.error).toBeNull();
  });

  it('returns a frame only when its newline has arrived', () => {
    const bytes = encodeFrame({ kind: 'msg', v, from: 1, seq: 7, clock: 9, to: [0, 2] });
    const decoder = new FrameDecoder();
    expect(decoder.push(bytes.subarray(0, bytes.length - 1))).toEqual([]);
    expect(decoder.push(bytes.subarray(bytes.length - 1))).toEqual([
      { kind: 'msg', v, from: 1, seq: 7, clock: 9, to: [0, 2] },
    ]);
    expect(decoder.error).toBeNull();
  });
});

/** Valid frames, then a bad line, then valid frames: only the first ones come out. */
function expectErrorAfter(
  before: readonly Frame[],
  bad: Buffer,
  after: readonly Frame[],
  how: Chunking,
): DecodeError {
  const decoder = new FrameDecoder();
  const stream = Buffer.concat([encodeAll(before), bad, encodeAll(after)]);
  expect(decodeAll(cut(stream, how), decoder)).toEqual(before);
  const error = decoder.error;
  expect(error).not.toBeNull();
  expectStaysFailed(decoder, error as DecodeError);
  return error as DecodeError;
}

const shortFrames = fc.array(anyFrame, { maxLength: 5 });

describe('FrameDecoder on oversized lines', () => {
  const oversizedLine = fc.record({
    length: fc.integer({ min: frameBytesMax + 1, max: frameBytesMax + 5000 }),
    fill: fc.constantFrom('a', '{', ' ', '"'),
    newline: fc.boolean(),
  });

  it('refuses a line longer than frameBytesMax, with or without its newline, however cut', () => {
    fc.assert(
      fc.property(shortFrames, oversizedLine, shortFrames, chunking, (before, line, after, how) => {
        const bad = Buffer.from(`${line.fill.repeat(line.length)}${line.newline ? '\n' : ''}`);
        // Without a newline nothing may follow on the line; a following frame would extend it.
        const rest = line.newline ? after : [];
        const error = expectErrorAfter(before, bad, rest, how);
        expect(error.kind).toBe('oversized');
        if (error.kind === 'oversized') expect(error.bytes).toBeGreaterThan(frameBytesMax);
        expect(describeDecodeError(error)).toContain('exceeds');
      }),
      { numRuns: 60 },
    );
  });

  it('refuses an endless line as soon as it passes the limit, without waiting for a newline', () => {
    const decoder = new FrameDecoder();
    const piece = Buffer.alloc(1000, 0x61);
    let pushed = 0;
    while (decoder.error === null && pushed < 10 * frameBytesMax) {
      expect(decoder.push(piece)).toEqual([]);
      pushed += piece.length;
    }
    expect(decoder.error?.kind).toBe('oversized');
    expect(pushed).toBeLessThanOrEqual(frameBytesMax + piece.length);
  });
});

describe('FrameDecoder on malformed lines', () => {
  const validObject = anyFrame.map((frame) => ({ ...frame }) as Record<string, unknown>);
  const notOne = fc.oneof(
    fc.integer().filter((value) => value !== 1),
    fc.double({ noNaN: true }).filter((value) => value !== 1),
    fc.constantFrom<unknown>('1', null, true, [1], { v: 1 }),
  );
  const knownKinds = new Set(['hello', 'msg', 'ready', 'start', 'fin', 'refused']);

  const garbage = fc
    .uint8Array({ minLength: 1, maxLength: 200 })
    .map((bytes) => Buffer.from(bytes.map((byte) => (byte === 0x0a ? 0x00 : byte))));
  const nonJson = fc.constantFrom(
    'hello',
    "{kind:'msg'}",
    '{"kind":"msg",',
    '{"kind":"fin","v":1,"machineId":0}}',
    'undefined',
    '',
    '   ',
    '\r',
  );
  const wrongVersion = fc
    .tuple(validObject, fc.option(notOne, { nil: undefined }))
    .map(([frame, version]) => {
      const copy: Record<string, unknown> = { ...frame };
      if (version === undefined) delete copy.v;
      else copy.v = version;
      return JSON.stringify(copy);
    });
  const unknownKind = fc
    .tuple(
      validObject,
      fc.oneof(
        fc.string({ maxLength: 10 }).filter((kind) => !knownKinds.has(kind)),
        fc.constantFrom<unknown>(undefined, null, 1, ['msg'], 'MSG', 'hello '),
      ),
    )
    .map(([frame, kind]) => {
      const copy: Record<string, unknown> = { ...frame };
      if (kind === undefined) delete copy.kind;
      else copy.kind = kind;
      return JSON.stringify(copy);
    });
  const negativeClock = fc
    .tuple(msgFrame, fc.oneof(fc.integer({ max: -1 }), fc.constant(-Number.MAX_SAFE_INTEGER)))
    .map(([frame, clock]) => JSON.stringify({ ...frame, clock }));
  const badField = fc.constantFrom(
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":1.5,"to":[1]}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":"1","to":[1]}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":1,"to":[-1]}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":1,"to":1}',
    '{"kind":"msg","v":1,"from":0,"seq":-1,"clock":1,"to":[1]}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":9007199254740992,"to":[1]}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":1,"to":[1],"atUs":-1}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":1,"to":[1],"atUs":"5"}',
    '{"kind":"msg","v":1,"from":0,"seq":1,"clock":1,"to":[1],"atUs":1.5}',
    '{"kind":"hello","v":1,"runId":1,"token":"t","machineId":0}',
    '{"kind":"hello","v":1,"runId":"r","machineId":0}',
    '{"kind":"start","v":1,"atEpochMs":-5}',
    '{"kind":"fin","v":1}',
    '{"kind":"ready","v":1,"machineId":"0"}',
    '{"kind":"refused","v":1}',
    '{"kind":"refused","v":1,"cause":"password"}',
    '{"kind":"refused","v":1,"cause":1}',
    'null',
    '42',
    '"msg"',
    '[]',
  );
  const cases = {
    'garbage bytes': garbage.map((bytes) => Buffer.concat([bytes, Buffer.from('\n')])),
    'not JSON': nonJson.map((line) => Buffer.from(`${line}\n`)),
    'a wrong protocol version': wrongVersion.map((line) => Buffer.from(`${line}\n`)),
    'an unknown kind': unknownKind.map((line) => Buffer.from(`${line}\n`)),
    'a msg with a negative clock': negativeClock.map((line) => Buffer.from(`${line}\n`)),
    'a field of the wrong type or range': badField.map((line) => Buffer.from(`${line}\n`)),
  } satisfies Record<string, fc.Arbitrary<Buffer>>;

  for (const [name, bad] of Object.entries(cases)) {
    it(`refuses ${name} as malformed, keeps the frames before it and stays failed`, () => {
      fc.assert(
        fc.property(shortFrames, bad, shortFrames, chunking, (before, line, after, how) => {
          const error = expectErrorAfter(before, line, after, how);
          expect(error.kind).toBe('malformed');
          expect(describeDecodeError(error)).toMatch(/^malformed frame: /);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('names the cause of a malformed frame', () => {
    const reasonOf = (line: string): string => {
      const decoder = new FrameDecoder();
      decoder.push(Buffer.from(`${line}\n`));
      const error = decoder.error;
      return error?.kind === 'malformed' ? error.reason : `no malformed error: ${String(error)}`;
    };
    expect(reasonOf('garbage')).toBe('not JSON');
    expect(reasonOf('{"kind":"fin","v":2,"machineId":0}')).toContain('protocol version 2');
    expect(reasonOf('{"kind":"bye","v":1}')).toContain('bad');
    expect(reasonOf('{"kind":"msg","v":1,"from":0,"seq":1,"clock":-1,"to":[1]}')).toBe(
      'bad msg frame',
    );
  });
});
