/**
 * Shared types and limits of the XLIFF 2.0 exchange with partner translators' CAT tools.
 * One XLIFF file = one booklet and one target language; one <unit> = one section, with exactly
 * two segments: "title" and "body". Section bodies are opaque Markdown text here.
 */

/** The XLIFF 2.0 core namespace (also used by XLIFF 2.1). */
export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';

/** Versions accepted on import. 2.1 keeps the 2.0 core unchanged; export always writes 2.0. */
export const XLIFF_VERSIONS: readonly string[] = ['2.0', '2.1'];

/** Largest accepted input, in UTF-8 bytes. */
export const MAX_XLIFF_BYTES = 5 * 1024 * 1024;

/** Deepest accepted element nesting (xliff > file > unit > segment > target is 5; extensions need a few more). */
export const MAX_XML_DEPTH = 12;

/** Segment states, from least to most advanced (XLIFF 2.0 §4.3.1.28). */
export const XLIFF_STATES = ['initial', 'translated', 'reviewed', 'final'] as const;
export type XliffState = (typeof XLIFF_STATES)[number];

/** The two segments of every unit, in document order. */
export const SEGMENT_IDS = ['title', 'body'] as const;
export type SegmentId = (typeof SEGMENT_IDS)[number];

/** Text of one section: its title and its Markdown body (opaque, never trimmed). */
export interface XliffText {
  title: string;
  body: string;
}

export interface XliffNote {
  /** Free category, e.g. "source-revision" or "outdated". */
  category: string;
  text: string;
}

/** One section of the booklet. */
export interface XliffUnit {
  /** Section id (`a-z`, `0-9`, `-`). */
  id: string;
  source: XliffText;
  /** Current translation, if any. Required unless state is "initial". */
  target?: XliffText;
  state: XliffState;
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
  /** Section ids of the booklet; a unit with another id is rejected. Missing units are allowed. */
  unitIds: readonly string[];
}

export interface ParsedXliffUnit {
  id: string;
  /** Present when both segments carry a <target>. Always present unless state is "initial". */
  target?: XliffText;
  /** The least advanced state of the unit's two segments. */
  state: XliffState;
}

export interface ParsedXliff {
  /** Units in file order. */
  units: ParsedXliffUnit[];
  /** Each unit's source text, which the translator worked from (the title's whitespace collapsed). */
  sources: Map<string, XliffText>;
}

export const isXliffState = (value: string): value is XliffState =>
  (XLIFF_STATES as readonly string[]).includes(value);

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
export const collapseWhitespace = (text: string): string =>
  text.replace(/[ \t\n\r]+/g, ' ').replace(/^ | $/g, '');
