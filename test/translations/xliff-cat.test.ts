import { exportXliff, parseXliff, XliffDocument } from '../../src/translations/xliff';

const EXPECTED = { booklet: 'right-to-information', sourceLang: 'en', targetLang: 'uk', unitIds: ['about', 'contact'] };
const RU = { title: 'Об этой брошюре', body: 'Каждый имеет право.\n\n  - «ёлка» <b> &amp;' };
const exported = (targetLang: string, state: 'translated' | 'final' = 'translated'): string => {
  const doc: XliffDocument = {
    booklet: 'right-to-information',
    sourceLang: 'en',
    targetLang,
    units: [{ id: 'about', source: { title: 'About', body: 'Everyone.' }, target: RU, state }],
  };
  return exportXliff(doc);
};

describe('parseXliff with a typical CAT tool file', () => {
  const catFile = [
    '\uFEFF<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- Exported by ExampleCAT 12.3 -->',
    '<?example-cat build="77"?>',
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0"',
    '       xmlns:cat="http://example.com/cat/1.0" version="2.0" srcLang="en-GB" trgLang="UK" cat:build=\'77\'>',
    '  <file id="right-to-information" original="right-to-information.xlf" canResegment="no">',
    '    <mda:metadata><mda:metaGroup category="project"><mda:meta type="client">Ombudsman</mda:meta></mda:metaGroup></mda:metadata>',
    '    <notes><note category="source-revision">123</note></notes>',
    '    <unit id="about" name="about" translate="yes" cat:locked="false">',
    '      <mda:metadata><mda:metaGroup><mda:meta type="tm-match">100</mda:meta></mda:metaGroup></mda:metadata>',
    '      <notes><note category="outdated" priority="2">true</note></notes>',
    '      <!-- segment title -->',
    '      <segment id="title" state="final" subState="cat:approved" cat:score="98">',
    '        <source>About this booklet</source>',
    '        <target xml:lang="uk">',
    '          Про цю <!-- checked --> брошуру',
    '        </target>',
    '      </segment>',
    '      <segment id="body" state="reviewed">',
    '        <source xml:space="preserve">Everyone…</source>',
    '        <target><![CDATA[Кожен має право <на> інформацію & ]]>більше&#x0A;  рядок &#1108;</target>',
    '      </segment>',
    '    </unit>',
    '  </file>',
    '</xliff>',
    '',
  ].join('\r\n');

  it('ignores comments, PIs, other namespaces and extra attributes; reads CDATA and references; keeps bodies verbatim', () => {
    const parsed = parseXliff(catFile, { ...EXPECTED, sourceLang: 'en-gb' });
    expect(parsed.units).toEqual([
      {
        id: 'about',
        state: 'reviewed',
        target: { title: 'Про цю брошуру', body: 'Кожен має право <на> інформацію & більше\n  рядок є' },
      },
    ]);
  });

  it('accepts the XLIFF namespace under a prefix', () => {
    const xml = exported('ru')
      .replace(/<(\/?)(xliff|file|group|unit|segment|source|target)\b/g, '<$1x:$2')
      .replace('xmlns="urn', 'xmlns:x="urn');
    expect(parseXliff(xml, { ...EXPECTED, targetLang: 'ru' }).units).toEqual([{ id: 'about', state: 'translated', target: RU }]);
  });

  it('gives a unit the least advanced state of its segments', () => {
    const xml = exported('uk', 'final').replace('state="final"', 'state="translated"');
    expect(parseXliff(xml, EXPECTED).units[0]?.state).toBe('translated');
  });
});

describe('parseXliff with a CAT tool file in the group layout', () => {
  const catFile = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:cat="http://example.com/cat/1.0" version="2.1" srcLang="en" trgLang="uk">',
    '  <file id="right-to-information" canResegment="no" cat:project="7">',
    '    <group id="about" name="about" cat:collapsed="true">',
    '      <notes><note>Source: revision 25 of the en text.</note></notes>',
    '      <unit id="about.title" cat:tm="100">',
    '        <notes><note appliesTo="target">checked</note></notes>',
    '        <segment id="1" state="reviewed" subState="cat:ok"><source>About this booklet</source>',
    '          <target>  Про цю',
    '          брошуру </target></segment>',
    '      </unit>',
    '      <unit id="about.body">',
    '        <!-- the tool wrote the body as two segments and kept the space between them -->',
    '        <segment id="1" state="final"><source>Everyone.</source><target><![CDATA[Кожен <має>]]> право.</target></segment>',
    '        <ignorable id="2"><source xml:space="preserve">\n\n</source></ignorable>',
    '        <segment id="3" state="final"><source>Ask.</source><target>Питайте&#x0A;  рядок.</target></segment>',
    '      </unit>',
    '    </group>',
    '  </file>',
    '</xliff>',
    '',
  ].join('\r\n');

  it('reads each field from its unit: titles collapsed, bodies joined verbatim, the least advanced state', () => {
    expect(parseXliff(catFile, EXPECTED).units).toEqual([
      {
        id: 'about',
        state: 'reviewed',
        target: { title: 'Про цю брошуру', body: 'Кожен <має> право.\n\nПитайте\n  рядок.' },
      },
    ]);
  });
});
