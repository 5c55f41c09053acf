import type { FontScript } from './types';

/*
 * Character classes the layout needs, memoized per BMP code point: the regular expressions with
 * Unicode property escapes are exact but slow, and a booklet runs tens of thousands of characters
 * through them per render.
 */

const UNKNOWN = 0;

/** Font class of a character: which family draws it, or "neutral" to follow its neighbours. */
const enum FontClass {
  Neutral = 1,
  Latin = 2,
  Arabic = 3,
}

/** Whether fontkit's script detection skips a character, or stops at it (and at which direction). */
const enum ScriptClass {
  NoScript = 1,
  Ltr = 2,
  Rtl = 3,
}

// Arabic-script blocks: letters, Arabic-Indic and Persian digits and Arabic punctuation all need
// the Arabic font (Noto Sans has none of them), so for font choice they all count as Arabic.
const ARABIC_BLOCKS = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]/;
const LETTER = /\p{L}/u;

// fontkit (layout/Script.js) takes the script of the first character whose script is not Common,
// Inherited or Unknown, and reverses the whole run when that script is written right to left.
const NO_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const RTL_SCRIPT = new RegExp(
  `[${[
    'Arabic', 'Hebrew', 'Syriac', 'Thaana', 'Cypriot', 'Kharoshthi', 'Phoenician', 'Nko', 'Lydian',
    'Avestan', 'Imperial_Aramaic', 'Inscriptional_Pahlavi', 'Inscriptional_Parthian',
    'Old_South_Arabian', 'Old_Turkic', 'Samaritan', 'Mandaic', 'Meroitic_Cursive',
    'Meroitic_Hieroglyphs', 'Manichaean', 'Mende_Kikakui', 'Nabataean', 'Old_North_Arabian',
    'Palmyrene', 'Psalter_Pahlavi',
  ]
    .map((s) => `\\p{Script=${s}}`)
    .join('')}]`,
  'u',
);

// Arabic characters added to Unicode after the data fontkit 2.0 carries: fontkit sees no script in
// them (so does not reverse because of them), while Node's newer data calls them Arabic.
const NEWER_THAN_FONTKIT = /[\u061D\u0870-\u0891\u0897-\u089F\u08B5\u08BE-\u08D2\uFBC2-\uFBD2\uFD40-\uFD4F\uFD90\uFD91\uFDC8-\uFDCF\uFDFE\uFDFF]/;

// Characters that only steer the bidi algorithm: invisible, and fonts have no glyph for them.
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Characters that belong to the preceding character when a string is reversed by clusters.
const CLUSTER_EXTENDER = /[\p{M}\u200C\u200D\uFE00-\uFE0F]/u;

const fontClassMemo = new Uint8Array(0x10000);
const scriptClassMemo = new Uint8Array(0x10000);

function computeFontClass(char: string): FontClass {
  if (ARABIC_BLOCKS.test(char)) return FontClass.Arabic;
  return LETTER.test(char) ? FontClass.Latin : FontClass.Neutral;
}

function fontClassOf(codePoint: number): FontClass {
  if (codePoint >= 0x10000) return computeFontClass(String.fromCodePoint(codePoint));
  let c = fontClassMemo[codePoint] as number;
  if (c === UNKNOWN) {
    c = computeFontClass(String.fromCharCode(codePoint));
    fontClassMemo[codePoint] = c;
  }
  return c;
}

function computeScriptClass(char: string): ScriptClass {
  if (NO_SCRIPT.test(char) || NEWER_THAN_FONTKIT.test(char)) return ScriptClass.NoScript;
  return RTL_SCRIPT.test(char) ? ScriptClass.Rtl : ScriptClass.Ltr;
}

function scriptClassOf(codePoint: number): ScriptClass {
  if (codePoint >= 0x10000) return computeScriptClass(String.fromCodePoint(codePoint));
  let c = scriptClassMemo[codePoint] as number;
  if (c === UNKNOWN) {
    c = computeScriptClass(String.fromCharCode(codePoint));
    scriptClassMemo[codePoint] = c;
  }
  return c;
}

/**
 * The font family a character needs, or null for characters that take their neighbours' family
 * (spaces, punctuation, European digits, combining marks, ZWNJ).
 */
export function fontScriptOf(codePoint: number): FontScript | null {
  const c = fontClassOf(codePoint);
  return c === FontClass.Arabic ? 'arabic' : c === FontClass.Latin ? 'latin' : null;
}

/**
 * True when fontkit will reverse the glyphs of this string on its own: its first character with a
 * real script (not Common/Inherited) belongs to a right-to-left script. Arabic-Indic digits count as
 * Arabic; European digits, spaces and brackets do not. Independent of bidi levels.
 */
export function fontkitReverses(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) {
      // ASCII letters are Latin (left to right); everything else in ASCII is Common.
      if ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a) return false;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i) as number;
      i++;
    }
    const c = scriptClassOf(cp);
    if (c !== ScriptClass.NoScript) return c === ScriptClass.Rtl;
  }
  return false;
}

/** True for invisible characters that only steer the bidi algorithm (LRI…PDI, LRM, RLM, ALM, …). */
export function isBidiControl(codeUnit: number): boolean {
  return (
    codeUnit === 0x061c ||
    codeUnit === 0x200e ||
    codeUnit === 0x200f ||
    (codeUnit >= 0x202a && codeUnit <= 0x202e) ||
    (codeUnit >= 0x2066 && codeUnit <= 0x2069)
  );
}

/** The text without bidi control characters (they are never drawn). */
export function stripBidiControls(text: string): string {
  return BIDI_CONTROL.test(text) ? text.replace(new RegExp(BIDI_CONTROL.source, 'g'), '') : text;
}

/**
 * Reverses a string by clusters (a character with the marks, joiners and variation selectors that
 * follow it), so a reversed run keeps each mark after its base character.
 */
export function reverseClusters(text: string): string {
  const clusters: string[] = [];
  for (const char of text) {
    const last = clusters.length - 1;
    if (last >= 0 && CLUSTER_EXTENDER.test(char)) clusters[last] += char;
    else clusters.push(char);
  }
  return clusters.reverse().join('');
}
