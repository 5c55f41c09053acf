import { ALM, bidiClass, drawTextFor, LineRun, LRM, mirrorChar, RLM } from '../../bidi';
import { pdfiumPageOrder, pdfiumReading, pdfiumRtlShortfall } from './pdfium-order';
import type { TextLine } from '../text/text';

/*
 * What a line of right-to-left text carries so that each family of readers gets its text back:
 * poppler (Evince, Okular, pdftotext), PDFium (Chrome, Edge, Android) and pdf.js (Firefox). The
 * measured facts behind it are in docs/pdf-text-extraction.md; in short:
 *
 * - pdf.js keeps the order of the file and reverses each piece of right-to-left text: runs are
 *   written in logical order, each run's glyphs left to right (text/text.ts).
 * - poppler sorts a line left to right and then reverses it its own way: from the right end, a
 *   digit, Latin letter or number punctuation (. , : % …) starts a left-to-right section that
 *   takes every following character up to the next right-to-left letter, spaces included, in page
 *   order. So "916 رایگان" comes back "916رایگان", "است. این" comes back "است .این". An invisible
 *   right-to-left mark (U+200F) right after such a sequence ends the section there, and the space
 *   stays where it belongs. Nothing on the page moves: the mark is a glyph without advance.
 * - pdf.js drops a space at either end of a piece of text it reads between two moves of the pen
 *   back, which is where a right-to-left run ends or starts next to another run: "يحدد *قانون*"
 *   comes back "يحددقانون". Such a space stands for an Arabic letter mark (U+061C, invisible) and
 *   the space, a text pdf.js keeps (text/shaping.ts).
 * - In a left-to-right line, poppler reverses a right-to-left phrase together with the spaces and
 *   punctuation after it, up to the next Latin letter or digit: "قانون (in Arabic)" comes back
 *   "( قانونin Arabic)". A left-to-right mark (U+200E) right after the phrase ends it there.
 * - PDFium sorts a line left to right and reorders it by segments of one direction, which
 *   reverses the order of the words of a Latin phrase and the parts of an e-mail address inside
 *   right-to-left text. Where its reading differs from the text, runs carry replacement text for
 *   PDFium alone (pdfium-order.ts).
 */

/** A line as drawn for text extraction: per run in logical order, the text to draw and PDFium's replacement. */
export interface LineExtraction {
  /** Each run's text with the marks added for extraction (unmirrored, characters in logical order). */
  texts: readonly string[];
  /** The string each run hands to the shaper (the run's drawText, with the marks). */
  drawTexts: readonly string[];
  /** Text PDFium reads instead of each run's glyphs; undefined where it reads the glyphs right. */
  pdfium: readonly (string | undefined)[];
}

const memo = new WeakMap<TextLine, Map<boolean, LineExtraction>>();

/**
 * How a line is drawn for text extraction. `rtlPageOrder`: the document asks viewers for
 * right-to-left page order, which makes PDFium read every line as right to left. Memoized per
 * line (layouts are memoized too).
 */
export function lineExtraction(tl: TextLine, rtlPageOrder: boolean): LineExtraction {
  let byOrder = memo.get(tl);
  let found = byOrder?.get(rtlPageOrder);
  if (found) return found;
  const texts = tl.dir === 'rtl' ? withSectionEnds(tl.logical) : withPhraseEnds(tl.logical);
  if (tl.reordered) keepRunEndSpaces(tl.logical, texts);
  if (tl.dir === 'rtl' && !rtlPageOrder) padRightToLeft(tl.logical, texts);
  found = {
    texts,
    drawTexts: tl.logical.map((r, k) => (texts[k] === r.text ? r.drawText : drawTextFor(mirrored(texts[k] as string, r.level), r.level))),
    pdfium: pdfiumTexts(tl, texts, rtlPageOrder),
  };
  if (!byOrder) {
    byOrder = new Map();
    memo.set(tl, byOrder);
  }
  byOrder.set(rtlPageOrder, found);
  return found;
}

/** The run's text with brackets mirrored, as the bidi layer draws a right-to-left run. */
function mirrored(text: string, level: number): string {
  if ((level & 1) === 0) return text;
  let out = '';
  for (const c of text) out += mirrorChar(c);
  return out;
}

const NUMBER_TYPES = new Set(['EN', 'AN', 'ES', 'ET', 'CS']);

/** Characters poppler takes as right to left (its unicodeTypeR). */
function popplerRtl(char: string): boolean {
  const t = bidiClass(char);
  return t === 'R' || t === 'AL';
}

/**
 * The texts of the runs (logical order) with a right-to-left mark after every sequence that
 * poppler reads as a left-to-right section, where a character follows that would join it: a
 * left-to-right run (a number, a Latin phrase) or number punctuation in right-to-left text,
 * followed by a space, a bracket or other neutral character, or by the other kind.
 */
