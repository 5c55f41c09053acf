/**
 * Shared types and limits of the XLIFF 2.0 exchange with partner translators' CAT tools.
 * One XLIFF file = one booklet and one target language (<file id> is the booklet's slug);
 * one <group id="<section>"> per section, holding one <unit> per translatable field:
 * "<section>.title" and "<section>.body", each with one segment. Section ids never contain ".",
 * so a unit id names its section and field unambiguously. Section bodies are opaque Markdown here.
 *
 * Import also reads files with one <unit id="<section>"> per section whose two segments are the
 * fields (segment ids "title" and "body"): the layout partners may still have files in.
 */

/** The XLIFF 2.0 core namespace (also used by XLIFF 2.1). */
export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

/** Versions accepted on import. 2.1 keeps the 2.0 core unchanged; export always writes 2.0. */
export const XLIFF_VERSIONS: readonly string[] = ['2.0', '2.1'];

/** Largest accepted input, in UTF-8 bytes. */
export const MAX_XLIFF_BYTES = 5 * 1024 * 1024;

/** Deepest accepted element nesting (xliff > file > group > unit > segment > target is 6; extensions need a few more). */
export const MAX_XML_DEPTH = 12;

/** Segment states, from least to most advanced (XLIFF 2.0 §4.3.1.28). */
export const XLIFF_STATES = ['initial', 'translated', 'reviewed', 'final'] as const;
export type XliffState = (typeof XLIFF_STATES)[number];

/** The translatable fields of a section, in document order. */
export const FIELDS = ['title', 'body'] as const;
export type Field = (typeof FIELDS)[number];

/** The id of the unit that holds one field of a section: "<section>.<field>" (an XML NMTOKEN). */
export const fieldUnitId = (sectionId: string, field: Field): string => `${sectionId}.${field}`;

/** Text of one section: its title and its Markdown body (opaque, never trimmed). */
export interface XliffText {
  title: string;
  body: string;
}

/** Information for the translator. Import never reads notes: tools may drop or rewrite them. */
export interface XliffNote {
  text: string;
  /** Optional XLIFF note category. */
  category?: string;
}

/** One section of the booklet (written as a <group> with a title unit and a body unit). */
export interface XliffUnit {
  /** Section id (`a-z`, `0-9`, `-`). */
  id: string;
  source: XliffText;
  /** Current translation, if any. Required unless state is "initial". */
  target?: XliffText;
  /** Written as the state of both fields' segments. */
  state: XliffState;
  /** Written in both fields' units. */
  notes?: XliffNote[];
}

/** Everything needed to write one XLIFF file. */
export interface XliffDocument {
  /** Booklet slug, written as <file id>. */
  booklet: string;
  sourceLang: string;
  targetLang: string;
  units: XliffUnit[];
}

/** What an imported file must be about; anything else is rejected. */
export interface XliffExpectation {
  booklet: string;
  sourceLang: string;
  targetLang: string;
  /** Section ids of the booklet; a section with another id is rejected. Missing sections are allowed. */
  unitIds: readonly string[];
}

/** One section as read from a file. */
export interface ParsedXliffUnit {
  /** Section id. */
  id: string;
  /** Present when both fields carry a <target>. Always present unless state is "initial". */
  target?: XliffText;
  /** The least advanced state of the section's segments. */
  state: XliffState;
}

export interface ParsedXliff {
  /** Sections in file order. */
  units: ParsedXliffUnit[];
  /** Each section's source text, which the translator worked from (the title's whitespace collapsed). */
  sources: Map<string, XliffText>;
}

export const isXliffState = (value: string): value is XliffState => (XLIFF_STATES as readonly string[]).includes(value);

/**
 * Index of the first character not allowed in an XML 1.0 document (Char production: tab, LF, CR,
 * U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF; so no other C0 controls, no lone surrogates,
 * no U+FFFE/U+FFFF), or -1 if there is none.
 */
export function findInvalidXmlChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c < 0xd800) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xe000 && c <= 0xfffd) continue;
    return i;
  }
  return -1;
}

/** "U+0007" for the code point (or lone surrogate) at index. */
export function describeCodePoint(text: string, index: number): string {
  const cp = text.codePointAt(index) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whitespace handling of xml:space="default" for titles: runs of XML whitespace become one space, ends trimmed. */
export const collapseWhitespace = (text: string): string => text.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
