import type * as fontkit from 'fontkit';
import { ALM, fontkitReverses, mirrorChar } from '../../bidi';
import { FONT_FAMILIES } from '../../fonts/families';
import { familyOfKey, FontKey, sharedFont } from './fonts';
import { forgetGlyphCharacters } from '../pdfkit/fontkit-glyphs';

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
 * A combining mark (Arabic harakat, the Persian hamza above) drawn as a shape where shaping placed
 * it. Offsets are thousandths of the font size from the pen position of the letter it sits on;
 * `dy` is upwards.
 */
export interface PlacedMark {
  readonly id: number;
  readonly dx: number;
  readonly dy: number;
}

/**
 * Glyphs of a string in drawing order, with what pdfkit needs to embed and map them back to text.
 * Shared by every caller (cached): never modify.
 */
export interface ShapedText {
  ids: number[];
  /**
   * Characters of each glyph, for the ToUnicode map that makes text extractable: the glyph's own
   * characters; none for a letter with marks, whose text an invisible glyph next to it carries;
   * for a mirrored bracket, the character it stands for. In right-to-left text, a glyph of
   * several characters lists them in reverse (see shapeWord).
   */
  codePoints: (readonly number[])[];
  positions: PdfGlyphPosition[];
  /** The marks placed on each glyph, if any, drawn as shapes. */
  marks: (readonly PlacedMark[] | undefined)[];
  /** Whether any glyph has marks. */
  hasMarks?: boolean;
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
// Characters added for text extraction (tagging/extraction.ts): right-to-left and left-to-right
// marks, a zero width space right after a right-to-left mark, an Arabic letter mark (which goes
// into the text of the space before it). They are shaped apart from the word and put back on invisible
// glyphs, so that the word's shaping is the one measured for the layout. (A run drawn reversed
// by the bidi layer has the zero width space before the mark.)
const EXTRACTION_MARKS = /\u200F\u200B|\u200B\u200F|[\u061C\u200E\u200F]/g;
const ALM_CODE = ALM.charCodeAt(0);
/** How far before the next glyph a direction mark starts, thousandths of the font size. */
const MARK_LEAD = 2;
/**
 * How far apart marks added in a row stand: PDFium drops a character that repeats one of the
 * last few within 0.07 em (it takes it for the second stroke of a fake bold).
 */
const MARK_SPREAD = 80;

/**
 * Features for a word: right-to-left runs arrive with brackets already mirrored by the bidi layer,
 * so the font's own mirroring (rtlm) must not flip them back. A new object per call: fontkit
 * writes the features it applied into the object it is given.
 */
function featuresFor(rtlScript: boolean): fontkit.Features | undefined {
  return rtlScript ? { rtlm: false } : undefined;
}

/**
 * The OpenType script a right-to-left word of a family is shaped as, so that a word without
 * letters ("916", "(") is shaped as part of its run: the family's first script, whose lower-case
 * ISO 15924 code is the OpenType tag for right-to-left scripts ('arab', 'hebr', 'syrc', 'thaa').
 * fontkit picks its shaper by it (Arabic joining for 'arab').
 */
function rtlShapingScript(key: FontKey): string {
  return FONT_FAMILIES[familyOfKey(key)].scripts[0].toLowerCase();
}

/**
 * The font's own glyph for an invisible character, if it has one that is really invisible: no
 * advance and no outline (Noto Sans draws a dotted box for the direction marks).
 */
function invisibleGlyph(font: fontkit.Font, codePoint: number): fontkit.Glyph | null {
  if (!font.hasGlyphForCodePoint(codePoint)) return null;
  const glyph = font.glyphForCodePoint(codePoint);
  return glyph.advanceWidth === 0 && glyph.path.commands.length === 0 ? glyph : null;
}

/** Words are cached per font; the cache is dropped when it grows past this many entries. */
const MAX_WORDS_PER_FONT = 50_000;
const words = new Map<FontKey, Map<string, ShapedWord>>();

const COMBINING_MARK = /^\p{Mn}$/u;
/** Per BMP code point: 0 not looked up yet, 1 not a combining mark, 2 a combining mark. */
const combiningMarks = new Uint8Array(0x10000);

function isCombiningMark(codePoint: number): boolean {
  if (codePoint > 0xffff) return COMBINING_MARK.test(String.fromCodePoint(codePoint));
  let c = combiningMarks[codePoint] as number;
  if (c === 0) {
    c = COMBINING_MARK.test(String.fromCharCode(codePoint)) ? 2 : 1;
    combiningMarks[codePoint] = c;
  }
  return c === 2;
}

const carriers = new WeakMap<fontkit.Font, number | null>();

/**
 * An invisible glyph without advance (the font's zero width space) to carry a mark's character in
 * the text while the mark is drawn as a shape; null if the font has none.
 */
function carrierGlyph(font: fontkit.Font): number | null {
  let id = carriers.get(font);
  if (id === undefined) {
    id = null;
    // U+0000: the empty NULL glyph of fonts without the others (Noto Sans Hebrew, Ethiopic, …).
    for (const cp of [0x200b, 0x2060, 0xfeff, 0x0000]) {
      if (!font.hasGlyphForCodePoint(cp)) continue;
      const g = font.glyphForCodePoint(cp);
      if (g.advanceWidth === 0 && g.path.commands.length === 0) {
        id = g.id;
        break;
      }
    }
    carriers.set(font, id);
  }
  return id;
}

/** A fontkit position in thousandths of the font size, with the glyph's own advance. */
function scaled(pos: fontkit.GlyphPosition, advance: number, scale: number): PdfGlyphPosition {
  return {
    xAdvance: pos.xAdvance * scale,
    yAdvance: pos.yAdvance * scale,
    xOffset: pos.xOffset * scale,
    yOffset: pos.yOffset * scale,
    advanceWidth: advance * scale,
  };
}

/** Whether a shaped glyph is a combining mark placed on the letter before it (no advance). */
function isPlacedMark(glyph: fontkit.Glyph, pos: fontkit.GlyphPosition): boolean {
  return pos.xAdvance === 0 && glyph.codePoints.length > 0 && glyph.codePoints.every(isCombiningMark);
}

/** The character a mirrored glyph stands for: "(" for the ")" glyph a right-to-left run draws for "(". */
function unmirrored(codePoint: number): number {
  return mirrorChar(String.fromCodePoint(codePoint)).codePointAt(0) as number;
}

/**
 * Shapes one word (a piece of text ending at most at one space) in logical order. `rtlScript`
 * forces Arabic shaping, as fontkit would apply it to the whole run the word belongs to.
 * `mirrored`: the bidi layer replaced brackets by their mirror images (a right-to-left run), so
 * each bracket glyph stands for the character it mirrors.
 *
 * What readers get back as text is decided here (docs/pdf-text-extraction.md):
 * - Combining marks are drawn as shapes where shaping placed them, and an invisible glyph without
 *   advance on the baseline, next to the letter, stands for them in the text. A mark drawn as a
 *   glyph sits above or below the line and away from its letter, which makes PDFium put it on a
 *   line of its own or before its letter; and a glyph standing for a letter and a mark together
 *   is taken by pdf.js for a zero-width mark, which cuts the word.
 * - A bracket is drawn mirrored in right-to-left text; its text is the character in the source.
 * - In right-to-left text, a glyph of several characters (lam-alef, a letter with its marks)
 *   lists them in reverse: readers take the glyphs in page order and reverse a right-to-left
 *   run, the characters of one glyph included.
 */
function shapeWord(key: FontKey, word: string, rtlScript: boolean, mirrored: boolean): ShapedWord {
  if (word.search(EXTRACTION_MARKS) !== -1) return withExtractionMarks(key, word, rtlScript, mirrored);
  const shaped = shapeWordGlyphs(key, word, rtlScript);
  return mirrored ? withUnmirroredText(shaped) : shaped;
}

const NO_ADVANCE: PdfGlyphPosition = { xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 0 };

/**
 * A word with characters added for extraction: the word without them, shaped as measured, with
 * each put back on an invisible glyph without advance where it stands in the text. A mark starts
 * a hair before the glyph after it on the page (poppler sorts pieces of a line by where they
 * start); marks in a row stand apart (see MARK_SPREAD).
 */
function withExtractionMarks(key: FontKey, source: string, rtl: boolean, mirrored: boolean): ShapedWord {
  // Offsets below count the characters of the shaped glyphs, which come from the normalized text.
  const word = source.replace(PRESENTATION_FORM, (c) => c.normalize('NFKC'));
  const added: { at: number; char: string }[] = [];
  let core = '';
  let from = 0;
  for (const m of word.matchAll(EXTRACTION_MARKS)) {
    core += word.slice(from, m.index);
    for (const char of m[0]) added.push({ at: core.length, char });
    from = m.index + m[0].length;
  }
  core += word.slice(from);
  const base = shapeWord(key, core, rtl, mirrored);
  const font = sharedFont(key);
  const carrier = carrierGlyph(font);
  const out: ShapedWord = { ids: [], codePoints: [], positions: [], marks: [], width: base.width };
  let next = 0; // the next added character to place
  let row = 0; // added characters placed in a row
  const place = (offset: number): void => {
    for (; next < added.length && (added[next] as { at: number }).at <= offset; next++) {
      const cp = (added[next] as { char: string }).char.codePointAt(0) as number;
      const last = out.ids.length - 1;
      if (cp === ALM_CODE && last >= 0 && (out.codePoints[last] as readonly number[]).join() === '32') {
        // Into the space's text. The mark is a right-to-left character, so readers take the glyph
        // as right to left and reverse its text to space and mark (see tagging/extraction.ts).
        out.codePoints[last] = [ALM_CODE, 0x20];
        continue;
      }
      const own = invisibleGlyph(font, cp)?.id ?? carrier;
      if (own === null) continue;
      out.ids.push(own);
      out.codePoints.push([cp]);
      out.positions.push({ ...NO_ADVANCE, xOffset: -MARK_LEAD + row * MARK_SPREAD });
      out.marks.push(undefined);
      row++;
    }
  };
  let offset = 0;
  base.ids.forEach((id, i) => {
    place(offset);
    row = 0;
    out.ids.push(id);
    out.codePoints.push(base.codePoints[i] as readonly number[]);
    out.positions.push(base.positions[i] as PdfGlyphPosition);
    out.marks.push(base.marks[i]);
    for (const cp of base.codePoints[i] as readonly number[]) offset += cp > 0xffff ? 2 : 1;
  });
  place(Infinity);
  return out;
}

const unmirroredWords = new WeakMap<ShapedWord, ShapedWord>();

/** The word with each mirrored bracket's text replaced by the character it stands for. */
function withUnmirroredText(shaped: ShapedWord): ShapedWord {
  let out = unmirroredWords.get(shaped);
  if (!out) {
    const codePoints = shaped.codePoints.map((cps) => (cps.some((c) => unmirrored(c) !== c) ? cps.map(unmirrored) : cps));
    out = codePoints.every((cps, i) => cps === shaped.codePoints[i]) ? shaped : { ...shaped, codePoints };
    unmirroredWords.set(shaped, out);
  }
  return out;
}

/** Shapes one word, as shapeWord, with each glyph's text as fontkit gives it (brackets as drawn). */
function shapeWordGlyphs(key: FontKey, word: string, rtlScript: boolean): ShapedWord {
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
  const run = rtlScript ? font.layout(text, featuresFor(true), rtlShapingScript(key), undefined, 'rtl') : font.layout(text);
  const glyphs = run.glyphs.slice();
  const positions = run.positions.slice();
  if (run.direction === 'rtl') {
    // Back to logical order: the caller decides the order of the whole run.
    glyphs.reverse();
    positions.reverse();
  }
  const shaped: ShapedWord = { ids: [], codePoints: [], positions: [], marks: [], width: 0 };
  const ignorables = IGNORABLE.test(text) ? Array.from(text).filter((c) => IGNORABLE.test(c)) : [];
  const spaceId = ignorables.length > 0 ? font.glyphForCodePoint(0x20).id : undefined;
  const carrier = carrierGlyph(font);
  const rtl = run.direction === 'rtl';
  const push = (id: number, codePoints: readonly number[], pos: PdfGlyphPosition, marks?: readonly PlacedMark[]): void => {
    shaped.ids.push(id);
    shaped.codePoints.push(rtl && codePoints.length > 1 ? codePoints.slice().reverse() : codePoints);
    shaped.positions.push(pos);
    shaped.marks.push(marks);
    shaped.width += pos.xAdvance;
  };
  // Glyphs in logical order, as letters with the marks that follow them.
  let i = 0;
  while (i < glyphs.length) {
    const glyph = glyphs[i] as fontkit.Glyph;
    const pos = positions[i] as fontkit.GlyphPosition;
    i++;
    let id = glyph.id;
    let codePoints: readonly number[] = glyph.codePoints;
    let advance = glyph.advanceWidth;
    if (id === spaceId && pos.xAdvance === 0 && ignorables.length > 0) {
      const cp = (ignorables.shift() as string).codePointAt(0) as number;
      const own = invisibleGlyph(font, cp);
      // Without a glyph of its own the character is left out: the space glyph must keep mapping
      // to a space, or every space of the document would extract as this character.
      if (!own) continue;
      id = own.id;
      advance = 0;
      codePoints = [cp];
    }
    const placed = scaled(pos, advance, scale);
    const marks: PlacedMark[] = [];
    let text = codePoints;
    while (carrier !== null && i < glyphs.length && isPlacedMark(glyphs[i] as fontkit.Glyph, positions[i] as fontkit.GlyphPosition)) {
      const mark = glyphs[i] as fontkit.Glyph;
      const at = scaled(positions[i] as fontkit.GlyphPosition, 0, scale);
      // Right to left the mark comes first in page order, at the letter's pen position; left
      // to right it follows the letter, at its advance.
      marks.push({ id: mark.id, dx: (rtl ? 0 : placed.xAdvance) + at.xOffset, dy: at.yOffset });
      text = [...text, ...mark.codePoints];
      i++;
    }
    const own = text.filter((c) => !isCombiningMark(c));
    // (A mark without a letter before it keeps its text on its own glyph.)
    if (carrier === null || own.length === text.length || own.length === 0) {
      push(id, text, placed, marks.length > 0 ? marks : undefined);
      continue;
    }
    // A letter with marks: the letter's glyph stands for the letter, and an invisible glyph
    // without advance after it (in page order: before it, right to left) for the marks.
    push(id, own, placed, marks.length > 0 ? marks : undefined);
    push(carrier, text.filter(isCombiningMark), { xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: 0 });
  }
  cache.set(cacheKey, shaped);
  return shaped;
}

/**
 * Calls `visit` with each word of `text`: pieces ending after a space, as pdfkit splits them (an
 * Arabic letter mark right after the space stays with it).
 */
function forEachWord(text: string, visit: (word: string) => void): void {
  let start = 0;
  while (start < text.length) {
    const space = text.indexOf(' ', start);
    let end = space === -1 ? text.length : space + 1;
    if (text.charCodeAt(end) === ALM_CODE) end++;
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
export function shapeForPdf(key: FontKey, text: string, mirrored = false): ShapedText {
  // One map per font and per mirroring: a key made by concatenation would be hashed anew each time.
  const mapKey = mirrored ? `${key} mirrored` : key;
  let cache = runs.get(mapKey);
  if (!cache) {
    cache = new Map();
    runs.set(mapKey, cache);
  }
  let shaped = cache.get(text);
  if (!shaped) {
    if (cache.size >= MAX_RUNS_PER_FONT) cache.clear();
    shaped = shapeRun(key, text, mirrored);
    cache.set(text, shaped);
  }
  return shaped;
}

/**
 * Whole runs are cached too: a booklet rendered again (another variant, a cache refill) draws the
 * same runs, and joining their words' glyph arrays is most of what drawing text allocates.
 */
const MAX_RUNS_PER_FONT = 20_000;
const runs = new Map<string, Map<string, ShapedText>>();

/** Drops the shaped words and runs kept so far (see forgetDrawnText in rendering/pdf/index.ts). */
export function forgetShapedText(): void {
  words.clear();
  runs.clear();
}

function shapeRun(key: FontKey, text: string, mirrored: boolean): ShapedText {
  const rtl = fontkitReverses(text);
  const out: ShapedText = { ids: [], codePoints: [], positions: [], marks: [] };
  forEachWord(text, (word) => {
    const w = shapeWord(key, word, rtl, mirrored);
    out.ids.push(...w.ids);
    out.codePoints.push(...w.codePoints);
    out.positions.push(...w.positions);
    out.marks.push(...w.marks);
  });
  if (rtl) {
    out.ids.reverse();
    out.codePoints.reverse();
    out.positions.reverse();
    out.marks.reverse();
  }
  out.hasMarks = out.marks.some((m) => m !== undefined);
  return out;
}

/** Advance width of `text` in thousandths of the font size (multiply by size / 1000 for points). */
export function textWidth(key: FontKey, text: string): number {
  const rtl = fontkitReverses(text);
  let width = 0;
  forEachWord(text, (word) => {
    width += shapeWord(key, word, rtl, false).width;
  });
  return width;
}
