import { AppError } from '../../src/errors';
import { exportXliff, parseXliff, XliffDocument } from '../../src/translations/xliff';
import { sectionUnitsXliff } from '../helpers/xliff-section-units';

const EXPECTED = { booklet: 'right-to-information', sourceLang: 'en', targetLang: 'uk', unitIds: ['about', 'contact'] };
const text = { title: 'Про цю брошуру', body: 'Кожен має право.' };
const DOC: XliffDocument = {
  booklet: 'right-to-information',
  sourceLang: 'en',
  targetLang: 'uk',
  units: [
    { id: 'about', source: { title: 'About', body: 'Everyone.' }, target: text, state: 'translated' },
    { id: 'contact', source: { title: 'Contact', body: 'Call.' }, target: text, state: 'final' },
  ],
};
/** One <unit> per section with segments "title" and "body" (the layout partners may still hold). */
const VALID = sectionUnitsXliff(DOC);
/** A <group> per section with a unit per field, as exported now. */
const GROUPS = exportXliff(DOC);
const TARGET = '<target>Про цю брошуру</target>';
const BODY_TARGET = '<target xml:space="preserve">Кожен має право.</target>';

function rejection(xml: string): AppError {
  try {
    parseXliff(xml, EXPECTED);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('parseXliff accepted the file');
}

/** Expects a 422 "Invalid XLIFF file: <field>: <reason>". */
function expectRejected(xml: string, field: string, reason: string | RegExp): AppError {
  const e = rejection(xml);
  expect(e.status).toBe(422);
  expect(e.code).toBe('unprocessable-content');
  expect(e.fields[0]?.field).toBe(field);
  if (typeof reason === 'string') expect(e.message).toBe(`Invalid XLIFF file: ${field}: ${reason}`);
  else expect(e.message).toMatch(reason);
  return e;
}

describe('parseXliff rejects unsafe XML', () => {
  it('rejects billion laughs without expanding anything', () => {
    const lol = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(` <!ENTITY lol${i} "${`&lol${i - 1 || ''};`.repeat(10)}">`);
    lol.push(']>', '<xliff>&lol9;</xliff>');
    const started = Date.now();
    expectRejected(
      lol.join('\n'),
      'xml',
      /^Invalid XLIFF file: xml: not well-formed XML: line 2, column 1: DOCTYPE and ENTITY declarations are not allowed/,
    );
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('rejects an external entity and never reads it', () => {
    const xxe = VALID.replace('<xliff', '<!DOCTYPE xliff [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<xliff').replace(
      TARGET,
      '<target>&x;</target>',
    );
    const e = expectRejected(
      xxe,
      'xml',
      /line 2, column 1: DOCTYPE and ENTITY declarations are not allowed \(no DTD, entity expansion or external reference is processed\)/,
    );
    expect(JSON.stringify(e)).not.toMatch(/root:/);
  });

  it('rejects undeclared entities and ENTITY declarations inside the document', () => {
    expectRejected(
      VALID.replace(TARGET, '<target>&x;</target>'),
      'xml',
      /undefined entity &x; \(only &amp; &lt; &gt; &quot; &apos; and character references are allowed\)/,
    );
    expectRejected(
      VALID.replace('<file', '<!ENTITY x SYSTEM "http://evil.example/">\n<file'),
      'xml',
      /DOCTYPE and ENTITY declarations are not allowed/,
    );
  });

  it('rejects malformed XML with line and column', () => {
    expectRejected(
      VALID.replace('</source><target>Про', '</target><target>Про'),
      'xml',
      'not well-formed XML: line 5, column 59: end tag </target> does not match <source>',
    );
    expectRejected(VALID.replace('Кожен має', 'Кожен & має'), 'xml', /line 6, column 127: "&" must be written as &amp;/);
    expectRejected(VALID.slice(0, VALID.indexOf('</file>')), 'xml', /unclosed element <file>/);
    expectRejected(VALID.replace('<unit id="about">', '<unit id="about" id="x">'), 'xml', /duplicate attribute "id"/);
    expectRejected(VALID.replace('<file', '<?xml version="1.0"?><file'), 'xml', /XML declaration is only allowed at the very start/);
    expectRejected(VALID.replace('Кожен', 'Ко&#0;жен'), 'xml', /character reference &#0; is not an XML 1.0 character/);
    expectRejected(VALID.replace('<segment id="body"', '<x:notes/><segment id="body"'), 'xml', /namespace prefix "x" is not declared/);
  });

  it('rejects inputs over 5 MB and deep nesting', () => {
    const big = VALID.replace('Кожен', 'x'.repeat(5 * 1024 * 1024));
    expectRejected(big, 'xliff', 'the file is larger than 5 MB');
    const deep = VALID.replace('<segment id="title"', '<a xmlns="urn:x">'.repeat(20) + '</a>'.repeat(20) + '<segment id="title"');
    expectRejected(deep, 'xml', /elements are nested deeper than 12 levels/);
  });
});

describe('parseXliff rejects files for something else', () => {
  it('rejects a wrong root, namespace or version', () => {
    expectRejected(
      '<html><body/></html>',
      'xliff',
      /root element must be <xliff> in namespace urn:oasis:names:tc:xliff:document:2.0, found <html> in no namespace/,
    );
    expectRejected(VALID.replace('document:2.0', 'document:1.2'), 'xliff', /XLIFF 1\.2 is not supported/);
    expectRejected(VALID.replace('version="2.0"', 'version="3.0"'), 'version', 'XLIFF version "3.0" is not supported (expected 2.0)');
  });

  it('rejects a wrong trgLang, srcLang or booklet', () => {
    expectRejected(VALID.replace('trgLang="uk"', 'trgLang="ru"'), 'trgLang', 'trgLang is "ru" but this file must be for "uk"');
    expectRejected(VALID.replace('srcLang="en"', 'srcLang="az"'), 'srcLang', 'srcLang is "az" but this file must be for "en"');
    expectRejected(
      VALID.replace('id="right-to-information"', 'id="other"'),
      'file',
      'file id "other" does not match booklet "right-to-information"',
    );
    expectRejected(VALID.replace('</file>', '</file><file id="right-to-information"/>'), 'file', 'expected exactly one <file>, found 2');
  });
});

describe('parseXliff rejects bad units, naming them', () => {
  it('rejects an unknown unit', () => {
    expectRejected(
      VALID.replace('<unit id="contact">', '<unit id="intro">'),
      'unit intro',
      'unknown unit "intro": booklet "right-to-information" has no such section',
    );
  });

  it('rejects a duplicate unit', () => {
    expectRejected(VALID.replace('<unit id="contact">', '<unit id="about">'), 'unit about', 'unit "about" appears more than once');
  });

  it('rejects a missing target where the state needs one', () => {
    expectRejected(VALID.replace(BODY_TARGET, ''), 'unit about', 'segment "body" is translated but has no <target>');
    expectRejected(VALID.replace(TARGET, '<target/>'), 'unit about', 'segment "title" is translated but its <target> is empty');
  });

  it('rejects an invalid state', () => {
    expectRejected(
      VALID.replace('state="final"', 'state="done"'),
      'unit contact',
      'segment "title" has an invalid state "done" (expected initial, translated, reviewed, final)',
    );
  });

  it.each([
    ['<ph id="1"/>', 'ph'],
    ['<pc id="1">брошуру</pc>', 'pc'],
    ['<mrk id="m1" translate="no">брошуру</mrk>', 'mrk'],
  ])('rejects the inline element %s', (inline, name) => {
    expectRejected(
      VALID.replace(TARGET, `<target>Про ${inline}</target>`),
      'unit about',
      `inline element <${name}> in the target of segment "title" is not supported: the text must be plain (no tags, placeholders or markers)`,
    );
  });

  it('rejects a unit without its title/body segments, split segments and groups', () => {
    const noBody = VALID.replace(/<segment id="body"[^\n]*\n/, '');
    expectRejected(noBody, 'unit about', 'segment "body" is missing');
    expectRejected(
      VALID.replace('<segment id="title"', '<segment id="s1"'),
      'unit about',
      /unexpected segment "s1" \(expected "title" and "body"; do not split or join segments\)/,
    );
    expectRejected(
      VALID.replace('<unit id="about">', '<group id="g"><unit id="about">').replace('</unit>', '</unit></group>'),
      'group g',
      'unknown group "g": booklet "right-to-information" has no such section',
    );
  });

  it('reports the problems of all units together', () => {
    const e = rejection(VALID.replace(/<target[^>]*>[^<]*<\/target>/g, ''));
    expect(e.message).toBe('Invalid XLIFF file: unit about: segment "title" is translated but has no <target> (and 3 more problems)');
    expect(e.fields.map((f) => f.field)).toEqual(['unit about', 'unit about', 'unit contact', 'unit contact']);
  });
});

describe('parseXliff rejects bad groups and field units, naming them', () => {
  it('rejects an unknown or duplicate section, also across the two layouts', () => {
    expectRejected(
      GROUPS.replace('<group id="contact">', '<group id="intro">'),
      'group intro',
      'unknown group "intro": booklet "right-to-information" has no such section',
    );
    expectRejected(GROUPS.replace('<group id="contact">', '<group id="about">'), 'group about', 'group "about" appears more than once');
    const both = GROUPS.replace(
      '  </file>',
      VALID.slice(VALID.indexOf('    <unit id="about">'), VALID.indexOf('    <unit id="contact">')) + '  </file>',
    );
    expectRejected(both, 'unit about', 'unit "about" appears more than once');
  });

  it('points a field unit found outside its group to the group', () => {
    const flat = GROUPS.replace(/ *<\/?group[^>]*>\n/g, '');
    const e = expectRejected(
      flat,
      'unit about.title',
      /^Invalid XLIFF file: unit about\.title: unknown unit "about\.title": booklet "right-to-information" has no such section \(a unit "about\.title" belongs in <group id="about">\) \(and 3 more problems\)$/,
    );
    expect(e.fields.map((f) => f.field)).toEqual(['unit about.title', 'unit about.body', 'unit contact.title', 'unit contact.body']);
  });

  it('rejects a missing, duplicate or foreign unit in a group and a nested group', () => {
    expectRejected(GROUPS.replace(/ *<unit id="about.body">[\s\S]*?<\/unit>\n/, ''), 'group about', 'unit "about.body" is missing');
    const twice = expectRejected(
      GROUPS.replace('<unit id="about.body">', '<unit id="about.title">'),
      'unit about.title',
      /unit "about\.title" appears more than once \(and 1 more problem\)$/,
    );
    expect(twice.fields[1]).toEqual({ field: 'group about', message: 'unit "about.body" is missing' });
    const foreign = expectRejected(
      GROUPS.replace('<unit id="about.body">', '<unit id="contact.body">'),
      'group about',
      /unexpected unit "contact\.body" in the group \(expected "about\.title" and "about\.body"\) \(and 1 more problem\)$/,
    );
    expect(foreign.fields[1]).toEqual({ field: 'group about', message: 'unit "about.body" is missing' });
    expectRejected(
      GROUPS.replace('<unit id="about.body">', '<group id="x"/><unit id="about.body">'),
      'group about',
      'unexpected nested <group> in the group (only the units "about.title" and "about.body" are used)',
    );
  });

  it('rejects a unit without segment, a missing or empty target where the state needs one, an invalid state and inline elements', () => {
    expectRejected(GROUPS.replace(/(<unit id="about.title">\n)\s*<segment[^\n]*\n/, '$1'), 'unit about.title', 'the unit has no <segment>');
    expectRejected(
      GROUPS.replace('<target>Про цю брошуру</target>', ''),
      'unit about.title',
      'segment 1 is translated but has no <target>',
    );
    expectRejected(
      GROUPS.replace('<target xml:space="preserve">Кожен має право.</target>', '<target xml:space="preserve"></target>'),
      'unit about.body',
      'segment 1 is translated but its <target> is empty',
    );
    expectRejected(
      GROUPS.replace('<segment state="final">', '<segment id="s1" state="done">'),
      'unit contact.title',
      'segment "s1" has an invalid state "done" (expected initial, translated, reviewed, final)',
    );
    expectRejected(
      GROUPS.replace('<target>Про цю брошуру</target>', '<target>Про <ph id="1"/></target>'),
      'unit about.title',
      'inline element <ph> in the target of segment 1 is not supported: the text must be plain (no tags, placeholders or markers)',
    );
    expectRejected(
      GROUPS.replace('<target>Про цю брошуру</target>', '<target order="2">Про цю брошуру</target>'),
      'unit about.title',
      'segment 1 has a <target order>: reordered segments are not supported',
    );
  });

  it('reports the problems of all groups together', () => {
    const e = rejection(GROUPS.replace(/<target[^>]*>[^<]*<\/target>/g, ''));
    expect(e.message).toBe('Invalid XLIFF file: unit about.title: segment 1 is translated but has no <target> (and 3 more problems)');
    expect(e.fields.map((f) => f.field)).toEqual(['unit about.title', 'unit about.body', 'unit contact.title', 'unit contact.body']);
  });
});
