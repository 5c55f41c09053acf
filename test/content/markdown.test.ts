import { parseBody, parseInline, BodySyntaxError } from '../../src/content/markdown';

describe('the booklet Markdown subset', () => {
  it('reads paragraphs, sub-headings, bullet and numbered lists', () => {
    const blocks = parseBody('First line\ncontinues.\n\n## Sub\n\n- one\n- two\n  longer\n\n1. first\n2. second\n\n### Minor');
    expect(blocks).toEqual([
      { type: 'paragraph', spans: [{ text: 'First line continues.', bold: false, italic: false }] },
      { type: 'heading', level: 2, spans: [{ text: 'Sub', bold: false, italic: false }] },
      {
        type: 'list',
        ordered: false,
        items: [[{ text: 'one', bold: false, italic: false }], [{ text: 'two longer', bold: false, italic: false }]],
      },
      {
        type: 'list',
        ordered: true,
        items: [[{ text: 'first', bold: false, italic: false }], [{ text: 'second', bold: false, italic: false }]],
      },
      { type: 'heading', level: 3, spans: [{ text: 'Minor', bold: false, italic: false }] },
    ]);
  });

  it('reads bold, italic, links and escapes', () => {
    expect(parseInline('a **b** *c* [d](https://x.org) \\*e\\*')).toEqual([
      { text: 'a ', bold: false, italic: false },
      { text: 'b', bold: true, italic: false },
      { text: ' ', bold: false, italic: false },
      { text: 'c', bold: false, italic: true },
      { text: ' ', bold: false, italic: false },
      { text: 'd', bold: false, italic: false, href: 'https://x.org' },
      { text: ' *e*', bold: false, italic: false },
    ]);
  });

  it('keeps an unmatched marker as text', () => {
    expect(parseInline('2 * 3 = 6')).toEqual([{ text: '2 * 3 = 6', bold: false, italic: false }]);
  });

  it('never interprets HTML: tags and template syntax stay text', () => {
    const [block] = parseBody('<script>alert(1)</script> {{x}}');
    expect(block).toEqual({ type: 'paragraph', spans: [{ text: '<script>alert(1)</script> {{x}}', bold: false, italic: false }] });
  });

  it('reads a contact block', () => {
    expect(parseBody(':::contact\nname: Ombudsman\nphone: 916\nweb: https://ombudsman.gov.az\n:::')).toEqual([
      { type: 'contact', fields: { name: 'Ombudsman', phone: '916', web: 'https://ombudsman.gov.az' } },
    ]);
  });

  it.each([
    ['a link with a javascript: address', '[x](javascript:alert(1))', /link address/],
    ['an unclosed contact block', ':::contact\nname: A', /not closed/],
    ['a contact block without a name', ':::contact\nphone: 1\n:::', /needs a "name:"/],
    ['an unknown contact field', ':::contact\nname: A\nfax: 1\n:::', /contact field must be one of/],
    ['a section heading inside a body', 'text\n\n# Title', /starts a new section/],
    ['an unknown block', ':::warning\n:::', /unknown block/],
  ])('rejects %s with a message', (_name, body, message) => {
    expect(() => parseBody(body)).toThrow(BodySyntaxError);
    expect(() => parseBody(body)).toThrow(message);
  });
});

describe('links on long lines', () => {
  // The link rule as a regular expression, to compare the parser with on many small texts.
  const byRegex = (text: string): { text: string; href: string } | undefined => {
    const m = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(text);
    return m ? { text: m[1] as string, href: m[2] as string } : undefined;
  };

  it('finds exactly the links the rule "[text](address without spaces)" describes', () => {
    const alphabet = ['[', ']', '(', ')', ' ', 'a', 'b', ':'];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: 3 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const expected = byRegex(text);
      const spans = parseInline(text);
      const first = spans[0];
      if (expected && !/[*\\]/.test(expected.text)) {
        expect([text, first?.href, first?.text]).toEqual([text, expected.href, expected.text]);
      } else if (!expected) {
        expect([text, first?.href]).toEqual([text, undefined]);
      }
    }
  });

  it('reads a line of a hundred thousand brackets in one pass', () => {
    const text = '[^'.repeat(50_000) + '![x]('.repeat(10_000);
    expect(
      parseInline(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(text);
  });
});
