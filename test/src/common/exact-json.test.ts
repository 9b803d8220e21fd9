/**
 * A shard's results go through a file, not between threads: every number must come back the
 * same, -0, NaN and ±Infinity included (plain JSON turns them into 0 and null).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactJsonText, parseExactJson } from '../../../src/common/exact-json.js';

describe('exact JSON', () => {
  it('gives back every double, -0 and the non-finite ones too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double()),
        fc.array(fc.tuple(fc.string(), fc.double())).map(Object.fromEntries),
        (list, record) => {
          const value = { list, record, nested: [{ x: list[0] ?? -0 }] };
          expect(parseExactJson(exactJsonText(value))).toStrictEqual(value);
        },
      ),
    );
  });

  it('writes plain JSON for everything else', () => {
    expect(exactJsonText({ a: [1, 'b', null, true] })).toBe('{"a":[1,"b",null,true]}');
    expect(Object.is((parseExactJson(exactJsonText([-0])) as number[])[0], -0)).toBe(true);
    expect(JSON.parse(JSON.stringify([-0]))[0]).toBe(0); // why the tag is needed
  });
});
