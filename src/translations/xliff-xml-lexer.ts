/**
 * Low-level scanning for the small, safe XML reader used for XLIFF import (see xliff-xml.ts).
 * Everything is index-based and linear; no regular expression runs on unbounded input with
 * backtracking. References: only &amp; &lt; &gt; &quot; &apos; and numeric character references
 * are ever expanded; any other entity is an error (there is no DTD, so nothing can define one).
 */
import { describeCodePoint, findInvalidXmlChar } from './xliff-types';

/** A well-formedness (or safety-limit) error with a 1-based position in the input. */
export class XmlSyntaxError extends Error {
  constructor(
    public readonly reason: string,
    public readonly line: number,
    public readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'XmlSyntaxError';
  }
}

const START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
/** XML 1.0 Name (5th edition), matched at a position (sticky). */
const NAME = new RegExp(`[:${START}][:${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*`, 'uy');
const TEXT = /[^<&]*/y;
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);
const DECL = /^[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])([^"']*)\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])([^"']*)\3)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(yes|no)\5)?[ \t\n]*$/;

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';

export class Scanner {
  pos = 0;
  /** `src` must already have its line ends normalized to LF. */
  constructor(readonly src: string) {}

  fail(reason: string, at: number = this.pos): never {
    const { line, column } = this.position(at);
    throw new XmlSyntaxError(reason, line, column);
  }

  /** 1-based line and column (in code points) of an offset. Linear: call it for messages only. */
  position(at: number): { line: number; column: number } {
    const before = this.src.slice(0, at);
    const lineStart = before.lastIndexOf('\n') + 1;
    let line = 1;
    for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
    return { line, column: Array.from(before.slice(lineStart)).length + 1 };
  }

  /** Reads character data up to the next "<" or "&" (or the end). */
  textRun(): string {
    TEXT.lastIndex = this.pos;
    const run = TEXT.exec(this.src)?.[0] ?? '';
    this.pos += run.length;
    return run;
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  /** Skips XML whitespace; true if there was any. */
  skipSpace(): boolean {
    const start = this.pos;
    while (isSpace(this.src[this.pos])) this.pos++;
    return this.pos > start;
  }

  name(what: string): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail(`expected ${what}`);
    this.pos += m[0].length;
    return m[0];
  }

  expect(s: string, what = `"${s}"`): void {
    if (!this.startsWith(s)) this.fail(`expected ${what}`);
    this.pos += s.length;
  }

  /** Index of `s` from the current position, failing with `unterminated` if absent. */
  find(s: string, unterminated: string): number {
    const at = this.src.indexOf(s, this.pos);
    if (at < 0) this.fail(unterminated);
    return at;
  }

  /** At "&": reads one reference and returns the character(s) it stands for. */
  reference(): string {
    const start = this.pos;
    const semi = this.src.slice(start, start + 64).indexOf(';');
    const body = semi > 0 ? this.src.slice(start + 1, start + semi) : '';
    let text: string | undefined;
    if (/^#[0-9]{1,7}$/.test(body) || /^#x[0-9A-Fa-f]{1,6}$/.test(body)) {
      const cp = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      text = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFF';
      if (findInvalidXmlChar(text) >= 0) this.fail(`character reference &${body}; is not an XML 1.0 character`, start);
    } else {
      text = PREDEFINED.get(body);
      NAME.lastIndex = 0;
      const named = NAME.exec(body);
      if (text === undefined && named?.[0] === body && body !== '') {
        this.fail(`undefined entity &${body}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)`, start);
      }
      if (text === undefined) this.fail('"&" must be written as &amp;', start);
    }
    this.pos = start + semi + 1;
    return text;
  }

  /** At a quote: reads an attribute value, expanding references and normalizing literal whitespace. */
  attributeValue(): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('expected a quoted attribute value');
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail('unterminated attribute value');
      if (c === quote) break;
      if (c === '<') this.fail('"<" is not allowed in an attribute value');
      if (c === '&') out += this.reference();
      else {
        out += c === '\t' || c === '\n' ? ' ' : c;
        this.pos++;
      }
    }
    this.pos++;
    return out;
  }

  /** At "<!--": skips a comment. */
  comment(): void {
    this.pos += 4;
    const end = this.find('--', 'unterminated comment');
    if (this.src[end + 2] !== '>') this.fail('"--" is not allowed inside a comment', end);
    this.pos = end + 3;
  }

  /** At "<?": skips a processing instruction (they are ignored); the XML declaration is not allowed here. */
  processingInstruction(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.name('a processing instruction target');
    if (target.toLowerCase() === 'xml') this.fail('the XML declaration is only allowed at the very start of the file', start);
    if (!this.skipSpace() && !this.startsWith('?>')) this.fail('malformed processing instruction');
    this.pos = this.find('?>', 'unterminated processing instruction') + 2;
  }

  /** At "<![CDATA[": returns the section's text verbatim. */
  cdata(): string {
    this.pos += 9;
    const end = this.find(']]>', 'unterminated CDATA section');
    const text = this.src.slice(this.pos, end);
    this.pos = end + 3;
    return text;
  }

  /** At "<!" that is neither a comment nor CDATA: always an error, with a specific message for DTD syntax. */
  declaration(): never {
    if (this.startsWith('<!DOCTYPE') || this.startsWith('<!ENTITY')) {
      this.fail('DOCTYPE and ENTITY declarations are not allowed (no DTD, entity expansion or external reference is processed)');
    }
    this.fail('unexpected "<!"');
  }

  /** At the start of the input: reads an optional XML declaration (XML 1.0, UTF-8 only). */
  xmlDeclaration(): void {
    if (!this.startsWith('<?xml') || !(isSpace(this.src[5]) || this.src[5] === '?')) return;
    const end = this.find('?>', 'unterminated XML declaration');
    const m = DECL.exec(this.src.slice(5, Math.min(end, 300)));
    if (!m) this.fail('malformed XML declaration');
    if (m[2] !== '1.0') this.fail(`XML version "${m[2] ?? ''}" is not supported (only 1.0)`);
    if (m[4] !== undefined && m[4].toLowerCase() !== 'utf-8') {
      this.fail(`encoding "${m[4]}" is not supported: save the file as UTF-8`);
    }
    this.pos = end + 2;
  }

  /** Rejects characters outside the XML 1.0 Char production. */
  checkCharacters(): void {
    const bad = findInvalidXmlChar(this.src);
    if (bad >= 0) this.fail(`character ${describeCodePoint(this.src, bad)} is not allowed in XML 1.0`, bad);
  }
}
