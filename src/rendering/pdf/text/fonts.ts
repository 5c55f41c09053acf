import fs from 'node:fs';
import * as fontkit from 'fontkit';
import type { RunFont } from '../../bidi';
import { FAMILY_NAMES, FONT_FAMILIES, FontFamilyName } from '../../fonts/families';

type Families = typeof FONT_FAMILIES;
/** A face a family has: 'regular', 'bold', and for some families 'italic' and 'bold-italic'. */
type FaceOf<F extends FontFamilyName> = keyof Families[F]['files'] & string;

/** One font file: a family's face, 'latin-regular', 'arabic-bold', 'georgian-regular', … */
export type FontKey = { [F in FontFamilyName]: `${F}-${FaceOf<F>}` }[FontFamilyName];

/** The font files a booklet PDF may use (see FONT_FAMILIES), as paths that require.resolve finds. */
export const FONT_FILES = Object.fromEntries(
  FAMILY_NAMES.flatMap((family) => Object.entries(FONT_FAMILIES[family].files).map(([face, file]) => [`${family}-${face}`, file])),
) as Readonly<Record<FontKey, string>>;

export const FONT_KEYS = Object.keys(FONT_FILES) as FontKey[];

const keys = new Map<RunFont, FontKey>();

/** The font file that draws a run (a family without italics draws italic runs upright). */
export function fontKeyFor(font: RunFont): FontKey {
  let key = keys.get(font);
  if (key === undefined) {
    const face = font.bold ? (font.italic ? 'bold-italic' : 'bold') : font.italic ? 'italic' : 'regular';
    const italicKey = `${font.script}-${face}`;
    key = (italicKey in FONT_FILES ? italicKey : `${font.script}-${font.bold ? 'bold' : 'regular'}`) as FontKey;
    keys.set(font, key);
  }
  return key;
}

/** The family a font file belongs to ('latin-bold-italic' -> 'latin'). */
export function familyOfKey(key: FontKey): FontFamilyName {
  return key.slice(0, key.indexOf('-')) as FontFamilyName;
}

/** The regular face of a family: the font whose metrics set a paragraph's baseline. */
export function regularFontKey(family: FontFamilyName): FontKey {
  return `${family}-regular`;
}

const bytes = new Map<FontKey, Buffer>();
const parsed = new Map<FontKey, fontkit.Font>();

/** The font file's bytes, read from disk once per process. */
export function fontBytes(key: FontKey): Buffer {
  let b = bytes.get(key);
  if (!b) {
    b = fs.readFileSync(require.resolve(FONT_FILES[key]));
    bytes.set(key, b);
  }
  return b;
}

/**
 * The parsed font, shared by every document of the process. Parsing and the first layout (which
 * decodes the GSUB/GPOS tables) cost up to ~100 ms per font; pdfkit would redo that per document.
 * fontkit fonts are only read after parsing, and rendering is synchronous, so sharing is safe.
 */
export function sharedFont(key: FontKey): fontkit.Font {
  let f = parsed.get(key);
  if (!f) {
    f = fontkit.create(fontBytes(key));
    parsed.set(key, f);
  }
  return f;
}

/** Vertical metrics of a font as fractions of the font size (descent positive, below the baseline). */
export interface FontMetrics {
  ascent: number;
  descent: number;
}

/** Ascent and descent of a font, relative to its size. */
export function fontMetrics(key: FontKey): FontMetrics {
  const f = sharedFont(key);
  return { ascent: f.ascent / f.unitsPerEm, descent: -f.descent / f.unitsPerEm };
}
