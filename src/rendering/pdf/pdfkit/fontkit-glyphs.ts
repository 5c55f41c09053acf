import type * as fontkit from 'fontkit';

// The one fontkit internal the shaping stage relies on (Font._glyphs), kept with the pdfkit
// adapters' rule: only the files in this folder reach into pdfkit or fontkit.

/**
 * fontkit caches Glyph objects by glyph id together with the characters of their first use, and
 * `layout` reports those cached characters: a glyph shared by two characters (Persian ی and
 * Arabic ي have the same medial form in Vazirmatn) or first created by another lookup would map
 * back to the wrong text in the PDF's ToUnicode table. Emptying the cache before shaping a word
 * makes every glyph carry the characters it was shaped from in this word. Words are shaped once
 * and then cached here, so the cost is paid once per word.
 */
export function forgetGlyphCharacters(font: fontkit.Font): void {
  const cache = font as unknown as { _glyphs?: Record<number, unknown> };
  if (cache._glyphs === undefined)
    throw new Error('fontkit internals changed: Font._glyphs not found (see src/rendering/pdf/pdfkit/fontkit-glyphs.ts)');
  cache._glyphs = {};
}
