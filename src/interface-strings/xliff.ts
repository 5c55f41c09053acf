/**
 * XLIFF 2.0 files of a language's interface strings: one <file id="interface-strings">, one
 * <unit id="<dotted key>"> per string with one segment (English <source>, the language's
 * <target>). Texts are kept exactly (xml:space="preserve"). Written with the booklet writer's
 * escaping, read with its safe XML reader and segment rules (src/translations/xliff-*.ts).
 */
import { AppError, ProblemField, unprocessable } from '../errors';
import { escapeAttribute, escapeText } from '../translations/xliff-writer';
import {
  describeCodePoint,
  findInvalidXmlChar,
  MAX_XLIFF_BYTES,
  MAX_XML_DEPTH,
  XLIFF_NS,
  XLIFF_VERSIONS,
  XliffState,
} from '../translations/xliff-types';
import { core, describe, isBlank, joinField, readSegment, ReadSegment, space } from '../translations/xliff-unit';
import { attribute, readXml, XmlElement, XmlSyntaxError } from '../translations/xliff-xml';
import { DEFAULT_LANGUAGE } from '../i18n/languages';

/** The <file id> of interface-string files (booklet files carry the booklet's slug). */
export const STRINGS_FILE_ID = 'interface-strings';
const MAX_PROBLEMS = 50;

export interface StringUnit {
  key: string;
  english: string;
  /** The language's own text; absent when it has none (state "initial"). */
  target?: string;
  state: XliffState;
  note?: string;
}

/** Writes the file; 422 for a text XML 1.0 cannot carry. */
export function exportStringsXliff(doc: { targetLang: string; units: readonly StringUnit[] }): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<xliff xmlns="${XLIFF_NS}" version="2.0" srcLang="${DEFAULT_LANGUAGE}" trgLang="${escapeAttribute(doc.targetLang)}">`,
    `  <file id="${STRINGS_FILE_ID}">`,
  ];
  for (const u of doc.units) {
    for (const [what, text] of [
      ['source', u.english],
      ['target', u.target ?? ''],
      ['note', u.note ?? ''],
    ] as const) {
      const bad = findInvalidXmlChar(text);
      if (bad >= 0)
        throw unprocessable(
          `Cannot export unit ${u.key}: the ${what} contains ${describeCodePoint(text, bad)}, which XML 1.0 cannot carry`,
          [{ field: `unit ${u.key}`, message: `${what} not exportable` }],
        );
    }
    out.push(`    <unit id="${escapeAttribute(u.key)}">`);
    if (u.note) out.push('      <notes>', `        <note>${escapeText(u.note)}</note>`, '      </notes>');
    const target = u.target === undefined ? '' : `<target xml:space="preserve">${escapeText(u.target)}</target>`;
    out.push(
      `      <segment state="${u.state}"><source xml:space="preserve">${escapeText(u.english)}</source>${target}</segment>`,
      '    </unit>',
    );
  }
  out.push('  </file>', '</xliff>', '');
  return out.join('\n');
}

/** A unit as read: its key and, when it has one, its target text (verbatim). */
export interface ParsedStringUnit {
  key: string;
  target?: string;
  state: XliffState;
}

const invalid = (fields: ProblemField[]): AppError => {
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more problem${fields.length > 2 ? 's' : ''})` : '';
  return unprocessable(
    `Invalid XLIFF file: ${fields[0]?.field ?? 'xliff'}: ${fields[0]?.message ?? 'invalid'}${more}; nothing was imported.`,
    fields,
  );
};

/**
 * Reads a file sent back: the header must name English and `targetLang` and the file
 * "interface-strings"; each unit must be a key of the language, at most once. A unit's segments
 * (and ignorables) are joined in order, verbatim. Every problem of the file is reported together (422).
 */
