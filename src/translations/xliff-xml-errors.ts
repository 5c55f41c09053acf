/**
 * Errors of the XLIFF XML reader (xliff-xml.ts): saxes reports a well-formedness error where it
 * noticed it ("1:9: unexpected close tag."); this module names it in the reader's own words and
 * places it where the faulty construct starts (the "<" of a tag, the "&" of a reference), as a
 * translator needs to find it in the file.
 */

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

export const DTD_REFUSED = 'DOCTYPE and ENTITY declarations are not allowed (no DTD, entity expansion or external reference is processed)';
const EXPECTED_END_OF_TAG = 'expected whitespace, ">" or "/>"';
export const AFTER_ROOT = 'only comments and processing instructions may follow the root element';

/** 1-based line and column (in code points) of an offset. Linear: call it for messages only. */
export function positionIn(src: string, at: number): { line: number; column: number } {
  const before = src.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: Array.from(before.slice(lineStart)).length + 1 };
}

export function syntaxError(src: string, reason: string, at: number): XmlSyntaxError {
  const { line, column } = positionIn(src, at);
  return new XmlSyntaxError(reason, line, column);
}

/** An attribute of the start tag being read, with the offset of its name. */
export interface ReadAttribute {
  name: string;
  prefix: string;
  local: string;
  value: string;
  start: number;
}

/** What the reader knows when saxes fails; offsets index the (line-end normalized) input. */
export interface FailureContext {
  src: string;
  /** saxes' position: just after the character that revealed the error. */
  at: number;
  /** Where the last saxes event ended: nothing between it and `at` was reported to the reader. */
  mark: number;
  /** The "<" of the start tag being read (or of the last one). */
  tagStart: number;
  tagName: string;
  /** saxes has read the name of a start tag but not its end. */
  inStartTag: boolean;
  attributes: readonly ReadAttribute[];
  /** The innermost open element, if any. */
  open: string | undefined;
  sawRoot: boolean;
  version: string | undefined;
  resolve(prefix: string): string | undefined;
}

type Explained = [reason: string, at: number];

