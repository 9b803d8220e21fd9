/**
 * A strict, small XML parser for the chart tests: it throws on anything that is not well-formed
 * XML 1.0 (unbalanced or mismatched tags, a second root, a raw "<" or a bad "&" reference in text
 * or attributes, duplicate attributes, characters XML forbids, "--" in a comment, "]]>" in text),
 * and otherwise returns the element tree with references decoded, so tests can count elements and
 * read text as a browser would. It reads character by character, recursing into each element, so
 * the call stack is the stack of open tags; it is written here because the project takes no XML
 * dependency. DTDs are out of scope and rejected. `parseChart` adds the checks every chart must
 * pass.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlError extends Error {}

export function parseXml(source: string): XmlElement {
  return new Parser(source).document();
}

/** Every element in the tree, depth first in document order, the root included. */
export function allElements(root: XmlElement): XmlElement[] {
  const found: XmlElement[] = [root];
  for (const child of root.children) {
    if (typeof child !== 'string') found.push(...allElements(child));
  }
  return found;
}

/** Elements named `name`, optionally only those whose class list holds `className`. */
export function elementsNamed(root: XmlElement, name: string, className?: string): XmlElement[] {
  return allElements(root).filter(
    (element) => element.name === name && (className === undefined || hasClass(element, className)),
  );
}

export function hasClass(element: XmlElement, className: string): boolean {
  return (element.attributes.get('class') ?? '').split(' ').includes(className);
}

/** The text an element holds, its descendants' included, references decoded. */
export function textOf(element: XmlElement): string {
  return element.children
    .map((child) => (typeof child === 'string' ? child : textOf(child)))
    .join('');
}

/** The text of an element's own <title> child, where SVG keeps a tooltip. */
export function titleOf(element: XmlElement): string | undefined {
  const title = element.children.find(
    (child): child is XmlElement => typeof child !== 'string' && child.name === 'title',
  );
  return title === undefined ? undefined : textOf(title);
}

export function attribute(element: XmlElement, name: string): string {
  const value = element.attributes.get(name);
  if (value === undefined) throw new XmlError(`<${element.name}> has no ${name}`);
  return value;
}

const predefined: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function isNameStart(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    (char >= 'a' && char <= 'z') ||
    (char >= 'A' && char <= 'Z') ||
    char === '_' ||
    char === ':' ||
    code >= 0xc0
  );
}

