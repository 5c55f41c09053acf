import type { Span } from '../../content/blocks';
import type { Direction, Script } from '../../i18n/languages';
import { FontScript, LaidOutLine, layoutParagraph, MeasureText, RunFont } from '../bidi';
import { FontKey, fontKeyFor, fontMetrics } from './fonts';
import { TextObject } from './glyphs';
import type { DocumentFonts } from './pdfkit-fonts';
import { textWidth } from './shaping';
import { COLORS, LINE_HEIGHT, TextStyle } from './theme';

/** Language properties that decide how a piece of text is laid out. */
export interface TextFrame {
  dir: Direction;
  script: Script;
}

/** What drawing needs: the document and its fonts. */
export interface DrawContext {
  doc: PDFKit.PDFDocument;
  fonts: DocumentFonts;
}

/** One laid-out line with its box: `baseline` is measured from the top of the box. */
export interface TextLine {
  line: LaidOutLine;
  height: number;
  baseline: number;
  style: TextStyle;
}

/** The font family of a language's script (Cyrillic is drawn with the Latin family, Noto Sans). */
export function fontScriptFor(script: Script): FontScript {
  return script === 'arabic' ? 'arabic' : 'latin';
}

const measurers = new Map<number, MeasureText>();
/** Entries per width memo before it is dropped (bounds memory across many booklets). */
const MAX_MEMO = 100_000;

/**
 * A measurer for one font size. Widths of whole strings are memoized per font (the same words
 * and runs come back in every render of a booklet); misses go to the word-level glyph cache.
 */
function measurerFor(size: number): MeasureText {
  let m = measurers.get(size);
  if (!m) {
    const memo = new Map<RunFont, Map<string, number>>();
    m = (text, font) => {
      let widths = memo.get(font);
      if (!widths) {
        widths = new Map();
        memo.set(font, widths);
      }
      let w = widths.get(text);
      if (w === undefined) {
        if (widths.size >= MAX_MEMO) widths.clear();
        w = (textWidth(fontKeyFor(font), text) * size) / 1000;
        widths.set(text, w);
      }
      return w;
    };
    measurers.set(size, m);
  }
  return m;
}

const baselines = new Map<string, number>();

/** The baseline that centres the primary font's ascent + descent in a line box. */
function baselineIn(height: number, size: number, primary: FontKey): number {
  const key = `${primary} ${size} ${height}`;
  let b = baselines.get(key);
  if (b === undefined) {
    const { ascent, descent } = fontMetrics(primary);
    b = (height - (ascent + descent) * size) / 2 + ascent * size;
    baselines.set(key, b);
  }
  return b;
}

const layouts = new Map<string, readonly TextLine[]>();
/** Paragraph layouts kept before the memo is dropped (bounds memory across many booklets). */
const MAX_LAYOUTS = 20_000;

/** Everything a paragraph's layout depends on, as one string. */
function layoutKey(spans: readonly Span[], frame: TextFrame, width: number, style: TextStyle, align: string): string {
  let key = `${frame.dir}|${frame.script}|${width}|${align}|${style.size}|${style.color}|${style.bold === true}|${style.italic === true}`;
  for (const s of spans) key += `\u0001${s.bold ? 1 : 0}${s.italic ? 1 : 0}${s.href ?? ''}\u0002${s.text}`;
  return key;
}

/**
 * Breaks styled spans into lines of `width` in the frame's direction, with the style's size and
 * forced weight/slant. The layout is pure, so it is memoized: a booklet rendered again (another
 * request, a cache refill) skips bidi, line breaking and measuring. Callers must not modify the
 * returned lines.
 */
export function layoutText(
  spans: readonly Span[],
  frame: TextFrame,
  width: number,
  style: TextStyle,
  align: 'start' | 'center' = 'start',
): readonly TextLine[] {
  const key = layoutKey(spans, frame, width, style, align);
  let lines = layouts.get(key);
  if (!lines) {
    if (layouts.size >= MAX_LAYOUTS) layouts.clear();
    lines = computeLayout(spans, frame, width, style, align);
    layouts.set(key, lines);
  }
  return lines;
}

function computeLayout(
  spans: readonly Span[],
  frame: TextFrame,
  width: number,
  style: TextStyle,
  align: 'start' | 'center',
): readonly TextLine[] {
  const script = fontScriptFor(frame.script);
  const styled =
    style.bold || style.italic
      ? spans.map((s) => ({ ...s, bold: s.bold || style.bold === true, italic: s.italic || style.italic === true }))
      : spans;
  const { lines } = layoutParagraph({
    spans: styled,
    dir: frame.dir,
    width,
    measure: measurerFor(style.size),
    defaultScript: script,
    align,
  });
  const height = style.size * LINE_HEIGHT[script];
  const primary: FontKey = script === 'arabic' ? 'arabic-regular' : 'latin-regular';
  const baseline = baselineIn(height, style.size, primary);
  return Object.freeze(lines.map((line) => ({ line, height, baseline, style })));
}

/**
 * Draws one line with its left edge at `left` and its box top at `top`. Runs are placed at their
 * visual x positions but written in logical order, so text extraction and copy-paste read them in
 * reading order. Links get an underline and a link annotation.
 */
export function drawTextLine(ctx: DrawContext, tl: TextLine, left: number, top: number): void {
  const { doc, fonts } = ctx;
  const { size, color } = tl.style;
  const y = top + tl.baseline;
  const runs = tl.line.runs.length > 1 ? [...tl.line.runs].sort((a, b) => a.start - b.start) : tl.line.runs;
  const text = new TextObject();
  for (const run of runs) {
    const font = fonts.onPage(fontKeyFor(run.font));
    text.run(font, size, run.href === undefined ? color : COLORS.link, run.drawText, left + run.x, y);
  }
  doc.addContent(text.end());
  for (const run of runs) {
    if (run.href === undefined) continue;
    const x = left + run.x;
    const underline = y + size * 0.14;
    doc
      .save()
      .moveTo(x, underline)
      .lineTo(x + run.width, underline)
      .lineWidth(0.5)
      .strokeColor(COLORS.link)
      .stroke()
      .restore();
    doc.link(x, top, run.width, tl.height, run.href);
  }
}
