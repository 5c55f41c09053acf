import { exportXliff, parseXliff, XliffDocument, XliffUnit } from '../../src/translations/xliff';
import { sectionUnitsXliff } from '../helpers/xliff-section-units';

const SOURCE = { title: 'About this booklet', body: 'Everyone has the right to information.\n\n- ask\n- receive' };
const BODY_EXTRAS =
  '\n\n  Line starting with spaces, trailing spaces   \n<script>alert(1)</script> {{x}} &amp; a < b > c "q" \'a\'\n\n1. one\n2. two';

/** Per language: a translated title and body (with every tricky character this service must keep). */
const TRANSLATIONS: Record<string, { title: string; body: string }> = {
  uk: { title: 'Про цю брошуру', body: 'Кожен має право… обʼєкт, ґрунт, її, є.' + BODY_EXTRAS },
  az: { title: 'Bu kitabça haqqında', body: 'Hər kəsin məlumat almaq hüququ var: ş, ğ, ı, ç, ö, ü.' + BODY_EXTRAS },
  ru: { title: 'Об этой брошюре', body: 'Каждый имеет право на информацию, «ёлка».' + BODY_EXTRAS },
  ar: { title: 'حول هذا الكتيب', body: 'اتصل بالرقم 916 (مجاناً)\n\u2068+994 12 498 23 77\u2069 **مهم**' + BODY_EXTRAS },
  fa: { title: 'دربارهٔ این کتابچه', body: 'شما می\u200Cتوانید درخواست کنید.\n\u2066https://ombudsman.gov.az\u2069' + BODY_EXTRAS },
};

const unit = (id: string, target: XliffUnit['target'], state: XliffUnit['state'] = 'translated'): XliffUnit => ({
  id,
  source: SOURCE,
  state,
  ...(target ? { target } : {}),
});

const docFor = (targetLang: string, units: XliffUnit[]): XliffDocument => ({
  booklet: 'right-to-information',
  sourceLang: 'en',
  targetLang,
  units,
});

const expectFor = (targetLang: string, unitIds = ['about', 'how-to-ask', 'contact']) => ({
  booklet: 'right-to-information',
  sourceLang: 'en',
  targetLang,
  unitIds,
});

/**
 * Writes three units (translated; final with spaces and line breaks at the ends; not translated)
 * with `write` and reads them back: every target exactly as written, states kept.
 */
function expectEveryTargetBack(write: (doc: XliffDocument) => string, lang: string, target: { title: string; body: string }): void {
  const padded = { title: ` ${target.title}  x `, body: `\n${target.body}\n\n` };
  const units = [unit('about', target, 'translated'), unit('how-to-ask', padded, 'final'), unit('contact', undefined, 'initial')];
  const parsed = parseXliff(write(docFor(lang, units)), expectFor(lang));
  expect(parsed.units).toEqual([
    { id: 'about', state: 'translated', target },
    { id: 'how-to-ask', state: 'final', target: padded },
    { id: 'contact', state: 'initial' },
  ]);
}

describe('XLIFF round trip', () => {
  it.each(Object.entries(TRANSLATIONS))('gives back every %s target exactly', (lang, target) => {
    expectEveryTargetBack(exportXliff, lang, target);
  });

  it('keeps carriage returns, tabs, ZWNJ and bidi isolates as characters', () => {
    const target = { title: 'a\tb', body: 'one\r\ntwo\rthree\t\u200C\u2066\u2067\u2068\u2069\uFEFF' };
    const xml = exportXliff(docFor('fa', [unit('about', target, 'reviewed')]));
    expect(xml).toContain('\u200C\u2066\u2067\u2068\u2069');
    expect(parseXliff(xml, expectFor('fa')).units).toEqual([{ id: 'about', state: 'reviewed', target }]);
  });

  it('keeps an initial unit with a draft target', () => {
    const xml = exportXliff(docFor('uk', [unit('about', { title: 'Чернетка', body: '' }, 'initial')]));
    expect(parseXliff(xml, expectFor('uk')).units).toEqual([{ id: 'about', state: 'initial', target: { title: 'Чернетка', body: '' } }]);
  });
});

