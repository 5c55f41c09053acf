/**
 * What a reader of Arabic script could misread in the words around a booklet's text (edition line,
 * dates, sizes, list numbers, separators, labels): Latin letters, ASCII digits, and marks that look
 * like the Arabic or Persian zero (٠ ۰, a dot).
 */

/** The one Latin word allowed: the name of the file format, as readers' phones label the file. */
const ALLOWED_WORDS = /\bPDF\b/g;

/** Marks that look like the zero of Arabic and Persian digits wherever they stand. */
const ZERO_LOOK_ALIKES = /[\u00B7\u2022\u2027\u2219\u22C5\u30FB\uFF65]/u;

/**
 * Every misreadable character of `text`, with a little context: "Latin letter k in «(۷۹ kB)»".
 * Invisible format characters (bidi marks readers' software adds) are left out first.
 */
export function misreadable(text: string): string[] {
  const visible = text.replace(/\p{Cf}/gu, '').replace(ALLOWED_WORDS, '');
  const found: string[] = [];
  const at = (i: number): string => `«${visible.slice(Math.max(0, i - 12), i + 12).trim()}»`;
  [...visible].forEach((c, i, chars) => {
    if (/\p{Script=Latin}/u.test(c)) found.push(`Latin letter ${c} in ${at(i)}`);
    else if (/[0-9]/.test(c)) found.push(`ASCII digit ${c} in ${at(i)}`);
    else if (ZERO_LOOK_ALIKES.test(c)) found.push(`U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()} ${c} in ${at(i)}`);
    else if (c === '.' && (/\p{Nd}/u.test(chars[i - 1] ?? '') || /\p{Nd}/u.test(chars[i + 1] ?? '')))
      found.push(`a dot beside a digit in ${at(i)}`);
  });
  return found;
}
