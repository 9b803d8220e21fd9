/**
 * Goal: the chart tests' XML check is strict enough to trust: a chart that passes it is
 * well-formed. Method: documents broken in each way the check promises to catch must throw, and
 * a well-formed one with references, comments and CDATA must parse to the expected tree.
 */
import { describe, expect, it } from 'vitest';
import { elementsNamed, parseXml, textOf, XmlError } from './well-formed-xml.js';

describe('the well-formedness check', () => {
  it.each([
    ['an unclosed element', '<svg><g></svg>'],
    ['a mismatched end tag', '<svg><g></h></svg>'],
    ['a stray end tag', '<svg></g></svg>'],
    ['two roots', '<svg/><svg/>'],
    ['text after the root', '<svg/>x'],
    ['a raw "<" in text', '<svg>a < b</svg>'],
    ['a bare "&" in text', '<svg>a & b</svg>'],
    ['an unknown entity', '<svg>&nbsp;</svg>'],
    ['a bad character reference', '<svg>&#0;</svg>'],
    ['a "<" in an attribute', '<svg a="<"/>'],
    ['a bare "&" in an attribute', '<svg a="&"/>'],
    ['an unquoted attribute', '<svg a=1/>'],
    ['a duplicate attribute', '<svg a="1" a="2"/>'],
    ['attributes without space between', '<svg a="1"b="2"/>'],
    ['a control character', '<svg>\u0001</svg>'],
    ['a lone surrogate', '<svg>\uD800</svg>'],
    ['"--" in a comment', '<svg><!-- a -- b --></svg>'],
    ['"]]>" in text', '<svg>]]></svg>'],
    ['a DTD', '<!DOCTYPE svg><svg/>'],
    ['nothing at all', ''],
  ])('rejects %s', (_, source) => {
    expect(() => parseXml(source)).toThrow(XmlError);
  });

  it('parses a well-formed document into elements and decoded text', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c --><svg a=\'x&amp;y\'><g class="k j">&lt;a &amp; &quot;b&quot;&gt;&#65;&#x42;' +
        '<![CDATA[<raw>]]></g><g/></svg>\n',
    );
    expect(root.name).toBe('svg');
    expect(root.attributes.get('a')).toBe('x&y');
    expect(elementsNamed(root, 'g')).toHaveLength(2);
    expect(elementsNamed(root, 'g', 'j')).toHaveLength(1);
    expect(textOf(root)).toBe('<a & "b">AB<raw>');
  });
});
