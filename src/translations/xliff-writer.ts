/**
 * Writes one booklet in one target language as an XLIFF 2.0 file (see xliff-types.ts).
 */
import { unprocessable } from '../errors';
import {
  collapseWhitespace,
  describeCodePoint,
  Field,
  FIELDS,
  fieldUnitId,
  findInvalidXmlChar,
  XLIFF_NS,
  XliffDocument,
  XliffText,
  XliffUnit,
} from './xliff-types';

/** Text content: & < > are escaped; CR is written as &#13; so XML line-end normalization cannot change it. */
export const escapeText = (text: string): string =>
  text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));

/** Attribute values: also quotes, and tab/LF/CR as references so attribute normalization keeps them. */
const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
export const escapeAttribute = (value: string): string => value.replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);

/**
 * Builds the XLIFF 2.0 file for `doc`: one <file id="booklet">; per section a <group id="section">
 * holding the units "<section>.title" and "<section>.body", each with the section's notes and one
 * segment carrying the section's state. One unit per field is what CAT tools and converters
 * expect: they treat the segments of a unit as sentences of one text, which they may split or
 * join, and some keep only one target per unit.
 *
 * Every character is kept exactly: nothing is normalized, trimmed or reordered (bidi controls,
 * ZWNJ, leading spaces and line breaks stay as they are). Bodies are always written with
 * xml:space="preserve"; titles get it only when they have whitespace that XLIFF's default
 * whitespace handling could change (parseXliff reads them back accordingly).
 *
 * Characters that XML 1.0 cannot carry (C0 controls other than tab/LF/CR, lone surrogates,
 * U+FFFE, U+FFFF) are rejected, not encoded: a private escape would not survive a CAT tool and
 * such characters have no place in a booklet. Throws `unprocessable` naming the unit and field,
 * also for an invalid or duplicate section id and for a non-initial section without a target.
 */
export function exportXliff(doc: XliffDocument): string {
  checkText('file', 'booklet', doc.booklet);
  checkText('file', 'sourceLang', doc.sourceLang);
  checkText('file', 'targetLang', doc.targetLang);
  const ids = new Set<string>();
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="${XLIFF_NS}" version="2.0" srcLang="${escapeAttribute(doc.sourceLang)}" trgLang="${escapeAttribute(doc.targetLang)}">`,
    `  <file id="${escapeAttribute(doc.booklet)}" canResegment="no">`,
  ];
  for (const unit of doc.units) {
    const where = `unit ${unit.id}`;
    if (unit.id === '') throw unprocessable('A unit id is empty', [{ field: 'unit', message: 'empty id' }]);
    // A "." would make "<section>.<field>" ambiguous; anything outside NMTOKEN is not a valid id.
    if (!SECTION_ID.test(unit.id))
      throw unprocessable(`Unit id "${unit.id}" is not a section id`, [{ field: where, message: 'invalid id' }]);
    if (ids.has(unit.id)) throw unprocessable(`Duplicate unit "${unit.id}"`, [{ field: where, message: 'duplicate id' }]);
    ids.add(unit.id);
    if (unit.state !== 'initial' && unit.target === undefined) {
      throw unprocessable(`Unit "${unit.id}" is ${unit.state} but has no target`, [{ field: where, message: 'target missing' }]);
    }
    out.push(...writeSection(unit));
  }
  out.push('  </file>', '</xliff>', '');
  return out.join('\n');
}

/** Section ids as the service makes them (a-z, 0-9, "-"), which are XML NMTOKENs without ".". */
const SECTION_ID = /^[A-Za-z0-9_-]+$/;

function writeSection(unit: XliffUnit): string[] {
  const where = `unit ${unit.id}`;
  const notes: string[] = [];
  for (const note of unit.notes ?? []) {
    const category = note.category === undefined ? '' : ` category="${escapeAttribute(note.category)}"`;
    if (note.category !== undefined) checkText(where, 'note category', note.category);
    checkText(where, 'note', note.text);
    notes.push(`          <note${category}>${escapeText(note.text)}</note>`);
  }
  const lines = [`    <group id="${escapeAttribute(unit.id)}">`];
  for (const field of FIELDS) {
    const source = element(where, 'source', field, unit.source);
    const target = unit.target === undefined ? '' : element(where, 'target', field, unit.target);
    lines.push(`      <unit id="${escapeAttribute(fieldUnitId(unit.id, field))}">`);
    if (notes.length > 0) lines.push('        <notes>', ...notes, '        </notes>');
    lines.push(`        <segment state="${unit.state}">${source}${target}</segment>`, '      </unit>');
  }
  lines.push('    </group>');
  return lines;
}

function element(where: string, name: 'source' | 'target', field: Field, text: XliffText): string {
  const value = text[field];
  checkText(where, `${name} ${field}`, value);
  const preserve = field === 'body' || collapseWhitespace(value) !== value;
  return `<${name}${preserve ? ' xml:space="preserve"' : ''}>${escapeText(value)}</${name}>`;
}

function checkText(where: string, field: string, value: string): void {
  const bad = findInvalidXmlChar(value);
  if (bad < 0) return;
  const reason = `${field} contains ${describeCodePoint(value, bad)}, which XML 1.0 cannot carry`;
  throw unprocessable(`Cannot export ${where}: ${reason}`, [{ field: where, message: reason }]);
}
