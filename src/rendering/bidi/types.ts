import type { Span } from '../../content/blocks';
import type { Direction } from '../../i18n/languages';
import type { FontFamilyName } from '../fonts/families';

/**
 * The font family a run needs, by the Unicode script of its characters: 'latin' (Noto Sans, for
 * Latin, Cyrillic and Greek), 'arabic' (Vazirmatn), 'georgian', … (see FONT_FAMILIES).
 */
export type FontScript = FontFamilyName;

/** The font of one run: family by script, plus the span's style. */
export interface RunFont {
  readonly script: FontScript;
  readonly bold: boolean;
  readonly italic: boolean;
}

/**
 * Width in points of `text` drawn in `font` at the paragraph's size. Called for every word and
 * every run, so the implementation should cache. `text` never contains bidi control characters.
 */
export type MeasureText = (text: string, font: RunFont) => number;

export interface ParagraphInput {
  spans: readonly Span[];
  /** Base direction of the paragraph (the language of its section). */
  dir: Direction;
  /** Available width in points. */
  width: number;
  measure: MeasureText;
  /** Family for runs without letters (digits, punctuation): the script of the paragraph's language. */
  defaultScript: FontScript;
  /** `start` puts lines at the left (ltr) or right (rtl) edge; `center` centres them. */
  align?: 'start' | 'center';
}

/** One run of a line: one bidi level, one span (style and link), one font. */
export interface LineRun {
  /** The run's characters in logical (reading) order, without bidi control characters. */
  text: string;
  /**
   * The string to hand to pdfkit so the glyphs come out in visual order: brackets mirrored at odd
   * levels, and pre-reversed whenever fontkit's own behaviour (it reverses a string whose first
   * script-bearing character is right-to-left) disagrees with the run's bidi direction.
   */
  drawText: string;
  /** UTF-16 offsets into the paragraph text; `end` is exclusive. */
  start: number;
  end: number;
  /** Resolved bidi embedding level: odd is right to left. */
  level: number;
  font: RunFont;
  href?: string;
  /** Left edge relative to the paragraph box, in points. */
  x: number;
  width: number;
}

export interface LaidOutLine {
  /** Runs in visual order, left to right. Draw them sorted by `start` for text extraction order. */
  runs: LineRun[];
  /** Width of the drawn content (trailing spaces excluded). */
  width: number;
  /** UTF-16 offsets of the line's content in the paragraph text (trailing spaces excluded). */
  start: number;
  end: number;
}

export interface ParagraphLayout {
  /** The paragraph's text after whitespace normalization (what `start`/`end` offsets refer to). */
  text: string;
  lines: LaidOutLine[];
}
