import type { LineRange } from './breaking';
import { lineLevels, mirrorRun, visualOrder } from './levels';
import { fontkitReverses, reverseClusters, stripBidiControls } from './script';
import { fontAt, ParagraphText } from './text';
import type { LaidOutLine, LineRun, MeasureText } from './types';

/**
 * The string to hand to pdfkit for a run so its glyphs come out in visual order.
 *
 * pdfkit draws glyphs in the order fontkit returns them, and fontkit reverses a string when its
 * first script-bearing character is right-to-left (Arabic letters and Arabic-Indic digits), whatever
 * the bidi level. The run must appear reversed exactly when its level is odd, so the text is
 * pre-reversed when the two disagree: an odd run of brackets or European digits only (fontkit keeps
 * it), or an even run of Arabic-Indic digits (fontkit would reverse it).
 */
export function drawTextFor(logical: string, level: number): string {
  const rtl = (level & 1) === 1;
  return rtl === fontkitReverses(logical) ? logical : reverseClusters(logical);
}

/** The link a character belongs to, if any. */
function hrefAt(p: ParagraphText, index: number): string | undefined {
  return p.spans[p.spanOf[index] as number]?.href;
}

/**
 * Splits one line into runs of one level, one font and one link, orders them visually (rule L2),
 * mirrors brackets in right-to-left runs (rule L4) and places them: right-aligned for a
 * right-to-left paragraph, left-aligned otherwise, or centred.
 */
export function lineRuns(p: ParagraphText, range: LineRange, width: number, measure: MeasureText, align: 'start' | 'center'): LaidOutLine {
  const levels = lineLevels(p.text, p.levels, range.start, range.end, p.dir);
  const runs: LineRun[] = [];
  let a = range.start;
  while (a < range.end) {
    const level = levels[a - range.start] as number;
    let b = a + 1;
    // Spans that draw alike stay one run: a reader that keeps the order of the file (pdf.js)
    // loses a space between two runs of right-to-left text.
    const font = fontAt(p, a);
    const href = hrefAt(p, a);
    while (b < range.end && levels[b - range.start] === level && fontAt(p, b) === font && hrefAt(p, b) === href) {
      b++;
    }
    // Mirroring uses the paragraph levels: rule L1 only moves trailing whitespace, never mirrored.
    const shaped = (level & 1) === 1 ? mirrorRun(p.text, p.levels, a, b) : p.text.slice(a, b);
    const visible = stripBidiControls(shaped);
    if (visible !== '') {
      const run: LineRun = {
        text: stripBidiControls(p.text.slice(a, b)),
        drawText: drawTextFor(visible, level),
        start: a,
        end: b,
        level,
        font,
        x: 0,
        width: measure(visible, font),
      };
      if (href !== undefined) run.href = href;
      runs.push(run);
    }
    a = b;
  }
  const ordered = visualOrder(runs.map((r) => r.level)).map((i) => runs[i] as LineRun);
  const lineWidth = ordered.reduce((sum, r) => sum + r.width, 0);
  let x = align === 'center' ? (width - lineWidth) / 2 : p.dir === 'rtl' ? width - lineWidth : 0;
  for (const run of ordered) {
    run.x = x;
    x += run.width;
  }
  return { runs: ordered, width: lineWidth, start: range.start, end: range.end };
}
