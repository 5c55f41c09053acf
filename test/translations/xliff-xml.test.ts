import { readXml, XML_NS, XmlElement, XmlSyntaxError } from '../../src/translations/xliff-xml';

const read = (xml: string, depth = 12): XmlElement => readXml(xml, depth).root;
const child = (el: XmlElement | undefined, i: number): XmlElement => {
  const node = el?.children.filter((c): c is XmlElement => c.kind === 'element')[i];
  if (!node) throw new Error(`no child element ${i}`);
  return node;
};
const textOf = (el: XmlElement): string => el.children.map((c) => (c.kind === 'text' ? c.text : '')).join('');

function syntaxError(xml: string, depth = 12): XmlSyntaxError {
  try {
    readXml(xml, depth);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return e;
    throw e;
  }
  throw new Error('readXml accepted the input');
}

describe('the safe XML reader', () => {
  it('resolves default and prefixed namespaces, scoped to their element', () => {
    const root = read('<r xmlns="urn:a" xmlns:b="urn:b" b:x="1" y="2"><b:c xml:space="preserve"/><d xmlns=""/><e xmlns="urn:e"/><f/></r>');
    expect([root.ns, root.local]).toEqual(['urn:a', 'r']);
    expect(root.attributes).toEqual([
      { ns: 'urn:b', local: 'x', qname: 'b:x', value: '1' },
      { ns: '', local: 'y', qname: 'y', value: '2' },
    ]);
    const c = child(root, 0);
    expect([c.ns, c.local, c.attributes[0]?.ns]).toEqual(['urn:b', 'c', XML_NS]);
    expect([child(root, 1).ns, child(root, 2).ns, child(root, 3).ns]).toEqual(['', 'urn:e', 'urn:a']);
  });

  it('rejects broken namespace use', () => {
    expect(syntaxError('<p:r/>').reason).toBe('namespace prefix "p" is not declared');
    expect(syntaxError('<r p:x="1"/>').reason).toBe('namespace prefix "p" is not declared');
    expect(syntaxError('<r xmlns:p=""/>').reason).toBe('invalid namespace declaration xmlns:p=""');
    expect(syntaxError('<r xmlns:xml="urn:x"/>').reason).toBe('invalid namespace declaration xmlns:xml="urn:x"');
    expect(syntaxError('<r xmlns:a="urn:x" xmlns:b="urn:x" a:i="1" b:i="2"/>').reason).toBe('duplicate attribute "b:i"');
  });

  it('normalizes line ends in text but keeps CR written as a reference', () => {
    expect(textOf(read('<r>a\r\nb\rc&#13;d&#xD;</r>'))).toBe('a\nb\nc\rd\r');
  });

  it('normalizes literal whitespace in attribute values and keeps references', () => {
    expect(read('<r a="x\ty\r\nz&#10;&#9;&quot;&apos;&lt;&gt;&amp;"/>').attributes[0]?.value).toBe('x y z\n\t"\'<>&');
  });

  it('reads CDATA verbatim and merges text around comments and PIs', () => {
    const root = read('<r>a<![CDATA[<b>&amp;]]]]><!-- c --><?pi x?>d</r>');
    expect(root.children).toEqual([{ kind: 'text', text: 'a<b>&amp;]]d' }]);
  });

  it('expands only predefined entities and valid character references', () => {
    expect(textOf(read('<r>&lt;&#1108;&#x1F600;</r>'))).toBe('<є😀');
    expect(syntaxError('<r>&constructor;</r>').reason).toMatch(/^undefined entity &constructor;/);
    expect(syntaxError('<r>&__proto__;</r>').reason).toMatch(/^undefined entity &__proto__;/);
    expect(syntaxError('<r>&#x110000;</r>').reason).toBe('character reference &#x110000; is not an XML 1.0 character');
    expect(syntaxError('<r>&#xD800;</r>').reason).toBe('character reference &#xD800; is not an XML 1.0 character');
    expect(syntaxError('<r>a & b</r>').reason).toBe('"&" must be written as &amp;');
  });

  it('rejects DOCTYPE anywhere, and markup errors, with line and column in characters', () => {
    expect(syntaxError('<r>\n  <!DOCTYPE r>\n</r>')).toMatchObject({ line: 2, column: 3 });
    expect(syntaxError('<r>😀 ]]> </r>')).toMatchObject({ reason: '"]]>" is not allowed in text', line: 1, column: 6 });
    expect(syntaxError('<r><!-- a -- b --></r>').reason).toBe('"--" is not allowed inside a comment');
    expect(syntaxError('<r/><r/>').reason).toBe('only comments and processing instructions may follow the root element');
    expect(syntaxError('text<r/>').reason).toBe('expected the root element');
    expect(syntaxError('').reason).toBe('no root element');
    expect(syntaxError('<r a="1"b="2"/>').reason).toBe('expected whitespace, ">" or "/>"');
    expect(syntaxError('<r a="<"/>').reason).toBe('"<" is not allowed in an attribute value');
    expect(syntaxError('<?xml version="1.1"?><r/>').reason).toBe('XML version "1.1" is not supported (only 1.0)');
    expect(syntaxError("<?xml version='1.0' encoding='ISO-8859-1'?><r/>").reason).toBe(
      'encoding "ISO-8859-1" is not supported: save the file as UTF-8',
    );
    expect(syntaxError('<r>\nab\u0001</r>')).toMatchObject({ reason: 'character U+0001 is not allowed in XML 1.0', line: 2, column: 3 });
  });

  it('limits nesting depth', () => {
    const nest = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(() => read(nest(12))).not.toThrow();
    expect(syntaxError(nest(13))).toMatchObject({ reason: 'elements are nested deeper than 12 levels', line: 1, column: 37 });
  });

  it('reads large inputs in linear time', () => {
    const many = `<r>${'<a b="1">text without references</a>\n'.repeat(100_000)}${'&amp;'.repeat(100_000)}</r>`;
    const started = Date.now();
    const root = read(many);
    expect(root.children.length).toBe(200_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
