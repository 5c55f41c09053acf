import { breakLines } from './breaking';
import { lineRuns } from './runs';
import { paragraphText } from './text';
import type { ParagraphInput, ParagraphLayout } from './types';

export type { FontScript, LaidOutLine, LineRun, MeasureText, ParagraphInput, ParagraphLayout, RunFont } from './types';
export { drawTextFor } from './runs';
export { ALM, bidiClass, LRM, mirrorChar, RLM } from './levels';
export { fontkitReverses } from './script';
export { runFont } from './text';

/**
 * Lays out one paragraph of styled spans for a page: lines broken in logical order while measuring
 * widths, then per line runs of one bidi level, style and font, in visual order, with bracket
 * mirroring and x positions (right-aligned for right-to-left text). Pure: the only outside call
 * is `input.measure`.
 */
export function layoutParagraph(input: ParagraphInput): ParagraphLayout {
  const p = paragraphText(input.spans, input.dir, input.defaultScript);
  const align = input.align ?? 'start';
  const lines = breakLines(p, input.width, input.measure).map((range) => lineRuns(p, range, input.width, input.measure, align));
  return { text: p.text, lines };
}
