import type * as fontkit from 'fontkit';
import { fontkitReverses } from '../bidi';
import { FontKey, sharedFont } from './fonts';

/** A glyph position as pdfkit's text drawing expects it: thousandths of the font size. */
export interface PdfGlyphPosition {
  readonly xAdvance: number;
  readonly yAdvance: number;
  readonly xOffset: number;
  readonly yOffset: number;
  /** The glyph's own advance (pdfkit writes the difference to xAdvance as a TJ adjustment). */
  readonly advanceWidth: number;
}

/**
 * Glyphs of a string in drawing order, with what pdfkit needs to embed and map them back to text.
 * Shared by every caller (cached): never modify.
 */
export interface ShapedText {
  ids: number[];
  /** Characters of each glyph (for the ToUnicode map that makes text extractable). */
  codePoints: (readonly number[])[];
  positions: PdfGlyphPosition[];
}

interface ShapedWord extends ShapedText {
  /** Sum of x advances, thousandths of the font size. */
  width: number;
}

// Arabic presentation forms and Latin ligature characters, replaced by the letters they stand for
// before shaping. fontkit caches each glyph with the characters of its first use; a literal "ﻪ" in
// one booklet would otherwise make every later document of the process map that glyph to U+FEEA.
const PRESENTATION_FORM = /[\uFB00-\uFB06\uFB50-\uFDFF\uFE70-\uFEFE]/g;
// Invisible characters fontkit replaces by a zero-width space glyph (so extraction would give a
// space inside "می‌توانید"); the font's own zero-width glyph is put back when it has one.
const IGNORABLE = /[\u00AD\u034F\u200B-\u200D\u2060\uFEFF]/;

/**
 * Features per family: Arabic runs arrive with brackets already mirrored by the bidi layer, so the
 * font's own mirroring (rtlm) must not flip them back. A new object per call: fontkit writes the
 * features it applied into the object it is given.
 */
function featuresFor(key: FontKey): fontkit.Features | undefined {
  return key === 'arabic-regular' || key === 'arabic-bold' ? { rtlm: false } : undefined;
}

/** The font's own glyph for an invisible character, if it has one that is really invisible. */
function invisibleGlyph(font: fontkit.Font, codePoint: number): fontkit.Glyph | null {
  if (!font.hasGlyphForCodePoint(codePoint)) return null;
  const glyph = font.glyphForCodePoint(codePoint);
  return glyph.advanceWidth === 0 ? glyph : null;
}

/** Words are cached per font; the cache is dropped when it grows past this many entries. */
const MAX_WORDS_PER_FONT = 50_000;
const words = new Map<FontKey, Map<string, ShapedWord>>();

/**
 * Shapes one word (a piece of text ending at most at one space) in logical order. `rtlScript`
 * forces Arabic shaping, as fontkit would apply it to the whole run the word belongs to.
 */
function shapeWord(key: FontKey, word: string, rtlScript: boolean): ShapedWord {
  let cache = words.get(key);
  if (!cache) {
    cache = new Map();
    words.set(key, cache);
  }
  const cacheKey = rtlScript ? `\u0001${word}` : word;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  if (cache.size >= MAX_WORDS_PER_FONT) cache.clear();

  const font = sharedFont(key);
  const scale = 1000 / font.unitsPerEm;
  const text = word.replace(PRESENTATION_FORM, (c) => c.normalize('NFKC'));
  forgetGlyphCharacters(font);
  const run = font.layout(text, featuresFor(key), rtlScript ? 'arab' : undefined);
  const glyphs = run.glyphs.slice();
  const positions = run.positions.slice();
  if (run.direction === 'rtl') {
    // Back to logical order: the caller decides the order of the whole run.
    glyphs.reverse();
    positions.reverse();
  }
  const shaped: ShapedWord = { ids: [], codePoints: [], positions: [], width: 0 };
  const ignorables = IGNORABLE.test(text) ? Array.from(text).filter((c) => IGNORABLE.test(c)) : [];
  const spaceId = ignorables.length > 0 ? font.glyphForCodePoint(0x20).id : undefined;
  glyphs.forEach((glyph, i) => {
    const pos = positions[i] as fontkit.GlyphPosition;
    let id = glyph.id;
    let codePoints: readonly number[] = glyph.codePoints;
    let advance = glyph.advanceWidth;
    if (id === spaceId && pos.xAdvance === 0 && ignorables.length > 0) {
      const cp = (ignorables.shift() as string).codePointAt(0) as number;
      const own = invisibleGlyph(font, cp);
      // Without a glyph of its own the character is left out: the space glyph must keep mapping
      // to a space, or every space of the document would extract as this character.
      if (!own) return;
      id = own.id;
      advance = 0;
      codePoints = [cp];
    }
    if (codePoints.length > 1 && run.direction === 'rtl') {
      // A ligature in right-to-left text (lam-alef): the PDF holds glyphs in visual order and
      // extractors (pdf.js, poppler) reverse the characters of a right-to-left line, including
      // the characters of one glyph, so they are stored in visual order too.
      codePoints = codePoints.slice().reverse();
    }
    shaped.ids.push(id);
    shaped.codePoints.push(codePoints);
    shaped.positions.push({
      xAdvance: pos.xAdvance * scale,
      yAdvance: pos.yAdvance * scale,
      xOffset: pos.xOffset * scale,
      yOffset: pos.yOffset * scale,
      advanceWidth: advance * scale,
    });
    shaped.width += pos.xAdvance * scale;
  });
  cache.set(cacheKey, shaped);
  return shaped;
}

