/**
 * Types for the parts of fontkit 2.0 the PDF renderer uses (fontkit ships no types and
 * @types/fontkit is not a dependency). Units are font units unless noted.
 */
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    /** The characters this glyph stands for (several for a ligature such as lam-alef). */
    codePoints: number[];
    advanceWidth: number;
    name?: string;
    /** The outline, y up. */
    path: { commands: { command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath'; args: number[] }[] };
    /** The bounding box of the outline. */
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
  }

  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }

  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    /** OpenType script tag fontkit detected (or was given), e.g. "arab", "latn". */
    script: string;
    /** "rtl" when fontkit reversed the glyphs because the script is written right to left. */
    direction: 'ltr' | 'rtl';
    advanceWidth: number;
  }

  /** Features as a list to turn on, or a map of feature tag to on/off. */
  export type Features = string[] | Record<string, boolean>;

  export interface Subset {
    /** Adds a glyph (by id in the full font) and returns its id in the subset. */
    includeGlyph(glyphId: number): number;
    /** Ids (in the full font) of the glyphs in the subset, in subset order. */
    glyphs: number[];
    encode(): Uint8Array;
  }

  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    layout(text: string, features?: Features, script?: string, language?: string, direction?: 'ltr' | 'rtl'): GlyphRun;
    hasGlyphForCodePoint(codePoint: number): boolean;
    /** The glyph the character map gives for a character (.notdef, id 0, when there is none). */
    glyphForCodePoint(codePoint: number): Glyph;
    /** The glyph with this id. */
    getGlyph(id: number): Glyph;
    createSubset(): Subset;
  }

  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