describe('exportXliff', () => {
  it('writes the documented XLIFF 2.0 layout: a group per section, a unit per field, escaped text and attributes', () => {
    const xml = exportXliff({
      booklet: 'right-to-information',
      sourceLang: 'en',
      targetLang: 'uk',
      units: [
        {
          id: 'about',
          source: { title: 'A & B', body: '<b>x</b>\n  {{y}} &amp;' },
          target: { title: 'А і Б', body: 'Текст' },
          state: 'translated',
          notes: [{ text: 'Source: revision 123 of the en text.' }, { category: 'say "hi" & <go>', text: 'a<b' }],
        },
        {
          id: 'contact',
          source: { title: 'Contact', body: 'Call.' },
          state: 'initial',
        },
      ],
    });
    const notes = [
      '        <notes>',
      '          <note>Source: revision 123 of the en text.</note>',
      '          <note category="say &quot;hi&quot; &amp; &lt;go&gt;">a&lt;b</note>',
      '        </notes>',
    ];
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="uk">',
        '  <file id="right-to-information" canResegment="no">',
        '    <group id="about">',
        '      <unit id="about.title">',
        ...notes,
        '        <segment state="translated"><source>A &amp; B</source><target>А і Б</target></segment>',
        '      </unit>',
        '      <unit id="about.body">',
        ...notes,
        '        <segment state="translated"><source xml:space="preserve">&lt;b&gt;x&lt;/b&gt;\n  {{y}} &amp;amp;</source><target xml:space="preserve">Текст</target></segment>',
        '      </unit>',
        '    </group>',
        '    <group id="contact">',
        '      <unit id="contact.title">',
        '        <segment state="initial"><source>Contact</source></segment>',
        '      </unit>',
        '      <unit id="contact.body">',
        '        <segment state="initial"><source xml:space="preserve">Call.</source></segment>',
        '      </unit>',
        '    </group>',
        '  </file>',
        '</xliff>',
        '',
      ].join('\n'),
    );
  });

  it('marks a title xml:space="preserve" only when its whitespace matters', () => {
    const xml = exportXliff(docFor('uk', [unit('about', { title: 'two  spaces', body: 'b' })]));
    expect(xml).toContain('<source>About this booklet</source><target xml:space="preserve">two  spaces</target>');
  });

  it('rejects characters XML 1.0 cannot carry, naming the unit', () => {
    const bad = docFor('uk', [unit('about', { title: 'ok', body: 'bell \u0007 here' })]);
    expect(() => exportXliff(bad)).toThrow('Cannot export unit about: target body contains U+0007, which XML 1.0 cannot carry');
    const lone = docFor('uk', [unit('contact', { title: '\uD800', body: '' })]);
    expect(() => exportXliff(lone)).toThrow(/unit contact: target title contains U\+D800/);
  });

  it('rejects a translated unit without target, duplicate ids and ids that would make unit ids ambiguous', () => {
    expect(() => exportXliff(docFor('uk', [unit('about', undefined, 'final')]))).toThrow('Unit "about" is final but has no target');
    const t = { title: 't', body: 'b' };
    expect(() => exportXliff(docFor('uk', [unit('about', t), unit('about', t)]))).toThrow('Duplicate unit "about"');
    expect(() => exportXliff(docFor('uk', [unit('about.title', t)]))).toThrow('Unit id "about.title" is not a section id');
  });
});

