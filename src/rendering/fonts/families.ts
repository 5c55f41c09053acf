/*
 * The font families a booklet PDF can use, one per group of Unicode scripts. This file is only data
 * and a few lookups (no fontkit, no pdfkit), so the layout code, the PDF renderer and the language
 * registry can all import it.
 *
 * To support another script: install its font package with `npm install --save-exact`, add one
 * entry to FONT_FAMILIES, and check its line height against the font's ascent + descent. Nothing else
 * names a family. Every file is an OFL TrueType font from npm.
 */

/** The faces of a family, as paths that `require.resolve` finds. Missing italics are drawn upright. */
interface FontFiles {
  regular: string;
  bold: string;
  italic?: string;
  'bold-italic'?: string;
}

export interface FontFamily {
  /**
   * ISO 15924 codes of the scripts the family draws (the codes languages name, and Unicode's short
   * names for the Script property). 'Zyyy' (Common) is the script of digits and punctuation.
   */
  scripts: readonly string[];
  files: FontFiles;
  /** Line height as a multiple of the font size: the font's ascent + descent plus some air. */
  lineHeight: number;
  /** A short text in the family's script, shaped ahead of the first request (warmUpPdfRenderer). */
  sample: string;
}

const NOTO = '@expo-google-fonts';

/**
 * A Noto Sans family for one script from its @expo-google-fonts package (regular and bold; these
 * have no italic). They share Noto Sans's vertical metrics (1.36 em), so its line height.
 */
function notoSans(name: string, script: string, sample: string): FontFamily {
  const pkg = `${NOTO}/noto-sans-${name.toLowerCase()}`;
  return {
    scripts: [script],
    files: { regular: `${pkg}/400Regular/NotoSans${name}_400Regular.ttf`, bold: `${pkg}/700Bold/NotoSans${name}_700Bold.ttf` },
    lineHeight: 1.42,
    sample,
  };
}

export const FONT_FAMILIES = {
  /**
   * Noto Sans: Latin, Cyrillic and Greek (en, az: ə ğ ı İ ş, uk: і ї є ґ ʼ, ru). Also the family of
   * last resort: letters of a script no family lists are given to it, and the missing-character
   * check reports those it cannot draw.
   */
  latin: {
    scripts: ['Latn', 'Cyrl', 'Grek', 'Zyyy'],
    files: {
      regular: `${NOTO}/noto-sans/400Regular/NotoSans_400Regular.ttf`,
      bold: `${NOTO}/noto-sans/700Bold/NotoSans_700Bold.ttf`,
      italic: `${NOTO}/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf`,
      'bold-italic': `${NOTO}/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf`,
    },
    lineHeight: 1.42, // ascent + descent 1.36 em
    sample: 'Law Кожен İş 916',
  },
  /**
   * Vazirmatn for Arabic and Persian, rather than Noto Naskh/Noto Sans Arabic: those compose dotted
   * letters from a dotless base plus dot glyphs, and text extraction then confuses ب/ت/ث/ن/ي.
   */
  arabic: {
    scripts: ['Arab'],
    files: { regular: 'vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf', bold: 'vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf' },
    lineHeight: 1.8, // Arabic letters reach higher and lower: ascent + descent 1.56 em
    sample: 'اتصل بالرقم 916',
  },
  georgian: notoSans('Georgian', 'Geor', 'ტელეფონი 916'),
  armenian: notoSans('Armenian', 'Armn', 'Հեռախոս 916'),
  ethiopic: notoSans('Ethiopic', 'Ethi', 'ስልክ 916።'),
  hebrew: notoSans('Hebrew', 'Hebr', 'טלפון 916'),
} as const satisfies Record<string, FontFamily>;

/** The name of a font family: 'latin', 'arabic', 'georgian', … */
export type FontFamilyName = keyof typeof FONT_FAMILIES;

/** The families in registry order (an index into this list is how the layout stores a family). */
export const FAMILY_NAMES = Object.keys(FONT_FAMILIES) as FontFamilyName[];

/** The family for characters and languages of a script no family lists. */
export const FALLBACK_FAMILY: FontFamilyName = 'latin';

/**
 * Scripts whose letters must be reordered or recombined by a shaper that fontkit 2.0 does not have
 * (node_modules/fontkit/src/opentype/shapers/index.js; HarfBuzz has one for each): a font alone
 * would draw them wrong, so no family may list them.
 */
const NO_FONTKIT_SHAPER = new Set(['Mymr']);

const byScript = new Map<string, FontFamilyName>();
for (const name of FAMILY_NAMES) for (const script of FONT_FAMILIES[name].scripts) byScript.set(script, name);

/** The family that draws text of the script with this ISO 15924 code ('Geor' -> 'georgian'), if any. */
export function fontFamilyForScript(iso15924: string): FontFamilyName | undefined {
  return byScript.get(iso15924);
}

export type ScriptSupport = { ok: true; family: FontFamilyName } | { ok: false; reason: string };

const scriptNames = new Intl.DisplayNames(['en'], { type: 'script', fallback: 'none' });

/**
 * Whether booklets can be printed in a script, for the language registry to ask when a language is
 * added: `{ ok: false }` with a reason in English that names the script, e.g.
 * `no font for the Myanmar script (Mymr): fontkit cannot shape it`.
 */
export function scriptSupport(iso15924: string): ScriptSupport {
  const family = fontFamilyForScript(iso15924);
  if (family) return { ok: true, family };
  if (!isUnicodeScript(iso15924)) return { ok: false, reason: `"${iso15924}" is not an ISO 15924 script code that Unicode knows` };
  const name = scriptNames.of(iso15924);
  const script = name ? `the ${name} script (${iso15924})` : `script "${iso15924}"`;
  if (NO_FONTKIT_SHAPER.has(iso15924)) return { ok: false, reason: `no font for ${script}: fontkit cannot shape it` };
  return { ok: false, reason: `no font installed for ${script}` };
}

/** Whether a code names a script of the Unicode Script property ('Geor' yes, 'Geok' or 'geor' no). */
function isUnicodeScript(code: string): boolean {
  if (!/^[A-Z][a-z]{3}$/.test(code)) return false;
  try {
    new RegExp(`\\p{Script=${code}}`, 'u');
    return true;
  } catch {
    return false;
  }
}
