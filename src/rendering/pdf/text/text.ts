import type { Span } from '../../../content/blocks';
import type { Direction, Script } from '../../../i18n/languages';
import { FontScript, LaidOutLine, layoutParagraph, LineRun, MeasureText, RunFont } from '../../bidi';
import { FALLBACK_FAMILY, fontFamilyForScript } from '../../fonts/families';
import { FontKey, fontKeyFor, fontMetrics, regularFontKey } from './fonts';
import { TextObject } from './glyphs';
import { line } from '../pages/paths';
import { linkAnnotation } from '../pdfkit/structure';
import { lineExtraction } from '../tagging/extraction';
import type { DocumentFonts } from '../pdfkit/fonts';
import { textWidth } from './shaping';
import type { StructNode, Tagger } from '../tagging/tagging';
import { COLORS, LINE_HEIGHT, TextStyle, Theme } from '../pages/theme';

/** Language properties that decide how a piece of text is laid out. */
export interface TextFrame {
  dir: Direction;
  script: Script;
  /** The language of the text, when it matters beyond the script (the digits of numbered lists). */
  lang?: string;
  /** The Intl tag of the text's language (calendar and digits), for numbered lists. */
  locale?: string;
  /** The marker of a numbered list's items in the text's language, `{n}` for the number ("{n}.", "{n}-"). */
  listItem?: string;
}

export { formatNumber } from '../../../i18n/format';

/** What drawing needs: the document, its fonts, the tagger and the look for the paper size. */
export interface DrawContext {
  doc: PDFKit.PDFDocument;
  fonts: DocumentFonts;
  tags: Tagger;
  theme: Theme;
  /**
   * The document asks viewers for right-to-left page order (/Direction /R2L), which makes PDFium
   * read every line of it as right to left (see tagging/pdfium-order.ts).
   */
  rtlPageOrder: boolean;
  /** A draft preview: no publication date or published status is printed (see pages/draft.ts). */
  draft?: boolean;
}

/** One laid-out line with its box: `baseline` is measured from the top of the box. */
export interface TextLine {
  line: LaidOutLine;
  height: number;
  baseline: number;
  style: TextStyle;
  /** The runs in logical order (the order they are written in, for extraction). */
  logical: readonly LineRun[];
  /** Whether any run is right to left (the line's visual order differs from its logical order). */
  reordered: boolean;
  /** The direction of the paragraph the line belongs to. */
  dir: Direction;
}

/**
 * The font family of a language's script ('Cyrl' is drawn with the Latin family, Noto Sans); a
 * script without a family gets the fallback family (the language registry refuses those, see
 * scriptSupport).
 */
export function fontScriptFor(script: Script): FontScript {
  return fontFamilyForScript(script) ?? FALLBACK_FAMILY;
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

/** Drops the paragraph layouts kept so far (see forgetDrawnText in rendering/pdf/index.ts). */
export function forgetTextLayouts(): void {
  layouts.clear();
}

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
  const baseline = baselineIn(height, style.size, regularFontKey(script));
  return Object.freeze(
    lines.map((line) => ({
      line,
      height,
      baseline,
      style,
      logical: line.runs.length > 1 ? [...line.runs].sort((a, b) => a.start - b.start) : line.runs,
      reordered: line.runs.some((r) => (r.level & 1) === 1),
      dir: frame.dir,
    })),
  );
}

/** The left edge of a line's ink relative to its box (right-aligned lines start inside the box). */
export function inkLeft(tl: TextLine): number {
  return tl.line.runs[0]?.x ?? 0;
}

/**
 * Draws one line with its box's left edge at `left` and its top at `top`, as content of `node`
 * (no node: the caller has made it an artifact). Runs are placed at their visual x positions but
 * written in logical order, so that pdf.js, which keeps the order of the file, reads them in
 * reading order; poppler and PDFium order them by position, and get what they need besides from
 * lineExtraction (tagging/extraction.ts). Links get an underline (decoration) and a link annotation
 * tagged as part of a Link element.
 */
export function drawTextLine(ctx: DrawContext, tl: TextLine, left: number, top: number, node?: StructNode): void {
  const { doc, fonts, tags } = ctx;
  const { size, color } = tl.style;
  const y = top + tl.baseline;
  const runs = tl.logical;
  const extraction = lineExtraction(tl, ctx.rtlPageOrder);
  const links: [LineRun, StructNode | undefined][] = [];
  // One segment per stretch of runs with the same link (or none): a link's text is its own content.
  for (let i = 0; i < runs.length;) {
    const href = (runs[i] as LineRun).href;
    let j = i + 1;
    while (j < runs.length && (runs[j] as LineRun).href === href) j++;
    const owner = node && href !== undefined ? tags.link(node, href) : node;
    if (owner) tags.content(owner);
    const text = new TextObject();
    for (let k = i; k < j; k++) {
      const run = runs[k] as LineRun;
      const font = fonts.onPage(fontKeyFor(run.font));
      const mirrored = (run.level & 1) === 1;
      const drawn = extraction.drawTexts[k] as string;
      text.run(font, size, href === undefined ? color : COLORS.link, drawn, left + run.x, y, mirrored, extraction.pdfium[k]);
      if (href !== undefined) links.push([run, owner]);
    }
    doc.addContent(text.end());
    i = j;
  }
  for (const [run, owner] of links) drawLink(ctx, run, left + run.x, top, tl, owner);
}

function drawLink(ctx: DrawContext, run: LineRun, x: number, top: number, tl: TextLine, owner?: StructNode): void {
  const { doc, tags } = ctx;
  const href = run.href as string;
  const underline = top + tl.baseline + tl.style.size * 0.14;
  tags.artifact('Layout', () => doc.addContent(line(x, underline, x + run.width, underline, { width: 0.5, color: COLORS.link })));
  // The link's description for assistive technology is its address.
  const annotate = (structParent?: number): void =>
    linkAnnotation(doc, { x, y: top, width: run.width, height: tl.height }, { uri: href }, href, structParent);
  if (owner) tags.annotation(owner, annotate);
  else annotate();
}
