import type { Span } from '../../content/blocks';
import type { Direction } from '../../i18n/languages';
import { paragraphLevels } from './levels';
import { FAMILY_NAMES, FONT_FAMILIES } from '../fonts/families';
import { familyIndexOf, stripBidiControls } from './script';
import type { FontScript, MeasureText, RunFont } from './types';

/** A paragraph prepared for layout: its text plus, per UTF-16 code unit, span, level and font family. */
export interface ParagraphText {
  text: string;
  dir: Direction;
  spans: readonly Span[];
  /** Index into `spans` of each code unit. */
  spanOf: Uint16Array;
  /** Resolved bidi embedding level of each code unit. */
  levels: Uint8Array;
  /** Font family of each code unit, as its index in FAMILY_NAMES. */
  scripts: Uint8Array;
}

/** Every RunFont there is, made once and frozen: four per family (bold × italic), in FAMILY_NAMES order. */
const FONTS: readonly RunFont[] = FAMILY_NAMES.flatMap((script) =>
  [false, true].flatMap((bold) => [false, true].map((italic): RunFont => Object.freeze({ script, bold, italic }))),
);
const FAMILY_INDEX = new Map(FAMILY_NAMES.map((name, i) => [name, i]));
/** Per family index: whether it has italic faces (otherwise italic text is drawn upright). */
const HAS_ITALIC = FAMILY_NAMES.map((name) => 'italic' in FONT_FAMILIES[name].files);

function fontAtIndex(family: number, bold: boolean, italic: boolean): RunFont {
  return FONTS[family * 4 + (bold ? 2 : 0) + (italic ? 1 : 0)] as RunFont;
}

/** The shared, frozen RunFont for a combination (so runs can be compared by identity). */
export function runFont(script: FontScript, bold: boolean, italic: boolean): RunFont {
  return fontAtIndex(FAMILY_INDEX.get(script) as number, bold, italic);
}

/**
 * Joins the spans into one string with whitespace collapsed (as in HTML: line breaks and runs of
 * spaces inside a paragraph are one space), resolves bidi levels and the font family of each
 * character.
 */
export function paragraphText(spans: readonly Span[], dir: Direction, defaultScript: FontScript): ParagraphText {
  const kept: Span[] = [];
  const parts: string[] = [];
  let endsWithSpace = true; // true at the start, so leading spaces are dropped
  for (const span of spans) {
    let t = span.text.replace(/[\t\n\r\f\v ]+/g, ' ');
    if (endsWithSpace && t.startsWith(' ')) t = t.slice(1);
    if (t === '') continue;
    kept.push(span);
    parts.push(t);
    endsWithSpace = t.endsWith(' ');
  }
  const lastIndex = parts.length - 1;
  if (lastIndex >= 0 && endsWithSpace) {
    const trimmed = (parts[lastIndex] as string).slice(0, -1);
    if (trimmed === '') {
      parts.pop();
      kept.pop();
    } else {
      parts[lastIndex] = trimmed;
    }
  }
  const text = parts.join('');
  const spanOf = new Uint16Array(text.length);
  let offset = 0;
  parts.forEach((part, i) => {
    spanOf.fill(i, offset, offset + part.length);
    offset += part.length;
  });
  const levels = paragraphLevels(text, dir);
  return { text, dir, spans: kept, spanOf, levels, scripts: resolveScripts(text, levels, defaultScript) };
}

/**
 * Font family per code unit (index in FAMILY_NAMES). Characters of a script decide; characters
 * without a family (spaces, punctuation, digits, marks, ZWNJ) take the family of the previous
 * character that has one in the same bidi level run, or of the next one at the run's start, or
 * `defaultScript` when the run has none (e.g. "916" inside Arabic text is drawn with the Arabic
 * font's digits).
 */
function resolveScripts(text: string, levels: Uint8Array, defaultScript: FontScript): Uint8Array {
  const n = text.length;
  // 0 = no family of its own, otherwise 1 + the family's index
  const strong = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const cp = text.codePointAt(i) as number;
    const v = familyIndexOf(cp) + 1;
    strong[i] = v;
    if (cp > 0xffff) strong[++i] = v;
  }
  const out = new Uint8Array(n);
  const fallback = (FAMILY_INDEX.get(defaultScript) as number) + 1;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j < n && levels[j] === levels[i]) j++;
    let current = 0;
    for (let k = i; k < j && current === 0; k++) current = strong[k] as number;
    if (current === 0) current = fallback;
    for (let k = i; k < j; k++) {
      if (strong[k] !== 0) current = strong[k] as number;
      out[k] = current - 1;
    }
    i = j;
  }
  return out;
}

/** The font of the character at `index` (families without italics, such as Arabic, draw it upright). */
export function fontAt(p: ParagraphText, index: number): RunFont {
  const span = p.spans[p.spanOf[index] as number] as Span;
  const family = p.scripts[index] as number;
  return fontAtIndex(family, span.bold, span.italic && (HAS_ITALIC[family] as boolean));
}

/**
 * Width of the logical range [start, end), measured piece by piece (one span and one font per
 * piece), ignoring bidi controls. Used while breaking lines, before any reordering.
 */
export function measureRange(p: ParagraphText, start: number, end: number, measure: MeasureText): number {
  let width = 0;
  let a = start;
  while (a < end) {
    let b = a + 1;
    while (b < end && p.spanOf[b] === p.spanOf[a] && p.scripts[b] === p.scripts[a]) b++;
    const piece = stripBidiControls(p.text.slice(a, b));
    if (piece !== '') width += measure(piece, fontAt(p, a));
    a = b;
  }
  return width;
}
