import type * as fontkit from 'fontkit';

/** A glyph's outline as PDF path operators, in font units with y up, filled (nonzero winding). */
export interface MarkOutline {
  operators: string;
  /** [xMin, yMin, xMax, yMax] in font units. */
  bbox: [number, number, number, number];
}

const outlines = new WeakMap<fontkit.Font, Map<number, MarkOutline>>();

/** At most two decimals: font units are integers, but converted curves are not. */
function n(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * The outline of glyph `id`: TrueType's quadratic curves become cubic ones (the PDF path operators
 * have no quadratic curve). Marks are drawn this way so that they are not text (see shaping.ts).
 * Cached per font and glyph.
 */
export function markOutline(font: fontkit.Font, id: number): MarkOutline {
  let byId = outlines.get(font);
  if (!byId) {
    byId = new Map();
    outlines.set(font, byId);
  }
  let outline = byId.get(id);
  if (outline) return outline;
  const glyph = font.getGlyph(id);
  const ops: string[] = [];
  let x = 0;
  let y = 0;
  for (const { command, args } of glyph.path.commands) {
    switch (command) {
      case 'moveTo':
      case 'lineTo':
        [x, y] = args as [number, number];
        ops.push(`${n(x)} ${n(y)} ${command === 'moveTo' ? 'm' : 'l'}`);
        break;
      case 'quadraticCurveTo': {
        const [qx, qy, ex, ey] = args as [number, number, number, number];
        ops.push(
          `${n(x + (2 / 3) * (qx - x))} ${n(y + (2 / 3) * (qy - y))} ${n(ex + (2 / 3) * (qx - ex))} ${n(ey + (2 / 3) * (qy - ey))} ${n(ex)} ${n(ey)} c`,
        );
        [x, y] = [ex, ey];
        break;
      }
      case 'bezierCurveTo': {
        const [c1x, c1y, c2x, c2y, ex, ey] = args as [number, number, number, number, number, number];
        ops.push(`${n(c1x)} ${n(c1y)} ${n(c2x)} ${n(c2y)} ${n(ex)} ${n(ey)} c`);
        [x, y] = [ex, ey];
        break;
      }
      case 'closePath':
        ops.push('h');
        break;
    }
  }
  ops.push('f');
  const b = glyph.bbox;
  const bbox: MarkOutline['bbox'] = Number.isFinite(b.minX)
    ? [Math.floor(b.minX), Math.floor(b.minY), Math.ceil(b.maxX), Math.ceil(b.maxY)]
    : [0, 0, 0, 0];
  outline = { operators: ops.join('\n'), bbox };
  byId.set(id, outline);
  return outline;
}