function isNameChar(char: string): boolean {
  return isNameStart(char) || (char >= '0' && char <= '9') || char === '-' || char === '.';
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

class Parser {
  readonly #source: string;
  #at = 0;

  constructor(source: string) {
    this.#source = source;
    for (const char of source) {
      const code = char.codePointAt(0) ?? 0;
      if (!isXmlChar(code)) {
        throw new XmlError(`character U+${code.toString(16).toUpperCase()} is not allowed in XML`);
      }
    }
  }

  document(): XmlElement {
    if (this.#startsWith('<?xml')) this.#processingInstruction();
    this.#misc();
    if (!this.#startsWith('<') || this.#startsWith('</')) this.#fail('expected the root element');
    const root = this.#element();
    this.#misc();
    if (this.#at < this.#source.length) this.#fail('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions, allowed around the root. */
  #misc(): void {
    for (;;) {
      while (isSpace(this.#peek())) this.#at += 1;
      if (this.#startsWith('<!--')) this.#comment();
      else if (this.#startsWith('<?')) this.#processingInstruction();
      else if (this.#startsWith('<!')) this.#fail('DTDs and declarations are not supported');
      else return;
    }
  }

  #element(): XmlElement {
    this.#expect('<');
    const name = this.#name();
    const attributes = new Map<string, string>();
    for (;;) {
      const hadSpace = this.#skipSpace();
      if (this.#startsWith('/>')) {
        this.#at += 2;
        return { name, attributes, children: [] };
      }
      if (this.#startsWith('>')) {
        this.#at += 1;
        break;
      }
      if (!hadSpace) this.#fail(`expected whitespace before an attribute of <${name}>`);
      const attributeName = this.#name();
      if (attributes.has(attributeName)) this.#fail(`duplicate attribute ${attributeName}`);
      this.#skipSpace();
      this.#expect('=');
      this.#skipSpace();
      attributes.set(attributeName, this.#attributeValue());
    }
    const children = this.#content(name);
    return { name, attributes, children };
  }

  /** Everything up to and including the end tag of `name`. */
  #content(name: string): XmlNode[] {
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      if (this.#at >= this.#source.length) this.#fail(`<${name}> is never closed`);
      if (this.#startsWith('</')) {
        this.#at += 2;
        const closing = this.#name();
        if (closing !== name) this.#fail(`</${closing}> closes <${name}>`);
        this.#skipSpace();
        this.#expect('>');
        if (text !== '') children.push(text);
        return children;
      }
      if (this.#startsWith('<!--')) {
        this.#comment();
      } else if (this.#startsWith('<![CDATA[')) {
        const end = this.#source.indexOf(']]>', this.#at);
        if (end === -1) this.#fail('unterminated CDATA section');
        text += this.#source.slice(this.#at + 9, end);
        this.#at = end + 3;
      } else if (this.#startsWith('<?')) {
        this.#processingInstruction();
      } else if (this.#startsWith('<!')) {
        this.#fail('declarations are not allowed in content');
      } else if (this.#startsWith('<')) {
        if (text !== '') children.push(text);
        text = '';
        children.push(this.#element());
      } else if (this.#startsWith('&')) {
        text += this.#reference();
      } else {
        if (this.#startsWith(']]>')) this.#fail('"]]>" is not allowed in text');
        text += this.#source[this.#at];
        this.#at += 1;
      }
    }
  }

  #attributeValue(): string {
    const quote = this.#peek();
    if (quote !== '"' && quote !== "'") this.#fail('an attribute value must be quoted');
    this.#at += 1;
    let value = '';
    for (;;) {
      const char = this.#peek();
      if (char === undefined) this.#fail('unterminated attribute value');
      if (char === quote) {
        this.#at += 1;
        return value;
      }
      if (char === '<') this.#fail('"<" in an attribute value');
      if (char === '&') {
        value += this.#reference();
      } else {
        value += char;
        this.#at += 1;
      }
    }
  }

  /** An entity or character reference at the cursor, decoded. */
  #reference(): string {
    const end = this.#source.indexOf(';', this.#at);
    if (end === -1 || end - this.#at > 12) this.#fail('"&" that does not start a reference');
    const body = this.#source.slice(this.#at + 1, end);
    this.#at = end + 1;
    if (body.startsWith('#')) {
      const hex = body.startsWith('#x');
      const digits = body.slice(hex ? 2 : 1);
      const valid = digits !== '' && [...digits].every((d) => (hex ? isHexDigit(d) : isDigit(d)));
      const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
      if (!valid || !isXmlChar(code)) this.#fail(`bad character reference &${body};`);
      return String.fromCodePoint(code);
    }
    const decoded = predefined[body];
    if (decoded === undefined) this.#fail(`unknown entity &${body};`);
    return decoded;
  }

  #comment(): void {
    const end = this.#source.indexOf('-->', this.#at + 4);
    if (end === -1) this.#fail('unterminated comment');
    if (this.#source.slice(this.#at + 4, end).includes('--')) this.#fail('"--" inside a comment');
    this.#at = end + 3;
  }

  #processingInstruction(): void {
    const end = this.#source.indexOf('?>', this.#at + 2);
    if (end === -1) this.#fail('unterminated processing instruction');
    this.#at = end + 2;
  }

  #name(): string {
    const start = this.#at;
    const first = this.#peek();
    if (first === undefined || !isNameStart(first)) this.#fail('expected a name');
    this.#at += 1;
    while (this.#peek() !== undefined && isNameChar(this.#peek() as string)) this.#at += 1;
    return this.#source.slice(start, this.#at);
  }

  #skipSpace(): boolean {
    const start = this.#at;
    while (isSpace(this.#peek())) this.#at += 1;
    return this.#at > start;
  }

  #expect(text: string): void {
    if (!this.#startsWith(text)) this.#fail(`expected "${text}"`);
    this.#at += text.length;
  }

  #startsWith(text: string): boolean {
    return this.#source.startsWith(text, this.#at);
  }

  #peek(): string | undefined {
    return this.#source[this.#at];
  }

  #fail(message: string): never {
    const context = this.#source.slice(Math.max(0, this.#at - 30), this.#at + 30);
    throw new XmlError(`${message} at offset ${this.#at}: ${JSON.stringify(context)}`);
  }
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isHexDigit(char: string): boolean {
  return isDigit(char) || (char >= 'a' && char <= 'f') || (char >= 'A' && char <= 'F');
}

/**
 * What every chart renderer promises, checked at once: the output is one well-formed <svg>
 * element with a <title>, and no number in it went wrong ("NaN", "Infinity", "undefined").
 * Returns the parsed tree for the test's own checks.
 */
export function parseChart(source: string): XmlElement {
  for (const word of ['NaN', 'Infinity', 'undefined', 'null']) {
    if (source.includes(word)) throw new XmlError(`the chart contains "${word}"`);
  }
  const root = parseXml(source);
  if (root.name !== 'svg') throw new XmlError(`the root is <${root.name}>, not <svg>`);
  if (titleOf(root) === undefined) throw new XmlError('the chart has no <title>');
  return root;
}