function withSectionEnds(runs: readonly LineRun[]): string[] {
  const chars: { run: number; offset: number; char: string; section: boolean }[] = [];
  runs.forEach((r, k) => {
    let offset = 0;
    for (const char of r.text) {
      const section = (r.level & 1) === 0 || NUMBER_TYPES.has(bidiClass(char));
      chars.push({ run: k, offset, char, section });
      offset += char.length;
    }
  });
  const inserts = runs.map(() => [] as number[]);
  const odd = (run: number): boolean => ((runs[run] as LineRun).level & 1) === 1;
  for (let i = 0; i + 1 < chars.length; i++) {
    const here = chars[i] as (typeof chars)[number];
    const next = chars[i + 1] as (typeof chars)[number];
    const ends = here.section && !popplerRtl(next.char) && (!next.section || odd(here.run) !== odd(next.run));
    if (!ends) continue;
    // The mark is right to left: it goes into a right-to-left run, which places it between the two.
    if (odd(here.run)) (inserts[here.run] as number[]).push(here.offset + here.char.length);
    else if (odd(next.run)) (inserts[next.run] as number[]).push(next.offset);
  }
  // What follows the line (the text after a list number, the next line) is neutral to poppler.
  const last = chars[chars.length - 1];
  if (last && last.section && odd(last.run)) (inserts[last.run] as number[]).push(last.offset + last.char.length);
  return runs.map((r, k) => {
    const at = inserts[k] as number[];
    if (at.length === 0) return r.text;
    let out = '';
    let from = 0;
    for (const offset of at) {
      out += r.text.slice(from, offset) + RLM;
      from = offset;
    }
    return out + r.text.slice(from);
  });
}

/**
 * The texts of the runs of a left-to-right line (logical order) with a left-to-right mark after
 * every right-to-left phrase that a character other than a letter or digit follows.
 */
function withPhraseEnds(runs: readonly LineRun[]): string[] {
  return runs.map((r, k) => {
    const before = runs[k - 1];
    if (r.level !== 0 || !before || before.level === 0) return r.text;
    const first = bidiClass(r.text.charAt(0));
    return first === 'L' || NUMBER_TYPES.has(first) ? r.text : LRM + r.text;
  });
}

/**
 * Marks the spaces at the ends of right-to-left runs next to another run of the line: the space
 * is followed by an Arabic letter mark, which the shaper puts on the space's glyph.
 */
function keepRunEndSpaces(runs: readonly LineRun[], texts: string[]): void {
  runs.forEach((run, k) => {
    if ((run.level & 1) === 0) return;
    let text = texts[k] as string;
    // (A right-to-left mark from withSectionEnds may come first.)
    if (k > 0) text = text.replace(/^(\u200F?) /, `$1 ${ALM}`);
    if (k + 1 < runs.length && text.endsWith(' ')) text += ALM;
    texts[k] = text;
  });
}

// Marks for poppler and pdf.js that PDFium's text leaves out: an Arabic letter mark would stop
// Chrome's search for a phrase across a change of style, a left-to-right mark is one more
// left-to-right segment to it.
const NOT_FOR_PDFIUM = /[\u061C\u200E]/g;

/**
 * PDFium takes a line as right to left only if it has at least as many right-to-left segments as
 * left-to-right ones (unless the document asks for right-to-left page order): a line of Arabic
 * with an e-mail address (four Latin segments) would be read as left to right. Invisible
 * right-to-left segments (a right-to-left mark, kept apart from the next by a zero width space)
 * at the start of the line's first right-to-left run make up the difference.
 */
function padRightToLeft(runs: readonly LineRun[], texts: string[]): void {
  const shortfall = pdfiumRtlShortfall(texts.join('').replace(NOT_FOR_PDFIUM, '')); // PDFium does not get those
  const k = runs.findIndex((r) => (r.level & 1) === 1);
  if (shortfall === 0 || k < 0) return;
  texts[k] = `${`${RLM}\u200B`.repeat(shortfall)}${texts[k] as string}`;
}

/** Characters of a string in reverse order (by code point). */
function reversed(text: string): string {
  return Array.from(text).reverse().join('');
}

/**
 * What PDFium should read instead of each run's glyphs (runs in logical order; undefined: the
 * glyphs). PDFium takes the characters of a line in page order, left to right, and reorders them
 * its own way; where that would not give the line's text, each run gets the slice of the
 * page-order text that PDFium turns into the right one.
 */
function pdfiumTexts(tl: TextLine, texts: readonly string[], rtlPageOrder: boolean): (string | undefined)[] {
  const none = texts.map(() => undefined);
  if (!tl.reordered && !rtlPageOrder) return none;
  // Runs in page order, each as PDFium finds its characters: glyphs left to right, each glyph's
  // characters as its ToUnicode entry gives them (right to left: reversed, see text/shaping.ts).
  const visual = tl.line.runs.map((r) => tl.logical.indexOf(r));
  const onPage = visual.map((k) => {
    const text = texts[k] as string;
    return ((tl.logical[k] as LineRun).level & 1) === 1 ? reversed(text) : text;
  });
  const text = texts.join('').replace(NOT_FOR_PDFIUM, '');
  if (pdfiumReading(onPage.join(''), rtlPageOrder) === text) return none;
  // By code point: a slice must not cut a character outside the Basic Multilingual Plane.
  const wanted = Array.from(pdfiumPageOrder(text, rtlPageOrder));
  // Left of a left-to-right line, a list marker is a neutral character to PDFium, which takes it
  // together with a neutral character starting the page order ("•" and the ";" of "your name;"):
  // a left-to-right mark keeps them apart, and the marker comes last.
  const lead = tl.dir === 'ltr' && rtlPageOrder ? LRM : '';
  const out: (string | undefined)[] = [...none];
  let at = 0;
  for (let v = 0; v < visual.length; v++) {
    const chars = onPage[v] as string;
    const length = Array.from(chars.replace(NOT_FOR_PDFIUM, '')).length;
    const slice = (v === 0 ? lead : '') + wanted.slice(at, at + length).join('');
    at += length;
    // (PDFium takes replacement text when the run's font maps one of its characters; for the
    // CID fonts of our PDFs that check passes whatever the text, as the italic ";" in
    // test/rendering/pdf/rtl.test.ts shows.)
    if (slice !== chars) out[visual[v] as number] = slice;
  }
  return at === wanted.length ? out : none;
}
