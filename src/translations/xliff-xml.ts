/**
 * A small, strict, non-validating XML 1.0 + Namespaces reader that builds an element tree.
 * It exists so XLIFF import never touches a general-purpose parser with DTD support:
 * - any <!DOCTYPE> or <!ENTITY> is an error, so no entity can be declared, expanded or fetched
 *   (no XXE, no billion laughs); only the five predefined entities and character references expand;
 * - nothing is ever loaded from outside the input string;
 * - processing instructions are skipped (never acted upon), comments are dropped;
 * - CDATA sections become text; literal line ends are normalized to LF (XML 1.0 §2.11);
 * - nesting is limited (`maxDepth`), and parsing is iterative and linear in the input size.
 * Size limits are the caller's job (see parseXliff).
 */
import { Scanner } from './xliff-xml-lexer';

export { XmlSyntaxError } from './xliff-xml-lexer';

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

interface Frame {
  element: XmlElement;
  scope: ReadonlyMap<string, string>;
  text: string[];
}

/** Value of the attribute `local` in namespace `ns`, if present. */
export function attribute(element: XmlElement, local: string, ns = ''): string | undefined {
  return element.attributes.find((a) => a.local === local && a.ns === ns)?.value;
}

export interface XmlDocument {
  root: XmlElement;
  /** 1-based line and column of an element's offset (computed on demand, for messages). */
  position(offset: number): { line: number; column: number };
}

/** Parses `input`, or throws XmlSyntaxError with line and column. */
export function readXml(input: string, maxDepth: number): XmlDocument {
  const s = new Scanner((input.startsWith('\uFEFF') ? input.slice(1) : input).replace(/\r\n?/g, '\n'));
  s.checkCharacters();
  s.xmlDeclaration();
  skipMisc(s);
  if (!s.startsWith('<')) s.fail(s.done ? 'no root element' : 'expected the root element');
  const root = readElement(s, maxDepth);
  skipMisc(s);
  if (!s.done) s.fail('only comments and processing instructions may follow the root element');
  return { root, position: (offset) => s.position(offset) };
}

function skipMisc(s: Scanner): void {
  for (;;) {
    s.skipSpace();
    if (s.startsWith('<!--')) s.comment();
    else if (s.startsWith('<?')) s.processingInstruction();
    else if (s.startsWith('<!')) s.declaration();
    else return;
  }
}

function readElement(s: Scanner, maxDepth: number): XmlElement {
  const stack: Frame[] = [];
  const initialScope: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);
  for (;;) {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      const root = startTag(s, initialScope, 1, maxDepth);
      if (root.empty) return root.frame.element;
      stack.push(root.frame);
      continue;
    }
    if (s.done) s.fail(`unclosed element <${top.element.qname}>`);
    if (s.startsWith('</')) {
      const at = s.pos;
      s.pos += 2;
      const name = s.name('an element name');
      s.skipSpace();
      s.expect('>');
      if (name !== top.element.qname) s.fail(`end tag </${name}> does not match <${top.element.qname}>`, at);
      flushText(top);
      stack.pop();
      if (stack.length === 0) return top.element;
    } else if (s.startsWith('<!--')) s.comment();
    else if (s.startsWith('<![CDATA[')) top.text.push(s.cdata());
    else if (s.startsWith('<?')) s.processingInstruction();
    else if (s.startsWith('<!')) s.declaration();
    else if (s.startsWith('<')) {
      flushText(top);
      const child = startTag(s, top.scope, stack.length + 1, maxDepth);
      top.element.children.push(child.frame.element);
      if (!child.empty) stack.push(child.frame);
    } else if (s.startsWith('&')) top.text.push(s.reference());
    else {
      const run = s.textRun();
      const cdataEnd = run.indexOf(']]>');
      if (cdataEnd >= 0) s.fail('"]]>" is not allowed in text', s.pos - run.length + cdataEnd);
      top.text.push(run);
    }
  }
}

function flushText(frame: Frame): void {
  if (frame.text.length === 0) return;
  const text = frame.text.join('');
  frame.text = [];
  const last = frame.element.children[frame.element.children.length - 1];
  if (last?.kind === 'text') last.text += text;
  else frame.element.children.push({ kind: 'text', text });
}

function startTag(
  s: Scanner,
  parentScope: ReadonlyMap<string, string>,
  depth: number,
  maxDepth: number,
): { frame: Frame; empty: boolean } {
  const at = s.pos;
  if (depth > maxDepth) s.fail(`elements are nested deeper than ${maxDepth} levels`);
  s.pos++;
  const qname = s.name('an element name');
  const raw: { qname: string; value: string; at: number }[] = [];
  const seen = new Set<string>();
  let empty = false;
  for (;;) {
    const spaced = s.skipSpace();
    if (s.startsWith('>')) {
      s.pos++;
      break;
    }
    if (s.startsWith('/>')) {
      s.pos += 2;
      empty = true;
      break;
    }
    if (!spaced) s.fail(s.done ? `unclosed start tag <${qname}>` : 'expected whitespace, ">" or "/>"');
    const attrAt = s.pos;
    const name = s.name('an attribute name');
    if (seen.has(name)) s.fail(`duplicate attribute "${name}"`, attrAt);
    seen.add(name);
    s.skipSpace();
    s.expect('=', `"=" after attribute "${name}"`);
    s.skipSpace();
    raw.push({ qname: name, value: s.attributeValue(), at: attrAt });
  }

  let declared: Map<string, string> | undefined;
  for (const a of raw) {
    const prefix = a.qname === 'xmlns' ? '' : a.qname.startsWith('xmlns:') ? a.qname.slice(6) : undefined;
    if (prefix === undefined) continue;
    const ok =
      prefix === 'xml'
        ? a.value === XML_NS
        : prefix !== 'xmlns' && a.value !== XML_NS && a.value !== XMLNS_NS && (prefix === '' || a.value !== '');
    if (!ok || prefix.includes(':')) s.fail(`invalid namespace declaration ${a.qname}="${a.value}"`, a.at);
    declared ??= new Map(parentScope);
    declared.set(prefix, a.value);
  }
  const scope: ReadonlyMap<string, string> = declared ?? parentScope;

  const split = (name: string, isElement: boolean, pos: number): { ns: string; local: string } => {
    const colon = name.indexOf(':');
    if (colon < 0) return { ns: isElement ? (scope.get('') ?? '') : '', local: name };
    const prefix = name.slice(0, colon);
    const local = name.slice(colon + 1);
    if (prefix === '' || local === '' || local.includes(':')) s.fail(`"${name}" is not a valid qualified name`, pos);
    const ns = scope.get(prefix);
    if (ns === undefined || ns === '') s.fail(`namespace prefix "${prefix}" is not declared`, pos);
    return { ns, local };
  };

  const attributes: XmlAttribute[] = [];
  const expanded = new Set<string>();
  for (const a of raw) {
    if (a.qname === 'xmlns' || a.qname.startsWith('xmlns:')) continue;
    const { ns, local } = split(a.qname, false, a.at);
    const key = `${ns} ${local}`;
    if (expanded.has(key)) s.fail(`duplicate attribute "${a.qname}"`, a.at);
    expanded.add(key);
    attributes.push({ ns, local, qname: a.qname, value: a.value });
  }
  const { ns, local } = split(qname, true, at);
  const element: XmlElement = { kind: 'element', ns, local, qname, attributes, children: [], offset: at };
  return { frame: { element, scope, text: [] }, empty };
}