/**
 * fontkit caches Glyph objects by glyph id together with the characters of their first use, and
 * `layout` reports those cached characters: a glyph shared by two characters (Persian ی and
 * Arabic ي have the same medial form in Vazirmatn) or first created by another lookup would map
 * back to the wrong text in the PDF's ToUnicode table. Emptying the cache before shaping a word
 * makes every glyph carry the characters it was shaped from in this word. Words are shaped once
 * and then cached here, so the cost is paid once per word.
 */
function forgetGlyphCharacters(font: fontkit.Font): void {
  const cache = font as unknown as { _glyphs?: Record<number, unknown> };
  if (cache._glyphs === undefined) throw new Error('fontkit internals changed: Font._glyphs not found (see shaping.ts)');
  cache._glyphs = {};
}

/** Calls `visit` with each word of `text`: pieces ending after a space, as pdfkit splits them. */
function forEachWord(text: string, visit: (word: string) => void): void {
  let start = 0;
  while (start < text.length) {
    const space = text.indexOf(' ', start);
    const end = space === -1 ? text.length : space + 1;
    visit(text.slice(start, end));
    start = end;
  }
}

/**
 * Glyphs for `text` exactly as `font.layout(text)` would order them when pdfkit draws it — fontkit
 * reverses the whole string when its first script-bearing character is right-to-left — but built
 * from cached words. No context crosses a space in Latin, Cyrillic or Arabic shaping, so the
 * glyphs are the same.
 */
export function shapeForPdf(key: FontKey, text: string): ShapedText {
  let cache = runs.get(key);
  if (!cache) {
    cache = new Map();
    runs.set(key, cache);
  }
  let shaped = cache.get(text);
  if (!shaped) {
    if (cache.size >= MAX_RUNS_PER_FONT) cache.clear();
    shaped = shapeRun(key, text);
    cache.set(text, shaped);
  }
  return shaped;
}

/**
 * Whole runs are cached too: a booklet rendered again (another variant, a cache refill) draws the
 * same runs, and joining their words' glyph arrays is most of what drawing text allocates.
 */
const MAX_RUNS_PER_FONT = 20_000;
const runs = new Map<FontKey, Map<string, ShapedText>>();

function shapeRun(key: FontKey, text: string): ShapedText {
  const rtl = fontkitReverses(text);
  const out: ShapedText = { ids: [], codePoints: [], positions: [] };
  forEachWord(text, (word) => {
    const w = shapeWord(key, word, rtl);
    out.ids.push(...w.ids);
    out.codePoints.push(...w.codePoints);
    out.positions.push(...w.positions);
  });
  if (rtl) {
    out.ids.reverse();
    out.codePoints.reverse();
    out.positions.reverse();
  }
  return out;
}

/** Advance width of `text` in thousandths of the font size (multiply by size / 1000 for points). */
export function textWidth(key: FontKey, text: string): number {
  const rtl = fontkitReverses(text);
  let width = 0;
  forEachWord(text, (word) => {
    width += shapeWord(key, word, rtl).width;
  });
  return width;
}