/** Names a saxes error message (without its "line:column: ") in the reader's terms. */
export function explain(message: string, c: FailureContext): Explained {
  const { src, at } = c;
  const last = lastChar(src, at);
  const lastOpen = (markup: string): number => Math.max(0, src.lastIndexOf(markup, at - 1));
  if (/entity/.test(message)) return reference(message, c) ?? ['"&" must be written as &amp;', last];
  if (/^(unclosed tag|unexpected end|document must contain)/.test(message)) return atEnd(c);
  // In the prolog, saxes reports a DOCTYPE only once it has read all of it.
  const pending = c.sawRoot || c.inStartTag ? -1 : src.indexOf('<', c.mark);
  if (pending >= 0 && pending < at && src.startsWith('<!DOCTYPE', pending)) return [DTD_REFUSED, pending];
  if (message === 'text data outside of root node.') {
    return [c.sawRoot ? AFTER_ROOT : 'expected the root element', nonSpace(src, c.mark)];
  }
  if (message.startsWith('unmatched closing tag')) return [AFTER_ROOT, lastOpen('</')];
  if (message.startsWith('inappropriately located doctype')) return [DTD_REFUSED, lastOpen('<!')];
  if (message === 'incorrect syntax.') {
    // saxes gives up 7 characters after "<!".
    const start =
      at -
      Array.from(src.slice(Math.max(0, at - 14), at))
        .slice(-7)
        .join('').length -
      2;
    return [src.startsWith('<!ENTITY', start) || src.startsWith('<!DOCTYPE', start) ? DTD_REFUSED : 'unexpected "<!"', start];
  }
  if (/^(an|the) XML declaration must/.test(message)) {
    return ['the XML declaration is only allowed at the very start of the file', lastOpen('<?')];
  }
  if (message.startsWith('version number') && /^[\w.-]*$/.test(c.version ?? '')) {
    return [`XML version "${c.version ?? ''}" is not supported (only 1.0)`, 0];
  }
  if (
    /XML declaration|name\/value|expected (the name|one of)|value required|value must|whitespace required|standalone|encoding value|version number/.test(
      message,
    )
  ) {
    return ['malformed XML declaration', 0];
  }
  if (message === 'malformed comment.') return ['"--" is not allowed inside a comment', at - 3];
  if (message.startsWith('the string "]]>"')) return ['"]]>" is not allowed in text', at - 3];
  if (message === 'disallowed character.' && src[at - 1] === '<') return ['"<" is not allowed in an attribute value', at - 1];
  if (/^(no whitespace between|disallowed character in tag name\.)/.test(message)) return [EXPECTED_END_OF_TAG, last];
  if (message.startsWith('forward-slash')) return [EXPECTED_END_OF_TAG, last - 1];
  if (/^(weird empty close tag|disallowed character in tag name$)/.test(message)) return ['expected an element name', last];
  if (message.startsWith('disallowed character in closing tag')) {
    return [last === lastOpen('</') + 2 ? 'expected an element name' : 'expected ">"', last];
  }
  if (/^(disallowed character in attribute name|attribute without value)/.test(message)) {
    // After a name, "=" must follow; after a value, the end of the tag or a space.
    const name = /^[^\s="'<>/]*/.exec(src.slice(nonSpace(src, c.mark), last))?.[0] ?? '';
    if (name !== '') return [`expected "=" after attribute "${name}"`, last];
    return [src[last - 1] === '"' || src[last - 1] === "'" ? EXPECTED_END_OF_TAG : 'expected an attribute name', last];
  }
  if (message === 'unquoted attribute value.') return ['expected a quoted attribute value', last];
  if (
    message.startsWith('processing instruction without') ||
    (message.includes('processing instruction name') && last === lastOpen('<?') + 2)
  ) {
    return ['expected a processing instruction target', last];
  }
  if (/processing instruction/.test(message)) return ['malformed processing instruction', lastOpen('<?')];
  return namespaced(message, c) ?? [message.replace(/\.$/, ''), last];
}

/** Errors of namespace processing, which saxes reports at the end of the start tag. */
function namespaced(message: string, c: FailureContext): Explained | undefined {
  if (/prefix must be bound|namespace may not be set|may not assign|undefine prefix/.test(message)) {
    const a = c.attributes[c.attributes.length - 1];
    return a && [`invalid namespace declaration ${a.name}="${a.value}"`, a.start];
  }
  const unbound = /^unbound namespace prefix: "(.*)"\.$|^tags may not have "(xmlns)" as prefix/.exec(message);
  if (unbound) {
    const prefix = unbound[1] ?? unbound[2] ?? '';
    const attr = c.tagName.startsWith(`${prefix}:`) ? undefined : c.attributes.find((a) => a.prefix === prefix);
    return [`namespace prefix "${prefix}" is not declared`, attr?.start ?? c.tagStart];
  }
  const duplicate = /^duplicate attribute: (.*)\.$/.exec(message);
  if (duplicate) {
    const key = (a: ReadAttribute): string => (a.prefix === '' ? a.name : `{${c.resolve(a.prefix) ?? a.prefix}}${a.local}`);
    const same = c.attributes.filter((a) => key(a) === duplicate[1]);
    const a = same[1] ?? same[0];
    return [`duplicate attribute "${a?.name ?? duplicate[1] ?? ''}"`, a?.start ?? c.tagStart];
  }
  const malformed = /^malformed name: (.*)\.$/.exec(message);
  if (malformed) {
    const name = malformed[1] ?? '';
    return [`"${name}" is not a valid qualified name`, name === c.tagName ? c.tagStart : nonSpace(c.src, c.mark)];
  }
  return undefined;
}

/** The input ended inside a reference, some markup, a start tag or an element. */
function atEnd(c: FailureContext): Explained {
  const { src } = c;
  const amp = referenceStart(src, c.mark, src.length);
  if (amp !== undefined) return ['"&" must be written as &amp;', amp];
  if (c.inStartTag) return [`unclosed start tag <${c.tagName}>`, src.length];
  const pending = src.indexOf('<', c.mark);
  if (pending >= 0) {
    const rest = src.slice(pending, pending + 9);
    const unterminated = UNTERMINATED.find(([start]) => rest.startsWith(start));
    if (unterminated) return [unterminated[1], pending];
    const name = /^<([^\s/>]+)/.exec(rest)?.[1];
    return [name === undefined ? 'expected an element name' : `unclosed start tag <${name}>`, src.length];
  }
  if (c.open !== undefined) return [`unclosed element <${c.open}>`, src.length];
  return [c.sawRoot ? 'unexpected end of file' : 'no root element', src.length];
}

const UNTERMINATED: readonly (readonly [start: string, reason: string])[] = [
  ['<!--', 'unterminated comment'],
  ['<![CDATA[', 'unterminated CDATA section'],
  ['<!DOCTYPE', DTD_REFUSED],
  ['<?xml', 'unterminated XML declaration'],
  ['<?', 'unterminated processing instruction'],
  ['</', 'expected ">"'],
  ['<!', 'unexpected "<!"'],
];

/** A reference error, reported at its "&" with the reason the reader gives. */
function reference(message: string, c: FailureContext): Explained | undefined {
  // saxes reads a reference up to the next ";", wherever that is: it has just read it.
  const semicolon = c.at - 1;
  const amp = c.src[semicolon] === ';' ? referenceStart(c.src, c.mark, semicolon) : undefined;
  if (amp === undefined) return undefined;
  const body = c.src.slice(amp + 1, semicolon);
  if (message === 'undefined entity.') {
    return [`undefined entity &${body}; (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)`, amp];
  }
  if (message === 'malformed character entity.' && /^#([0-9]+|x[0-9A-Fa-f]+)$/.test(body)) {
    return [`character reference &${body}; is not an XML 1.0 character`, amp];
  }
  return ['"&" must be written as &amp;', amp];
}

/**
 * The "&" that began the reference saxes is reading when it stops at `end`: the first "&" after
 * the last event and the last ";" (a reference holds no ";"), unless markup ("<") comes first,
 * in which case the "&" is inside a comment, CDATA section or processing instruction.
 */
function referenceStart(src: string, mark: number, end: number): number | undefined {
  const from = Math.max(mark, src.lastIndexOf(';', end - 1) + 1);
  const amp = src.indexOf('&', from);
  return amp >= 0 && amp < end && !src.slice(from, amp).includes('<') ? amp : undefined;
}

/** Offset of the character that ends just before `at` (a surrogate pair counts as one). */
function lastChar(src: string, at: number): number {
  const low = src.charCodeAt(at - 1);
  return Math.max(0, low >= 0xdc00 && low <= 0xdfff && at >= 2 ? at - 2 : at - 1);
}

function nonSpace(src: string, from: number): number {
  let i = from;
  while (src[i] === ' ' || src[i] === '\t' || src[i] === '\n') i++;
  return i;
}
