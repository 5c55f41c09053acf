import { FALLBACK_FAMILY, FAMILY_NAMES, FONT_FAMILIES, FontFamilyName } from '../fonts/families';

/*
 * Character classes the layout needs, memoized per BMP code point: the regular expressions with
 * Unicode property escapes are exact but slow, and a booklet runs tens of thousands of characters
 * through them per render.
 */

const UNKNOWN = 0;

/** Whether fontkit's script detection skips a character, or stops at it (and at which direction). */
const enum ScriptClass {
  NoScript = 1,
  Ltr = 2,
  Rtl = 3,
}

// Per family, its scripts as Unicode Script property values ('Geor' -> \p{Script=Geor}); Common
// (Zyyy) is left out: its characters (digits, punctuation) follow their neighbours.
const familyPattern = (property: string, name: FontFamilyName): RegExp =>
  new RegExp(
    `[${FONT_FAMILIES[name].scripts
      .filter((s) => s !== 'Zyyy')
      .map((s) => `\\p{${property}=${s}}`)
      .join('')}]`,
    'u',
  );
const FAMILY_SCRIPT = FAMILY_NAMES.map((name) => familyPattern('Script', name));
const FAMILY_SCRIPT_EXTENSIONS = FAMILY_NAMES.map((name) => familyPattern('Script_Extensions', name));
const FALLBACK_INDEX = FAMILY_NAMES.indexOf(FALLBACK_FAMILY);
// Common and Inherited: characters shared by scripts. Unknown: unassigned and private use.
const SHARED = /[\p{Script=Common}\p{Script=Inherited}\p{Script=Unknown}]/u;
const INHERITED = /[\p{Script=Inherited}\p{M}]/u;
const LETTER = /\p{L}/u;

// fontkit (layout/Script.js) takes the script of the first character whose script is not Common,
// Inherited or Unknown, and reverses the whole run when that script is written right to left.
const NO_SCRIPT = SHARED;
const RTL_SCRIPT = new RegExp(
  `[${[
    'Arabic',
    'Hebrew',
    'Syriac',
    'Thaana',
    'Cypriot',
    'Kharoshthi',
    'Phoenician',
    'Nko',
    'Lydian',
    'Avestan',
    'Imperial_Aramaic',
    'Inscriptional_Pahlavi',
    'Inscriptional_Parthian',
    'Old_South_Arabian',
    'Old_Turkic',
    'Samaritan',
    'Mandaic',
    'Meroitic_Cursive',
    'Meroitic_Hieroglyphs',
    'Manichaean',
    'Mende_Kikakui',
    'Nabataean',
    'Old_North_Arabian',
    'Palmyrene',
    'Psalter_Pahlavi',
  ]
    .map((s) => `\\p{Script=${s}}`)
    .join('')}]`,
  'u',
);

// Arabic characters added to Unicode after the data fontkit 2.0 carries: fontkit sees no script in
// them (so does not reverse because of them), while Node's newer data calls them Arabic.
const NEWER_THAN_FONTKIT =
  /[\u061D\u0870-\u0891\u0897-\u089F\u08B5\u08BE-\u08D2\uFBC2-\uFBD2\uFD40-\uFD4F\uFD90\uFD91\uFDC8-\uFDCF\uFDFE\uFDFF]/;

// Characters that only steer the bidi algorithm: invisible, and fonts have no glyph for them.
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
// Characters that belong to the preceding character when a string is reversed by clusters.
const CLUSTER_EXTENDER = /[\p{M}\u200C\u200D\uFE00-\uFE0F]/u;

/** Per BMP code point: 0 not looked up yet, 1 neutral, 2 + i the family FAMILY_NAMES[i]. */
const familyMemo = new Uint8Array(0x10000);
const scriptClassMemo = new Uint8Array(0x10000);

/**
 * The family of a character, as 2 + its index, or 1 for neutral:
 * - a character of a script (Georgian ა, Arabic ب) belongs to the family of its script, or to the
 *   fallback family when no family lists the script;
 * - a combining mark shared by scripts (Inherited: U+0301, harakat, ZWNJ) is neutral: it follows
 *   the letter it sits on;
 * - another shared character (Common) that Unicode lists as used by one family's scripts only
 *   (Script_Extensions: the Arabic comma and tatweel) belongs to that family; else a shared letter
 *   (ʼ, µ) to the fallback family, and digits, punctuation and spaces are neutral.
 */
function computeFamily(char: string): number {
  if (!SHARED.test(char)) {
    const i = FAMILY_SCRIPT.findIndex((re) => re.test(char));
    return 2 + (i === -1 ? FALLBACK_INDEX : i);
  }
  if (INHERITED.test(char)) return 1;
  let found = 1;
  for (let i = 0; i < FAMILY_SCRIPT_EXTENSIONS.length; i++) {
    if (!(FAMILY_SCRIPT_EXTENSIONS[i] as RegExp).test(char)) continue;
    if (found !== 1) return 1; // used by several families' scripts: neutral
    found = 2 + i;
  }
  if (found === 1 && LETTER.test(char)) return 2 + FALLBACK_INDEX;
  return found;
}

function familyCodeOf(codePoint: number): number {
  if (codePoint >= 0x10000) return computeFamily(String.fromCodePoint(codePoint));
  let c = familyMemo[codePoint] as number;
  if (c === UNKNOWN) {
    c = computeFamily(String.fromCharCode(codePoint));
    familyMemo[codePoint] = c;
  }
  return c;
}

/**
 * The index in FAMILY_NAMES of the family a character needs, or -1 for characters that take their
 * neighbours' family (spaces, punctuation, European digits, combining marks, ZWNJ).
 */
export function familyIndexOf(codePoint: number): number {
  return familyCodeOf(codePoint) - 2;
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
 * The font family a character needs ('georgian' for ა), or null for characters that take their
 * neighbours' family (spaces, punctuation, European digits, combining marks, ZWNJ).
 */
export function fontScriptOf(codePoint: number): FontFamilyName | null {
  const c = familyCodeOf(codePoint);
  return c === 1 ? null : (FAMILY_NAMES[c - 2] as FontFamilyName);
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
