/**
 * Fixture: an XLIFF 2.0 file in the layout partners may still hold, byte for byte as this service
 * used to export it: one <unit id="<section>"> per section directly in <file>, segments "title"
 * and "body", state in the segments and the source revision in categorized notes. Import must
 * keep reading it (test/translations/xliff.test.ts pins the exact bytes).
 */
import type { XliffDocument } from '../../src/translations/xliff';

const text = (s: string): string => s.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
const attr = (s: string): string =>
  text(s).replace(/["'\t\n]/g, (c) => ({ '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;' })[c] ?? c);
const collapse = (s: string): string => s.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');

export function sectionUnitsXliff(doc: XliffDocument): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="${attr(doc.sourceLang)}" trgLang="${attr(doc.targetLang)}">`,
    `  <file id="${attr(doc.booklet)}" canResegment="no">`,
  ];
  for (const unit of doc.units) {
    out.push(`    <unit id="${attr(unit.id)}">`);
    if (unit.notes !== undefined && unit.notes.length > 0) {
      out.push('      <notes>');
      for (const note of unit.notes) out.push(`        <note category="${attr(note.category ?? '')}">${text(note.text)}</note>`);
      out.push('      </notes>');
    }
    for (const segment of ['title', 'body'] as const) {
      const element = (name: 'source' | 'target', value: string): string => {
        const preserve = segment === 'body' || collapse(value) !== value;
        return `<${name}${preserve ? ' xml:space="preserve"' : ''}>${text(value)}</${name}>`;
      };
      const target = unit.target === undefined ? '' : element('target', unit.target[segment]);
      out.push(`      <segment id="${segment}" state="${unit.state}">${element('source', unit.source[segment])}${target}</segment>`);
    }
    out.push('    </unit>');
  }
  out.push('  </file>', '</xliff>', '');
  return out.join('\n');
}
