import type { PdfFont } from './pdfkit-fonts';
import type { PdfGlyphPosition } from './shaping';

/** A number as a PDF operand: at most 3 decimals, no exponent, no trailing zeros. */
export function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

const colorOperands = new Map<string, string>();

/** "#rrggbb" as the operands of a colour operator ("r g b"). */
export function rgb(hex: string): string {
  let ops = colorOperands.get(hex);
  if (ops === undefined) {
    const v = parseInt(hex.slice(1), 16);
    ops = [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff].map((c) => num(c / 255)).join(' ');
    colorOperands.set(hex, ops);
  }
  return ops;
}

/**
 * Builds one text object (BT … ET) for a line: runs of glyphs, each with its font, size, colour
 * and start point, written as one string, which pdfkit turns into one Buffer per line instead of
 * one per operator.
 *
 * Coordinates are pdfkit's (origin top left, y down): pdfkit's page content starts by flipping
 * the y axis, so each run's text matrix flips it back (1 0 0 -1 x y).
 */
export class TextObject {
  private readonly ops: string[] = ['BT'];
  private font = '';
  private color = '';

  /** Writes `text` with `font` at `size` so that its glyphs start at (x, baseline y). */
  run(font: PdfFont, size: number, color: string, text: string, x: number, y: number): void {
    const tf = `/${font.id} ${num(size)} Tf`;
    if (tf !== this.font) {
      this.ops.push(tf);
      this.font = tf;
    }
    if (color !== this.color) {
      this.ops.push(`${rgb(color)} rg`);
      this.color = color;
    }
    const [encoded, positions] = font.encode(text);
    this.glyphs(encoded, positions, size, x, y);
  }

  /**
   * Shows glyphs with their shaping positions: advances that differ from the glyph's own width
   * become TJ adjustments; glyphs moved off the pen position (Arabic marks placed by GPOS) get
   * their own text matrix, as pdfkit does.
   */
  private glyphs(encoded: string[], positions: PdfGlyphPosition[], size: number, x: number, y: number): void {
    const scale = size / 1000;
    const ops = this.ops;
    let segment: string[] = [];
    let last = 0;
    const addSegment = (cur: number): void => {
      if (last < cur) {
        const pos = positions[cur - 1] as PdfGlyphPosition;
        const adjust = pos.xAdvance - pos.advanceWidth;
        segment.push(`<${encoded.slice(last, cur).join('')}> ${num(-adjust)}`);
      }
      last = cur;
    };
    const flush = (cur: number): void => {
      addSegment(cur);
      if (segment.length > 0) {
        ops.push(`[${segment.join(' ')}] TJ`);
        segment = [];
      }
    };
    ops.push(`1 0 0 -1 ${num(x)} ${num(y)} Tm`);
    let moved = false;
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i] as PdfGlyphPosition;
      if (pos.xOffset !== 0 || pos.yOffset !== 0) {
        flush(i);
        ops.push(`1 0 0 -1 ${num(x + pos.xOffset * scale)} ${num(y - pos.yOffset * scale)} Tm`);
        flush(i + 1);
        moved = true;
      } else {
        if (moved) {
          ops.push(`1 0 0 -1 ${num(x)} ${num(y)} Tm`);
          moved = false;
        }
        if (pos.xAdvance !== pos.advanceWidth) addSegment(i + 1);
      }
      x += pos.xAdvance * scale;
    }
    flush(positions.length);
  }

  /** The operators, ending the text object. */
  end(): string {
    this.ops.push('ET');
    return this.ops.join('\n');
  }
}
