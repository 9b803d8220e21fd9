/**
 * Goal: a JSON file's number is found as the file writes it, at the path of the value, so a
 * refusal quotes the file's digits (JSON.parse rounds 9007199254740993 to 9007199254740992).
 * Method: planted JSON texts whose strings hold digits and whose numbers repeat in other forms.
 */
import { describe, expect, it } from 'vitest';
import { jsonNumberLiterals } from '../../../src/common/json-number-literals.js';

describe('jsonNumberLiterals', () => {
  const text =
    '\uFEFF{"name": "9007199254740993 \\" 5", "seed": 9007199254740993, "durationSec": 9007199254740992,\n' +
    ' "rates": [1, -2.50, 1E+3], "faults": [{"kind": "crash", "atSec": 99999999999999999999}]}';
  const literalAt = jsonNumberLiterals(text);

  it('gives each number literal by its path, never one found elsewhere', () => {
    expect(literalAt(['seed'])).toBe('9007199254740993');
    expect(literalAt(['durationSec'])).toBe('9007199254740992');
    expect(literalAt(['rates', 1])).toBe('-2.50');
    expect(literalAt(['rates', 2])).toBe('1E+3');
    expect(literalAt(['faults', 0, 'atSec'])).toBe('99999999999999999999');
  });

  it('gives nothing for a string, an object, a path that is not there, or text that is not JSON', () => {
    expect(literalAt(['name'])).toBeNull();
    expect(literalAt(['faults', 0])).toBeNull();
    expect(literalAt(['rates', 7])).toBeNull();
    expect(literalAt(['seed', 'x'])).toBeNull();
    expect(jsonNumberLiterals('{"seed": ')(['seed'])).toBeNull();
  });
});
