import bidiFactory from 'bidi-js';
import type { Direction } from '../../i18n/languages';

/** The one bidi-js instance (its data tables are built once per instance). */
const bidi = bidiFactory();

/** The Unicode bidi class of a character ("L", "R", "AL", "EN", "WS"…). */
export function bidiClass(char: string): string {
  return bidi.getBidiCharTypeName(char);
}

/** The character's mirror image ("(" for ")"), or the character itself if it has none. */
export function mirrorChar(char: string): string {
  return bidi.getMirroredCharacter(char) ?? char;
}

/** Marks added to text so that readers of a PDF take its direction right (docs/pdf-text-extraction.md). */
export const RLM = '\u200F';
export const LRM = '\u200E';
export const ALM = '\u061C';

/*
 * Characters that can make a left-to-right paragraph anything but plain left to right: strong
 * right-to-left letters (R, AL), Arabic numbers (AN) and the controls that open right-to-left
 * embeddings, overrides or isolates. A paragraph without them resolves to level 0 throughout (or to
 * levels whose reordering is the identity), so bidi-js can be skipped: most booklets are
 * Latin or Cyrillic, and this keeps them off the slow path.
 */
const MAY_NEED_BIDI = /[\u0590-\u08FF\u200F\u202B\u202E\u2067\u2068\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/**
 * Resolved embedding levels (UAX #9, rules P2–I2) of one paragraph, one per UTF-16 code unit.
 * The base level is given by `dir`, never guessed from the text: the language decides it.
 */
export function paragraphLevels(text: string, dir: Direction): Uint8Array {
  if (dir === 'ltr' && !MAY_NEED_BIDI.test(text)) return new Uint8Array(text.length);
  return bidi.getEmbeddingLevels(text, dir).levels;
}

const TRAILING_TYPES = new Set(['WS', 'LRI', 'RLI', 'FSI', 'PDI', 'BN']);

/**
 * Levels of one line [start, end): rule L1 puts trailing whitespace and isolate controls at the
 * paragraph level, so they sit at the line's end edge rather than inside a reversed run.
 */
export function lineLevels(text: string, levels: Uint8Array, start: number, end: number, dir: Direction): Uint8Array {
  const line = levels.slice(start, end);
  const base = dir === 'rtl' ? 1 : 0;
  for (let i = end - 1; i >= start && TRAILING_TYPES.has(bidiClass(text[i] as string)); i--) {
    line[i - start] = base;
  }
  return line;
}

/**
 * The run's text with brackets and other mirrored characters replaced by their mirror images
 * (rule L4), for a run at an odd level. bidi-js wants the raw levels array indexed like `text`
 * and an inclusive end index.
 */
export function mirrorRun(text: string, levels: ArrayLike<number>, start: number, end: number): string {
  if (end <= start) return '';
  const mirrors = bidi.getMirroredCharactersMap(text, levels, start, end - 1);
  if (mirrors.size === 0) return text.slice(start, end);
  let out = '';
  for (let i = start; i < end; i++) out += mirrors.get(i) ?? text[i];
  return out;
}

/**
 * Visual order of items with the given levels (rule L2): from the highest level down to the lowest
 * odd level, reverse every maximal sequence of items at that level or higher. Returns item indexes
 * left to right. Works on runs as well as on characters.
 */
export function visualOrder(itemLevels: readonly number[]): number[] {
  const order = itemLevels.map((_, i) => i);
  if (order.length < 2) return order;
  let max = 0;
  let min = Infinity;
  for (const level of itemLevels) {
    if (level > max) max = level;
    if (level < min) min = level;
  }
  // "The lowest odd level on the line": the lowest level rounded up to odd, as bidi-js does.
  const minOdd = min | 1;
  for (let level = max; level >= minOdd; level--) {
    let i = 0;
    while (i < order.length) {
      if ((itemLevels[order[i] as number] as number) >= level) {
        let j = i;
        while (j + 1 < order.length && (itemLevels[order[j + 1] as number] as number) >= level) j++;
        if (j > i) reverseInPlace(order, i, j);
        i = j + 1;
      } else {
        i++;
      }
    }
  }
  return order;
}

function reverseInPlace(items: number[], from: number, to: number): void {
  for (let a = from, b = to; a < b; a++, b--) {
    const t = items[a] as number;
    items[a] = items[b] as number;
    items[b] = t;
  }
}
