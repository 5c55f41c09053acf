import fs from 'node:fs';
import * as fontkit from 'fontkit';
import type { RunFont } from '../bidi';

/**
 * The fonts a booklet PDF may use, all OFL TrueType files from npm packages:
 * Noto Sans for Latin and Cyrillic (en, az, uk, ru: ə ğ ı İ ş, і ї є ґ ʼ) and Vazirmatn for Arabic
 * and Persian. Vazirmatn is chosen over Noto Naskh/Noto Sans Arabic because those compose dotted
 * letters from a dotless base plus dot glyphs, and text extraction then confuses ب/ت/ث/ن/ي.
 * Vazirmatn has no italic: italic Arabic runs use the upright face.
 */
export const FONT_FILES = {
  'latin-regular': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'latin-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  'latin-italic': '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  'latin-bold-italic': '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
  'arabic-regular': 'vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf',
  'arabic-bold': 'vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf',
} as const;

export type FontKey = keyof typeof FONT_FILES;

export const FONT_KEYS = Object.keys(FONT_FILES) as FontKey[];

/** The font file that draws a run. */
export function fontKeyFor(font: RunFont): FontKey {
  if (font.script === 'arabic') return font.bold ? 'arabic-bold' : 'arabic-regular';
  if (font.bold) return font.italic ? 'latin-bold-italic' : 'latin-bold';
  return font.italic ? 'latin-italic' : 'latin-regular';
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
