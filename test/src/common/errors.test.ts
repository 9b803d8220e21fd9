/**
 * What an error message says it got: a scalar with its type, an array by its length, a short
 * object as its JSON (so the user sees which part is wrong), a long one as "an object".
 */
import { describe, expect, it } from 'vitest';
import { describeValue } from '../../../src/common/errors.js';

describe('describeValue', () => {
  it('names scalars with their type, and nothing and null as such', () => {
    expect(describeValue(7)).toBe('7 (number)');
    expect(describeValue('abc')).toBe('"abc" (string)');
    expect(describeValue(true)).toBe('true (boolean)');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(null)).toBe('null');
  });

  it('quotes a short array as its JSON, a long one by its length', () => {
    expect(describeValue([[0, 1, 2]])).toBe('[[0,1,2]]');
    expect(describeValue(Array.from({ length: 65 }, () => 1))).toBe('an array of 65');
  });

  it('quotes a short object as its JSON, a long or unquotable one as "an object"', () => {
    expect(describeValue({ lease: 1.5 })).toBe('{"lease":1.5}');
    const long = { description: 'x'.repeat(80) };
    expect(describeValue(long)).toBe('an object');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(describeValue(cycle)).toBe('an object');
    expect(describeValue({ big: 1n })).toBe('an object');
  });
});
