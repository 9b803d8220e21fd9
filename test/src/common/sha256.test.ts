/**
 * Goal: the Node-free SHA-256 that names fault streams gives node:crypto's digest for any text
 * (every block-boundary length, any characters, UTF-8 encoded), so a fault's stream, and every
 * draw from it, is the same in the browser as in the CLI. Method: fast-check against createHash.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256HexOfText } from '../../../src/common/sha256.js';

const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256HexOfText', () => {
  it('gives the published digest of "abc" and of the empty text', () => {
    expect(sha256HexOfText('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256HexOfText('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('equals node:crypto at every length around the block boundaries', () => {
    for (let length = 0; length <= 200; length += 1) {
      const text = 'x'.repeat(length);
      expect(sha256HexOfText(text), `length ${length}`).toBe(nodeSha256(text));
    }
  });

  it('equals node:crypto for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256HexOfText(text)).toBe(nodeSha256(text));
      }),
    );
  });
});