export function parseStringsXliff(xml: string, expected: { targetLang: string; keys: readonly string[] }): ParsedStringUnit[] {
  if (xml.length > MAX_XLIFF_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_XLIFF_BYTES)
    throw invalid([{ field: 'xliff', message: `the file is larger than ${MAX_XLIFF_BYTES / 1024 / 1024} MB` }]);
  let root: XmlElement;
  let position: (offset: number) => { line: number; column: number };
  try {
    ({ root, position } = readXml(xml, MAX_XML_DEPTH));
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw invalid([{ field: 'xml', message: `not well-formed XML: ${e.message}` }]);
    throw e;
  }
  const problems: ProblemField[] = [];
  const add = (field: string, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, message });
  };
  if (root.local !== 'xliff' || root.ns !== XLIFF_NS)
    throw invalid([{ field: 'xliff', message: `the root element must be <xliff> in namespace ${XLIFF_NS} (XLIFF 2.0)` }]);
  const version = attribute(root, 'version');
  if (version === undefined || !XLIFF_VERSIONS.includes(version))
    throw invalid([{ field: 'version', message: `XLIFF version "${version ?? ''}" is not supported (expected 2.0)` }]);
  for (const [name, want] of [
    ['srcLang', DEFAULT_LANGUAGE],
    ['trgLang', expected.targetLang],
  ] as const) {
    const value = attribute(root, name);
    if (value?.toLowerCase() !== want.toLowerCase())
      throw invalid([{ field: name, message: `${name} is "${value ?? ''}" but this file must be for "${want}"` }]);
  }
  const files = root.children.filter(core);
  const [file] = files;
  if (file === undefined || files.length > 1 || file.local !== 'file')
    throw invalid([{ field: 'file', message: `expected exactly one <file>, found ${files.length}` }]);
  if (attribute(file, 'id') !== STRINGS_FILE_ID) {
    throw invalid([
      {
        field: 'file',
        message: `file id "${attribute(file, 'id') ?? ''}" is not "${STRINGS_FILE_ID}": this is not a file of interface strings`,
      },
    ]);
  }

  const known = new Set(expected.keys);
  const seen = new Set<string>();
  const units: ParsedStringUnit[] = [];
  const fileSpace = space(
    file,
    space(root, 'default', (m) => add('xliff', m)),
    (m) => add('file', m),
  );
  for (const child of file.children) {
    if (isBlank(child) || (child.kind === 'element' && (!core(child) || child.local === 'notes'))) continue;
    if (!core(child) || child.local !== 'unit') {
      add(
        'file',
        `unexpected ${describe(child)} in <file>${child.kind === 'element' ? ` at line ${position(child.offset).line}` : ''} (only <unit>s are read)`,
      );
      continue;
    }
    const key = attribute(child, 'id') ?? '';
    const here = `unit ${key}`;
    if (key === '') add('unit', `a <unit> at line ${position(child.offset).line} has no id`);
    else if (!known.has(key)) add(here, `"${key}" is not an interface string of ${expected.targetLang}`);
    else if (seen.has(key)) add(here, `unit "${key}" appears more than once`);
    else {
      seen.add(key);
      const unitSpace = space(child, fileSpace, (m) => add(here, m));
      const parts: ReadSegment[] = [];
      for (const seg of child.children) {
        if (isBlank(seg) || (seg.kind === 'element' && (!core(seg) || seg.local === 'notes' || seg.local === 'originalData'))) continue;
        if (!core(seg) || (seg.local !== 'segment' && seg.local !== 'ignorable')) {
          add(here, `unexpected ${describe(seg)} in the unit (only <segment> and <ignorable> are used)`);
          continue;
        }
        parts.push(readSegment(seg, `${seg.local} ${parts.length + 1}`, unitSpace, (m) => add(here, m)));
      }
      if (!parts.some((p) => !p.ignorable)) {
        add(here, 'the unit has no <segment>');
        continue;
      }
      const field = joinField(parts, true);
      units.push({ key, state: field.state, ...(field.target !== undefined ? { target: field.target } : {}) });
    }
  }
  if (problems.length > 0) throw invalid(problems);
  return units;
}