describe('files in the one-unit-per-section layout (segments "title" and "body")', () => {
  it('the fixture is that layout, byte for byte as it was exported', () => {
    const xml = sectionUnitsXliff({
      booklet: 'right-to-information',
      sourceLang: 'en',
      targetLang: 'uk',
      units: [
        {
          id: 'about',
          source: { title: 'A & B', body: '<b>x</b>\n  {{y}} &amp;' },
          target: { title: 'А і Б', body: 'Текст' },
          state: 'translated',
          notes: [
            { category: 'source-revision', text: '123' },
            { category: 'say "hi" & <go>', text: 'a<b' },
          ],
        },
      ],
    });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="uk">',
        '  <file id="right-to-information" canResegment="no">',
        '    <unit id="about">',
        '      <notes>',
        '        <note category="source-revision">123</note>',
        '        <note category="say &quot;hi&quot; &amp; &lt;go&gt;">a&lt;b</note>',
        '      </notes>',
        '      <segment id="title" state="translated"><source>A &amp; B</source><target>А і Б</target></segment>',
        '      <segment id="body" state="translated"><source xml:space="preserve">&lt;b&gt;x&lt;/b&gt;\n  {{y}} &amp;amp;</source><target xml:space="preserve">Текст</target></segment>',
        '    </unit>',
        '  </file>',
        '</xliff>',
        '',
      ].join('\n'),
    );
  });

  it.each(Object.entries(TRANSLATIONS))('are read with every %s target exactly', (lang, target) => {
    expectEveryTargetBack(sectionUnitsXliff, lang, target);
  });

  it('may be mixed with groups in one file', () => {
    const t = { title: 'Т', body: 'Б' };
    const groups = exportXliff(docFor('uk', [unit('about', t)]));
    const old = sectionUnitsXliff(docFor('uk', [unit('contact', t, 'reviewed')]));
    const unitLines = old.slice(old.indexOf('    <unit'), old.indexOf('  </file>'));
    const mixed = groups.replace('  </file>', `${unitLines}  </file>`);
    expect(parseXliff(mixed, expectFor('uk')).units).toEqual([
      { id: 'about', state: 'translated', target: t },
      { id: 'contact', state: 'reviewed', target: t },
    ]);
  });
});

describe('a field split into several segments by a tool', () => {
  const split = (title: string, body: string): string =>
    exportXliff(docFor('uk', [unit('about', { title: 'x', body: 'x' }, 'reviewed')]))
      .replace(/<segment state="reviewed"><source>About this booklet<\/source><target>x<\/target><\/segment>/, title)
      .replace(
        /<segment state="reviewed"><source xml:space="preserve">[^<]*<\/source><target xml:space="preserve">x<\/target><\/segment>/,
        body,
      );

  it('is the text of its segments and ignorables joined in order; the least advanced state counts', () => {
    const xml = split(
      '<segment id="1" state="final"><source>About this</source><target>Про цю</target></segment>\n<ignorable><source> </source></ignorable>\n<segment id="2" state="translated"><source>booklet</source><target>брошуру</target></segment>',
      '<segment state="final"><source xml:space="preserve">Everyone has the right to information.</source><target xml:space="preserve">Кожен має право.</target></segment><ignorable><source xml:space="preserve">\n\n</source></ignorable>' +
        '<segment state="final"><source xml:space="preserve">- ask\n- receive</source><target xml:space="preserve">- питати\n- отримувати</target></segment>',
    );
    expect(parseXliff(xml, expectFor('uk')).units).toEqual([
      { id: 'about', state: 'translated', target: { title: 'Про цю брошуру', body: 'Кожен має право.\n\n- питати\n- отримувати' } },
    ]);
  });

  it('has no target while one of its segments has none', () => {
    const xml = split(
      '<segment><source>About this</source><target>Про цю</target></segment><segment><source> booklet</source></segment>',
      '<segment><source xml:space="preserve">Everyone has the right to information.\n\n- ask\n- receive</source><target xml:space="preserve">Б</target></segment>',
    );
    expect(parseXliff(xml, expectFor('uk')).units).toEqual([{ id: 'about', state: 'initial' }]);
  });
});
