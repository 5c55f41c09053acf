import type { Span } from '../content/blocks';
import { runFont } from './bidi';
import { fontScriptOf } from './bidi/script';
import type { FontScript } from './bidi/types';
import type { LayoutDocument, LayoutSection } from './layout/model';
import { fontKeyFor, sharedFont } from './pdf/text/fonts';
import { fontScriptFor } from './pdf/text/text';

/** A character no font of the PDF can draw, with where it occurs. */
export interface MissingCharacter {
  char: string;
  /** "U+1F600" */
  codePoint: string;
  count: number;
  /** Section ids (or "title", "labels") where it occurs. */
  where: string[];
}

// Characters that are never drawn: whitespace, controls, format characters (ZWNJ, ZWJ, bidi marks
// and isolates), variation selectors and tag characters.
const INVISIBLE = /[\s\p{Cc}\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u{E0000}-\u{E007F}]/u;

/**
 * Whether the PDF can show one character (a single code point) in text whose font family is
 * `context`: a character of a script is checked against the family of its script (Vazirmatn for
 * Arabic, Noto Sans Georgian for Georgian, Noto Sans for Latin, Cyrillic and scripts no family
 * lists), neutral characters (digits, punctuation, symbols, emoji) against the font of the
 * surrounding text. Invisible characters (whitespace, ZWNJ/ZWJ, bidi marks, variation
 * selectors) are never drawn, so they always count as shown. The one rule for the whole service:
 * the booklet check, the editor and the save-time content checks all use it.
 */
export function canShowCharacter(char: string, context: FontScript): boolean {
  if (INVISIBLE.test(char)) return true;
  const cp = char.codePointAt(0) as number;
  const script = fontScriptOf(cp) ?? context;
  return sharedFont(fontKeyFor(runFont(script, false, false))).hasGlyphForCodePoint(cp);
}

/**
 * The characters of `text` the PDF cannot show (canShowCharacter), with their index among its code
 * points. A neutral character is checked in the family of the character before it that has one, as
 * the layout draws it (a harakah sits on its Arabic letter, digits follow a Georgian word), or in
 * `context`, the family of the text's language, when none comes before it.
 */
export function unshownCharacters(text: string, context: FontScript): { char: string; index: number }[] {
  const out: { char: string; index: number }[] = [];
  let family = context;
  let index = 0;
  for (const char of text) {
    family = fontScriptOf(char.codePointAt(0) as number) ?? family;
    if (!canShowCharacter(char, family)) out.push({ char, index });
    index++;
  }
  return out;
}

/** "U+1F600" for 😀: how reports name a character. */
export function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The characters of a booklet that the PDF cannot show, checked against the font the renderer uses
 * for each character: the family of its script, and for neutral characters (digits, punctuation,
 * symbols) the font of the surrounding text. Anything those do not cover (emoji, CJK, Tibetan, …)
 * is reported instead of silently drawn as an empty box.
 */
export function missingCharacters(doc: LayoutDocument): MissingCharacter[] {
  const found = new Map<string, MissingCharacter>();
  const docScript = fontScriptFor(doc.script);
  const check = (text: string, context: FontScript, where: string): void => {
    for (const { char } of unshownCharacters(text, context)) {
      const key = char;
      const entry = found.get(key) ?? { char, codePoint: codePointLabel(char), count: 0, where: [] };
      entry.count++;
      if (!entry.where.includes(where)) entry.where.push(where);
      found.set(key, entry);
    }
  };
  check(doc.title, docScript, 'title');
  const labels = doc.labels;
  for (const text of [
    labels.pageOf,
    labels.contents,
    labels.sampleNotice,
    ...Object.values(labels.contact),
    ...Object.values(labels.cover).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))),
    ...Object.values(labels.closing),
    doc.languageName,
    doc.translator ?? '',
  ]) {
    check(text ?? '', docScript, 'labels');
  }
  for (const section of doc.sections) checkSection(section, check);
  return [...found.values()].sort((a, b) => a.codePoint.localeCompare(b.codePoint));
}

function checkSection(section: LayoutSection, check: (text: string, context: FontScript, where: string) => void): void {
  const script = fontScriptFor(section.script);
  const spans = (list: readonly Span[]): void => list.forEach((s) => check(s.text, script, section.id));
  check(section.title, script, section.id);
  if (section.notice) check(section.notice, script, section.id);
  for (const block of section.blocks) {
    if (block.type === 'paragraph' || block.type === 'heading') spans(block.spans);
    else if (block.type === 'list') block.items.forEach(spans);
    else for (const value of Object.values<string | undefined>({ ...block.fields })) check(value ?? '', script, section.id);
  }
}
