import LineBreaker from 'linebreak';
import { measureRange, ParagraphText } from './text';
import type { MeasureText } from './types';

/** A line as a logical range of the paragraph text; `end` excludes the trailing spaces. */
export interface LineRange {
  start: number;
  end: number;
}

// Spaces that may hang past the end of a line: they are not drawn and do not count for width.
const HANGING_SPACE = /[ \u1680\u2000-\u200B\u205F\u3000]/;
// A hyphen inside a word ("e-poçt", "QHT-dən"): no line break after it. Readers based on poppler
// take a hyphen at the end of a line for a hyphenation hyphen and join the two lines' words
// without it ("epoçt").
const IN_WORD_HYPHEN = /[\p{L}\p{N}]-$/u;
const WORD_START = /^[\p{L}\p{N}]/u;
// Characters that stay with the character before them when a too-long word must be cut.
const EXTENDER = /[\p{M}\u200C\u200D\uFE00-\uFE0F\u{DC00}-\u{DFFF}]/u;

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && HANGING_SPACE.test(text[end - 1] as string)) end--;
  return end;
}

/**
 * Breaks a paragraph into lines no wider than `width`, in logical order (before any reordering, as
 * UAX #9 requires): break opportunities come from the Unicode line breaking algorithm (UAX #14),
 * and lines are filled greedily, never after a hyphen inside a word. A word wider than the whole
 * line (a long address) is cut between characters; no hyphen is added, so copied text stays the
 * source text.
 */
export function breakLines(p: ParagraphText, width: number, measure: MeasureText): LineRange[] {
  const { text } = p;
  const lines: LineRange[] = [];
  if (text === '') return lines;
  const breaker = new LineBreaker(text);
  let lineStart = 0;
  let lineWidth = 0; // width from lineStart to the last accepted break, trailing spaces included
  let last = 0;
  for (let bk = breaker.nextBreak(); bk !== null; bk = breaker.nextBreak()) {
    const segEnd = bk.position;
    if (segEnd <= last) continue;
    if (!bk.required && IN_WORD_HYPHEN.test(text.slice(Math.max(0, segEnd - 3), segEnd)) && WORD_START.test(text.slice(segEnd, segEnd + 2)))
      continue;
    const wordEnd = trimEnd(text, last, segEnd);
    const wordWidth = measureRange(p, last, wordEnd, measure);
    const spaceWidth = wordEnd < segEnd ? measureRange(p, wordEnd, segEnd, measure) : 0;
    if (lineStart < last && lineWidth + wordWidth > width) {
      lines.push({ start: lineStart, end: trimEnd(text, lineStart, last) });
      lineStart = last;
      lineWidth = 0;
    }
    if (lineStart === last && wordWidth > width) {
      // Cut the word: every full chunk becomes a line; the rest starts the current line.
      const chunks = cutWord(p, last, wordEnd, width, measure);
      for (const chunk of chunks.slice(0, -1)) lines.push(chunk);
      const rest = chunks[chunks.length - 1] as LineRange;
      lineStart = rest.start;
      lineWidth = measureRange(p, rest.start, rest.end, measure);
    } else {
      lineWidth += wordWidth;
    }
    lineWidth += spaceWidth;
    last = segEnd;
    if (bk.required && segEnd < text.length) {
      lines.push({ start: lineStart, end: trimEnd(text, lineStart, segEnd) });
      lineStart = segEnd;
      lineWidth = 0;
    }
  }
  const end = trimEnd(text, lineStart, text.length);
  if (end > lineStart) lines.push({ start: lineStart, end });
  return lines;
}

/** Cuts [start, end) into chunks that fit `width`, never inside a cluster; at least one per chunk. */
function cutWord(p: ParagraphText, start: number, end: number, width: number, measure: MeasureText): LineRange[] {
  const chunks: LineRange[] = [];
  let chunkStart = start;
  let i = start;
  while (i < end) {
    let next = i + 1;
    while (next < end && EXTENDER.test(p.text[next] as string)) next++;
    if (next > chunkStart && i > chunkStart && measureRange(p, chunkStart, next, measure) > width) {
      chunks.push({ start: chunkStart, end: i });
      chunkStart = i;
    }
    i = next;
  }
  chunks.push({ start: chunkStart, end });
  return chunks;
}
