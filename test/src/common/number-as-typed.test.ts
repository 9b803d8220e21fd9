/**
 * Goal: an error line quotes a number as the user typed it in a flag: the literal of the flag's
 * text that reads as the refused value, never a neighbour that only shares its digits.
 * Method: planted flag texts and values, the rounded ones among them.
 */
import { describe, expect, it } from 'vitest';
import {
  describeAsTyped,
  describeAsWritten,
  literalIn,
} from '../../../src/common/number-as-typed.js';

describe('literalIn', () => {
  it('finds the literal that reads as the value, rounded or not', () => {
    expect(literalIn('9007199254740993', 9007199254740992)).toBe('9007199254740993');
    expect(literalIn('uniform:1-99999999999999999999', 1e20)).toBe('99999999999999999999');
    expect(literalIn('1e400', Number.POSITIVE_INFINITY)).toBe('1e400');
    expect(literalIn('0.1000000000000000000001', 0.1)).toBe('0.1000000000000000000001');
  });

  it('reads a dash between two numbers as a separator, a leading one as a sign', () => {
    expect(literalIn('2@5-20', 20)).toBe('20');
    expect(literalIn('-2', -2)).toBe('-2');
    expect(literalIn('1,2,-2', -2)).toBe('-2');
  });

  it('finds nothing for a value the text does not hold (computed, not typed)', () => {
    expect(literalIn('1@5', 5_000_000)).toBeNull();
    expect(literalIn('', 1)).toBeNull();
  });
});

describe('describeAsTyped and describeAsWritten', () => {
  it('quote a number as typed, anything else as describeValue does', () => {
    expect(describeAsTyped(9007199254740992, '9007199254740993')).toBe('9007199254740993 (number)');
    expect(describeAsTyped(7, undefined)).toBe('7 (number)');
    expect(describeAsTyped('x', '5')).toBe('"x" (string)');
    expect(describeAsWritten(1e20, '99999999999999999999')).toBe('99999999999999999999 (number)');
    // A literal that is not the value's is not quoted for it.
    expect(describeAsWritten(3, '4')).toBe('3 (number)');
    expect(describeAsWritten(3, null)).toBe('3 (number)');
  });
});
