import type { EncodedText, PdfFont } from '../pdfkit/fonts';
import { textString } from '../pdfkit/structure';
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
 * one per operator. Marks placed on glyphs are drawn as shapes after the text object.
 *
 * Coordinates are pdfkit's (origin top left, y down): pdfkit's page content starts by flipping
 * the y axis, so each run's text matrix flips it back (1 0 0 -1 x y).
 */
export class TextObject {
  private readonly ops: string[] = ['BT'];
  /** Drawing operators of the marks, written after the text object. */
  private readonly marks: string[] = [];
  private font = '';
  private color = '';
  /** The current text rise (Ts), thousandths of the font size times the size (points). */
  private rise = 0;

  /**
   * Writes `text` with `font` at `size` so that its glyphs start at (x, baseline y). `mirrored`:
   * the bidi layer mirrored its brackets (right-to-left run). `actualText`: text for PDFium to read
   * instead of the run's glyphs (see tagging/pdfium-order.ts), in a marked-content span of its own.
   */
  run(font: PdfFont, size: number, color: string, text: string, x: number, y: number, mirrored = false, actualText?: string): void {
    const tf = `/${font.id} ${num(size)} Tf`;
    if (tf !== this.font) {
      this.ops.push(tf);
      this.font = tf;
    }
    if (color !== this.color) {
      this.ops.push(`${rgb(color)} rg`);
      this.color = color;
    }
    // Not a Span: PDFium reads /ActualText of any marked content; poppler only of a Span.
    if (actualText !== undefined) this.ops.push(`/PDFiumText <</ActualText ${textString(actualText)}>> BDC`);
    const encoded = font.encode(text, mirrored);
    this.glyphs(encoded, size, x, y);
    if (actualText !== undefined) this.ops.push('EMC');
    this.drawMarks(font, encoded, size, color, x, y);
  }

  /**
   * Shows glyphs with their shaping positions in one flow of TJ operators: where a glyph must start
   * away from where the previous one's width leaves the pen (kerning, cursive joins), a TJ
   * adjustment moves it there; a glyph placed above or below the baseline is raised with Ts. The
   * text matrix is set once per run, so readers see a run as one piece of text.
   */
  private glyphs(encoded: EncodedText, size: number, x: number, y: number): void {
    const { codes: hex, positions } = encoded;
    const scale = size / 1000;
    const ops = this.ops;
    let parts: string[] = [];
    let codes = '';
    const flushCodes = (): void => {
      if (codes !== '') parts.push(`<${codes}>`);
      codes = '';
    };
    const flush = (): void => {
      flushCodes();
      if (parts.length > 0) ops.push(`[${parts.join(' ')}] TJ`);
      parts = [];
    };
    ops.push(`1 0 0 -1 ${num(x)} ${num(y)} Tm`);
    // Where the shaped pen is relative to the PDF's pen (which moves by each glyph's own width).
    let drift = 0;
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i] as PdfGlyphPosition;
      const rise = pos.yOffset === 0 ? 0 : pos.yOffset * scale;
      if (rise !== this.rise) {
        flush();
        ops.push(`${num(rise)} Ts`);
        this.rise = rise;
      }
      const shift = drift + pos.xOffset;
      if (Math.abs(shift) >= 0.0005) {
        flushCodes();
        parts.push(num(-shift));
      }
      codes += hex[i] as string;
      drift = pos.xAdvance - pos.advanceWidth - pos.xOffset;
    }
    flush();
  }

  /** Queues the marks placed on the run's glyphs: each mark's shape, scaled and placed. */
  private drawMarks(font: PdfFont, encoded: EncodedText, size: number, color: string, x: number, y: number): void {
    const all = encoded.marks;
    if (!all) return;
    this.marks.push(`${rgb(color)} rg`);
    const scale = size / 1000;
    const unit = size / font.unitsPerEm;
    let pen = x;
    encoded.positions.forEach((pos, i) => {
      for (const m of all[i] ?? []) {
        const name = font.markShape(m.id);
        this.marks.push(`q ${num(unit)} 0 0 ${num(-unit)} ${num(pen + m.dx * scale)} ${num(y - m.dy * scale)} cm /${name} Do Q`);
      }
      pen += pos.xAdvance * scale;
    });
  }

  /** The operators, ending the text object, then the marks. */
  end(): string {
    if (this.rise !== 0) this.ops.push('0 Ts'); // the text rise outlives the text object
    this.ops.push('ET');
    return (this.marks.length > 0 ? [...this.ops, ...this.marks] : this.ops).join('\n');
  }
}
