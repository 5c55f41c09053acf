import type { Span } from '../../../src/content/blocks';
import type { LaidOutLine, MeasureText, RunFont } from '../../../src/rendering/bidi';

/** A fake measurer: every character (code point) is 5 points wide, whatever the font. */
export const fiveEach: MeasureText = (text: string) => Array.from(text).length * 5;

/** A measurer that records which (text, font) pairs were asked for. */
export function recordingMeasurer(): { measure: MeasureText; calls: { text: string; font: RunFont }[] } {
  const calls: { text: string; font: RunFont }[] = [];
  return { calls, measure: (text, font) => (calls.push({ text, font }), fiveEach(text, font)) };
}

export function plain(text: string): Span {
  return { text, bold: false, italic: false };
}

/** What the reader sees, left to right, if fontkit reverses exactly the strings it detects as RTL. */
export function visualLine(line: LaidOutLine, reverses: (text: string) => boolean): string {
  return line.runs.map((r) => (reverses(r.drawText) ? Array.from(r.drawText).reverse().join('') : r.drawText)).join('');
}
