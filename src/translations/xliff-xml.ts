/**
 * Reads XLIFF files into an element tree with saxes, a strict, non-validating XML 1.0 + Namespaces
 * parser, kept safe for uploads:
 * - any <!DOCTYPE> or <!ENTITY> is an error, so no entity can be declared, expanded or fetched
 *   (no XXE, no billion laughs): saxes knows only the five predefined entities and character
 *   references, and never reads anything but the input string;
 * - processing instructions are skipped (never acted upon), comments are dropped;
 * - CDATA sections become text; literal line ends are normalized to LF (XML 1.0 §2.11);
 * - only XML 1.0 in UTF-8 is accepted (the XML declaration says so, if present);
 * - nesting is limited (`maxDepth`), and parsing is linear in the input size.
 * Errors are XmlSyntaxError with the reader's own reasons and positions (xliff-xml-errors.ts).
 * Size limits are the caller's job (see parseXliff).
 */
import { SaxesParser, SaxesTagNS } from 'saxes';
import { describeCodePoint, findInvalidXmlChar } from './xliff-types';
import { DTD_REFUSED, AFTER_ROOT, explain, FailureContext, positionIn, ReadAttribute, syntaxError } from './xliff-xml-errors';

export { XmlSyntaxError } from './xliff-xml-errors';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  /** Namespace URI ('' for unprefixed attributes). */
  ns: string;
  local: string;
  qname: string;
  value: string;
}

export interface XmlElement {
  kind: 'element';
  /** Namespace URI ('' when in no namespace). */
  ns: string;
  local: string;
  qname: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** Offset of the start tag in the (line-end normalized) input; see XmlDocument.position. */
  offset: number;
}

export interface XmlText {
  kind: 'text';
  text: string;
}

export type XmlNode = XmlElement | XmlText;

/** Value of the attribute `local` in namespace `ns`, if present. */
export function attribute(element: XmlElement, local: string, ns = ''): string | undefined {
  return element.attributes.find((a) => a.local === local && a.ns === ns)?.value;
}

export interface XmlDocument {
  root: XmlElement;
  /** 1-based line and column of an element's offset (computed on demand, for messages). */
  position: (offset: number) => { line: number; column: number };
}

interface Open {
  element: XmlElement;
  /** Text and CDATA read since the last child, joined into one text node. */
  text: string[];
}

/** Parses `input`, or throws XmlSyntaxError with line and column. */
export function readXml(input: string, maxDepth: number): XmlDocument {
  const src = (input.startsWith('\uFEFF') ? input.slice(1) : input).replace(/\r\n?/g, '\n');
  const bad = findInvalidXmlChar(src);
  if (bad >= 0) throw syntaxError(src, `character ${describeCodePoint(src, bad)} is not allowed in XML 1.0`, bad);

  const parser = new SaxesParser<{ xmlns: true; position: true }>({ xmlns: true, position: true });
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let mark = 0;
  let tagStart = 0;
  let tagName = '';
  let inStartTag = false;
  let attributes: ReadAttribute[] = [];
  const fail = (reason: string, at: number): never => {
    throw syntaxError(src, reason, at);
  };
  const flush = (open: Open): void => {
    if (open.text.length > 0) open.element.children.push({ kind: 'text', text: open.text.join('') });
    open.text = [];
  };
  const context = (): FailureContext => ({
    src,
    at: parser.position,
    mark,
    tagStart,
    tagName,
    inStartTag,
    attributes,
    open: stack[stack.length - 1]?.element.qname,
    sawRoot: root !== undefined,
    version: parser.xmlDecl.version,
    resolve: (prefix) => parser.resolve(prefix),
  });

  parser.on('error', (e) => {
    const [reason, at] = explain(e.message.replace(/^\d+:\d+: /, ''), context());
    fail(reason, at);
  });
  parser.on('xmldecl', (decl) => {
    if (decl.version !== '1.0') fail(`XML version "${decl.version ?? ''}" is not supported (only 1.0)`, 0);
    if (decl.encoding !== undefined && decl.encoding.toLowerCase() !== 'utf-8') {
      fail(`encoding "${decl.encoding}" is not supported: save the file as UTF-8`, 0);
    }
    mark = parser.position;
  });
  parser.on('doctype', (text) => fail(DTD_REFUSED, parser.position - 1 - text.length - '<!DOCTYPE'.length));
  parser.on('opentagstart', (tag) => {
    // saxes has read "<", the name and the character after it.
    tagStart = Math.max(0, src.lastIndexOf('<', parser.position - 2));
    tagName = tag.name;
    inStartTag = true;
    attributes = [];
    if (root !== undefined && stack.length === 0) fail(AFTER_ROOT, tagStart);
    if (stack.length + 1 > maxDepth) fail(`elements are nested deeper than ${maxDepth} levels`, tagStart);
    mark = parser.position;
  });
  parser.on('attribute', ({ name, prefix, local, value }) => {
    let start = mark;
    while (src[start] === ' ' || src[start] === '\t' || src[start] === '\n') start++;
    attributes.push({ name, prefix, local, value, start });
    mark = parser.position;
  });
  parser.on('opentag', (tag) => {
    const element = toElement(tag, tagStart);
    const parent = stack[stack.length - 1];
    if (parent) {
      flush(parent);
      parent.element.children.push(element);
    }
    root ??= element;
    inStartTag = false;
    stack.push({ element, text: [] });
    mark = parser.position;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) {
      const start = src.lastIndexOf('</', parser.position - 1);
      const name = src.slice(start + 2, parser.position - 1).trimEnd();
      if (name !== tag.name) fail(`end tag </${name}> does not match <${tag.name}>`, start);
    }
    const open = stack.pop();
    if (open) flush(open);
    mark = parser.position;
  });
  // A text event comes when saxes reads the "<" after it. Outside the root element, text may only
  // be white space: saxes reports anything else, which is then placed at its first character.
  parser.on('text', (t) => {
    const open = stack[stack.length - 1];
    if (!open) return;
    open.text.push(t);
    mark = parser.position - 1;
  });
  parser.on('cdata', (t) => {
    stack[stack.length - 1]?.text.push(t);
    mark = parser.position;
  });
  // saxes reports a comment on its closing "--", before the ">".
  parser.on('comment', () => {
    mark = parser.position + 1;
  });
  parser.on('processinginstruction', () => {
    mark = parser.position;
  });

  parser.write(src).close();
  if (root === undefined) return fail('no root element', src.length);
  return { root, position: (offset) => positionIn(src, offset) };
}

function toElement(tag: SaxesTagNS, offset: number): XmlElement {
  const attributes = Object.values(tag.attributes)
    .filter((a) => a.uri !== XMLNS_NS)
    .map((a) => ({ ns: a.uri, local: a.local, qname: a.name, value: a.value }));
  return { kind: 'element', ns: tag.uri, local: tag.local, qname: tag.name, attributes, children: [], offset };
}
