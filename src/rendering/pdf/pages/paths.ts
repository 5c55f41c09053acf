import { num, rgb } from '../text/glyphs';

/*
 * Decoration (rules, frames, underlines, dot leaders) as raw path operators: one string per shape
 * instead of pdfkit's path API, which writes one buffer per operator and normalizes the colour
 * on every call. Coordinates are pdfkit's (origin top left); each shape saves and restores the
 * graphics state.
 */

/** Options of a stroked line. */
export interface LineStyle {
  width: number;
  color: string;
  /** Round caps (with a near-zero dash: dots). */
  round?: boolean;
  /** [dash, gap] lengths. */
  dash?: readonly [number, number];
  /** Distance into the dash pattern at which the line starts. */
  phase?: number;
}

function strokeState(style: LineStyle): string {
  let ops = `q\n${num(style.width)} w\n${rgb(style.color)} RG`;
  if (style.round) ops += '\n1 J';
  if (style.dash) ops += `\n[${num(style.dash[0])} ${num(style.dash[1])}] ${num(style.phase ?? 0)} d`;
  return ops;
}

/** A straight line from (x1, y1) to (x2, y2). */
export function line(x1: number, y1: number, x2: number, y2: number, style: LineStyle): string {
  return `${strokeState(style)}\n${num(x1)} ${num(y1)} m\n${num(x2)} ${num(y2)} l\nS\nQ`;
}

/** A rectangle filled with `color` (no outline). */
export function filledRectangle(x: number, y: number, width: number, height: number, color: string): string {
  return `q\n${rgb(color)} rg\n${num(x)} ${num(y)} ${num(width)} ${num(height)} re\nf\nQ`;
}

/** The outline of a rectangle. */
export function rectangle(x: number, y: number, width: number, height: number, style: LineStyle): string {
  return `${strokeState(style)}\n${num(x)} ${num(y)} ${num(width)} ${num(height)} re\nS\nQ`;
}
