/**
 * Reads an XLIFF 2.0 file sent back by a translator (see xliff-types.ts for the layouts).
 * XML is read with saxes by xliff-xml.ts (no DTD, no entities beyond the predefined ones, nothing fetched).
 */
import { AppError, ProblemField, unprocessable } from '../errors';
import {
  MAX_XLIFF_BYTES,
  MAX_XML_DEPTH,
  ParsedXliff,
  ParsedXliffUnit,
  XLIFF_NS,
  XLIFF_VERSIONS,
  XliffExpectation,
  XliffText,
} from './xliff-types';
import { readSectionGroup } from './xliff-group';
import { readSectionUnit } from './xliff-section-unit';
import { core, describe, isBlank, space } from './xliff-unit';
import { attribute, readXml, XmlElement, XmlSyntaxError } from './xliff-xml';

const MAX_PROBLEMS = 50;

const invalid = (fields: ProblemField[]): AppError => {
  const [first] = fields;
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more problem${fields.length > 2 ? 's' : ''})` : '';
  return unprocessable(`Invalid XLIFF file: ${first?.field ?? 'xliff'}: ${first?.message ?? 'invalid'}${more}`, fields);
};
const reject = (field: string, message: string): AppError => invalid([{ field, message }]);
const sameLang = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * Parses and checks `xml` against what the service expects (booklet, languages, section ids).
 * A section is read from a <group id="section"> with the units "section.title" and
 * "section.body" (as exportXliff writes it; a unit may hold several segments and ignorables,
 * joined in order), or from a <unit id="section"> with the segments "title" and "body"; both
 * layouts may appear in one file. Returns the sections in file order; a section's state is the
 * least advanced state of its segments (a missing state attribute means "initial", as in XLIFF),
 * and it has a target when both fields have one. Titles follow xml:space (whitespace collapsed
 * and trimmed unless "preserve"); bodies are always kept verbatim. Notes, elements and attributes
 * in other namespaces (mda:metadata, tool extensions), comments and processing instructions are
 * ignored. Sections of the booklet that are absent from the file are simply not returned.
 *
 * Throws `unprocessable` (422) with a message naming the group or unit (if any) and the reason,
 * and one `fields` entry per problem (`{ field: 'unit about.title', message }`, `group about` or
 * `unit about`; document-level problems use `xml`, `xliff`, `version`, `srcLang`, `trgLang` or
 * `file`). Structural problems of all sections are reported together; XML syntax errors carry the
 * line and column.
 */
export function parseXliff(xml: string, expected: XliffExpectation): ParsedXliff {
  if (xml.length > MAX_XLIFF_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_XLIFF_BYTES) {
    throw reject('xliff', `the file is larger than ${MAX_XLIFF_BYTES / 1024 / 1024} MB`);
  }
  let root: XmlElement;
  let position: (offset: number) => { line: number; column: number };
  try {
    ({ root, position } = readXml(xml, MAX_XML_DEPTH));
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw reject('xml', `not well-formed XML: ${e.message}`);
    throw e;
  }
  const file = checkHeader(root, expected);
  const at = (el: XmlElement): string => `line ${position(el.offset).line}`;

  const problems: ProblemField[] = [];
  const add = (field: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, message });
  };
  const known = new Set(expected.unitIds);
  const seen = new Set<string>();
  const units: ParsedXliffUnit[] = [];
  const sources = new Map<string, XliffText>();
  const fileSpace = space(
    file,
    space(root, 'default', (m) => add('xliff', m)),
    (m) => add('file', m),
  );
  for (const child of file.children) {
    if (problems.length >= MAX_PROBLEMS) break;
    if (isBlank(child) || (child.kind === 'element' && (!core(child) || child.local === 'notes' || child.local === 'skeleton'))) continue;
    if (!core(child) || (child.local !== 'group' && child.local !== 'unit')) {
      add('file', `unexpected ${describe(child)} in <file>${child.kind === 'element' ? ` at ${at(child)}` : ''}`);
      continue;
    }
    // <group id="section"> as exported, or <unit id="section"> with segments "title" and "body".
    const kind = child.local;
    const id = attribute(child, 'id');
    if (id === undefined || id === '') add(kind, `a <${kind}> at ${at(child)} has no id`);
    else if (!known.has(id)) add(`${kind} ${id}`, unknownSection(kind, id, expected.booklet));
    else if (seen.has(id)) add(`${kind} ${id}`, `${kind} "${id}" appears more than once`);
    else {
      seen.add(id);
      const read =
        kind === 'group'
          ? readSectionGroup(child, id, fileSpace, add)
          : readSectionUnit(child, id, fileSpace, (message) => add(`unit ${id}`, message));
      if (read) {
        const { source, ...unit } = read;
        units.push(unit);
        if (source) sources.set(id, source);
      }
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return { units, sources };
}

function unknownSection(kind: 'group' | 'unit', id: string, booklet: string): string {
  const field = /^(.+)\.(title|body)$/.exec(id);
  const hint = kind === 'unit' && field ? ` (a unit "${id}" belongs in <group id="${field[1] ?? ''}">)` : '';
  return `unknown ${kind} "${id}": booklet "${booklet}" has no such section${hint}`;
}

function checkHeader(root: XmlElement, expected: XliffExpectation): XmlElement {
  if (root.local !== 'xliff' || root.ns !== XLIFF_NS) {
    const found = root.ns === '' ? `<${root.qname}> in no namespace` : `<${root.qname}> in namespace ${root.ns}`;
    const hint = root.local === 'xliff' && root.ns.endsWith(':1.2') ? ' (XLIFF 1.2 is not supported: export XLIFF 2.0)' : '';
    throw reject('xliff', `the root element must be <xliff> in namespace ${XLIFF_NS}, found ${found}${hint}`);
  }
  const version = attribute(root, 'version');
  if (version === undefined || !XLIFF_VERSIONS.includes(version)) {
    throw reject('version', `XLIFF version "${version ?? ''}" is not supported (expected 2.0)`);
  }
  for (const [name, want] of [
    ['srcLang', expected.sourceLang],
    ['trgLang', expected.targetLang],
  ] as const) {
    const value = attribute(root, name);
    if (!sameLang(value, want)) throw reject(name, `${name} is "${value ?? ''}" but this file must be for "${want}"`);
  }
  const files = root.children.filter(core);
  const other = root.children.find((c) => !isBlank(c) && !(c.kind === 'element' && (!core(c) || c.local === 'file')));
  if (other) throw reject('xliff', `unexpected ${describe(other)} in <xliff>`);
  const [file] = files;
  if (file === undefined || files.length > 1) throw reject('file', `expected exactly one <file>, found ${files.length}`);
  const id = attribute(file, 'id');
  if (id !== expected.booklet) throw reject('file', `file id "${id ?? ''}" does not match booklet "${expected.booklet}"`);
  return file;
}
