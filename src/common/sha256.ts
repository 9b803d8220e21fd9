/**
 * SHA-256 (FIPS 180-4) of a short text, synchronously, without Node. A fault's random stream is
 * named by the hash of its canonical JSON (scenario/fault-resolve.ts) while the scenario is
 * resolved, which is synchronous and runs in the browser playground too, where the only
 * platform hash (WebCrypto's crypto.subtle.digest) is asynchronous. The texts are a few hundred
 * bytes, but explore resolves the faults of hundreds of runs a second, so the buffers are reused;
 * the logs' digests use the platform's hash (log-digest.ts).
 */

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const roundConstants = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const initialHash = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

const rotateRight = (value: number, bits: number): number =>
  (value >>> bits) | (value << (32 - bits));

/**
 * Reused by every call (the hash is synchronous and calls do not nest): explore resolves the
 * faults of thousands of runs a second, and a fresh padded copy, view, schedule and word list
 * per text was a third of the hash's time. Grown for a longer text, never shrunk.
 */
let message = new Uint8Array(256);
const schedule = new Int32Array(64);
const hash = new Int32Array(8);

/** Two lower-case hex digits of each byte value. */
const hexOfByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * `text` as UTF-8 into `message`, padded to whole 64-byte blocks: a 1 bit, zeros, the bit length
 * (64 bits, big end). Returns the padded length.
 */
function padText(text: string): number {
  // UTF-8 takes at most 3 bytes per UTF-16 unit (a pair, 2 units, takes 4).
  const room = text.length * 3 + 72;
  if (message.length < room) message = new Uint8Array(2 * room);
  let ascii = true;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      ascii = false;
      break;
    }
    message[i] = code;
  }
  const length = ascii ? text.length : encoder.encodeInto(text, message).written;
  const padded = Math.ceil((length + 9) / 64) * 64;
  message.fill(0, length, padded);
  message[length] = 0x80;
  // Bit lengths past 2^32 are not reached: `room` would be gigabytes.
  const bitLength = length * 8;
  const end = padded - 4;
  message[end] = bitLength >>> 24;
  message[end + 1] = (bitLength >>> 16) & 0xff;
  message[end + 2] = (bitLength >>> 8) & 0xff;
  message[end + 3] = bitLength & 0xff;
  return padded;
}

const encoder = new TextEncoder();

/** One block's compression (the message's 64 bytes at `offset`) into `hash`. */
function compress(offset: number): void {
  for (let t = 0; t < 16; t += 1) {
    const at = offset + t * 4;
    schedule[t] =
      ((message[at] as number) << 24) |
      ((message[at + 1] as number) << 16) |
      ((message[at + 2] as number) << 8) |
      (message[at + 3] as number);
  }
  for (let t = 16; t < 64; t += 1) {
    const w15 = schedule[t - 15] as number;
    const w2 = schedule[t - 2] as number;
    const s0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >>> 3);
    const s1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >>> 10);
    schedule[t] = (schedule[t - 16] as number) + s0 + (schedule[t - 7] as number) + s1;
  }
  let a = hash[0] as number;
  let b = hash[1] as number;
  let c = hash[2] as number;
  let d = hash[3] as number;
  let e = hash[4] as number;
  let f = hash[5] as number;
  let g = hash[6] as number;
  let h = hash[7] as number;
  for (let t = 0; t < 64; t += 1) {
    const s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25);
    const choice = (e & f) ^ (~e & g);
    const temp1 = (h + s1 + choice + (roundConstants[t] as number) + (schedule[t] as number)) | 0;
    const s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22);
    const majority = (a & b) ^ (a & c) ^ (b & c);
    const temp2 = (s0 + majority) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + temp1) | 0;
    d = c;
    c = b;
    b = a;
    a = (temp1 + temp2) | 0;
  }
  // Int32Array stores wrap to 32 bits, as the sums must.
  hash[0] = (hash[0] as number) + a;
  hash[1] = (hash[1] as number) + b;
  hash[2] = (hash[2] as number) + c;
  hash[3] = (hash[3] as number) + d;
  hash[4] = (hash[4] as number) + e;
  hash[5] = (hash[5] as number) + f;
  hash[6] = (hash[6] as number) + g;
  hash[7] = (hash[7] as number) + h;
}

/** The SHA-256 of `text` encoded as UTF-8, in lower-case hex (as node:crypto's digest('hex')). */
export function sha256HexOfText(text: string): string {
  const padded = padText(text);
  hash.set(initialHash);
  for (let offset = 0; offset < padded; offset += 64) compress(offset);
  let hex = '';
  for (let i = 0; i < 8; i += 1) {
    const word = hash[i] as number;
    hex +=
      (hexOfByte[word >>> 24] as string) +
      (hexOfByte[(word >>> 16) & 0xff] as string) +
      (hexOfByte[(word >>> 8) & 0xff] as string) +
      (hexOfByte[word & 0xff] as string);
  }
  return hex;
}
