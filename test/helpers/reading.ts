import { foldOrder } from '../../src/rendering/pdf/pages/imposition';
import { ExtractedPdf, PdfPage, RUNNING_ZONE } from './pdf';
import { readWithPdfium } from './pdfium';
import { readWithPoppler } from './poppler';

/**
 * Reading a PDF's text as each family of readers does, and comparing it with the source text.
 *
 * - PDFium: Chrome's and Edge's viewers, Android's viewers (copy, Ctrl+F, screen readers).
 * - poppler: Evince, Okular, pdftotext.
 * - pdf.js: Firefox's viewer.
 *
 * Each reading is the body text of the booklet's pages (running headers and footers left out), page
 * by page in reading order: for a folded booklet, the halves of each sheet are put back in page order.
 */

export type Engine = 'pdfium' | 'poppler' | 'pdfjs';

/**
 * Invisible characters in a reading that are not the source's: direction marks and Arabic letter
 * marks the PDF adds for extraction (src/rendering/pdf/tagging/extraction.ts), zero width spaces that
 * keep those marks apart, and the bidi embeddings poppler puts around its lines.
 */
export const INVISIBLE = /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
export const ENGINES: readonly Engine[] = ['pdfium', 'poppler', 'pdfjs'];

/** Where one page of the booklet is in the file: a sheet (0-based) and a horizontal slice of it. */
export interface PageRegion {
  /** The booklet's page number, 1-based, as printed in its footer. */
  page: number;
  sheet: number;
  left: number;
  right: number;
}

/** Where each page is: one per sheet, or, for a folded booklet, two per sheet side in fold order. */
export function pageRegions(pdf: ExtractedPdf, folded?: 'left' | 'right'): PageRegion[] {
  if (!folded) return pdf.pages.map((p, i) => ({ page: i + 1, sheet: i, left: 0, right: p.width }));
  const sides = foldOrder(pdf.numPages * 2, folded);
  return sides.flatMap(([l, r], sheet) => {
    const w = (pdf.pages[sheet] as PdfPage).width;
    return [
      { page: l, sheet, left: 0, right: w / 2 },
      { page: r, sheet, left: w / 2, right: w },
    ];
  });
}

/** Whether a point (PDF points, y up) is in the body of its page: not in the running header or footer. */
function inBody(region: PageRegion, height: number, x: number, y: number): boolean {
  return x >= region.left && x < region.right && y >= RUNNING_ZONE && y <= height - RUNNING_ZONE;
}

/** The body text of each page (key: page number), as `engine` reads it. */
export async function readPages(engine: Engine, bytes: Buffer, pdf: ExtractedPdf, regions: PageRegion[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (engine === 'pdfjs') {
    for (const r of regions) {
      const page = pdf.pages[r.sheet] as PdfPage;
      const items = page.items.filter((i) => inBody(r, page.height, i.x, i.y));
      out.set(r.page, items.map((i) => i.str + (i.hasEOL ? '\n' : '')).join(''));
    }
  } else if (engine === 'pdfium') {
    const pages = await readWithPdfium(bytes);
    for (const r of regions) {
      const page = pages[r.sheet];
      if (!page) continue;
      let text = '';
      let keep = false;
      for (const c of page.chars) {
        // Spaces and line breaks PDFium adds go with the character before them.
        if (!c.generated) keep = inBody(r, page.height, c.x, c.y);
        if (keep) text += c.char;
      }
      out.set(r.page, text);
    }
  } else {
    const bySlice = new Map<string, string[]>();
    for (const r of regions) {
      const page = pdf.pages[r.sheet] as PdfPage;
      const key = `${r.left} ${r.right}`;
      let texts = bySlice.get(key);
      if (!texts) {
        const crop = { x: r.left, y: RUNNING_ZONE, width: r.right - r.left, height: page.height - 2 * RUNNING_ZONE };
        texts = readWithPoppler(bytes, crop);
        bySlice.set(key, texts);
      }
      out.set(r.page, texts[r.sheet] ?? '');
    }
  }
  return out;
}

// Bidi controls: poppler marks right-to-left lines with embeddings (U+202A–U+202E); sources may
// isolate numbers (U+2066–U+2069). Neither is part of the text.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A word as a reader searches for it: letters with their combining marks and joiners (ZWNJ, ZWJ). */
const WORD = /[\p{L}\p{M}\u200C\u200D]+/gu;

/**
 * The words of a text: NFC, then runs of letters with their marks and joiners. Digits, punctuation
 * and symbols are not words here: where each engine puts them next to right-to-left text is
 * measured by their own tests (numbers, addresses), and poppler moves them by design
 * (docs/pdf-text-extraction.md). pdf.js drops format characters (ZWNJ) from every PDF's text and
 * attaches a combining mark to the glyph before it in the file, which in right-to-left text is the
 * wrong one where a word starts; for pdf.js both are left out on both sides.
 */
export function wordsOf(text: string, engine: Engine): string[] {
  let t = text.normalize('NFC').replace(BIDI_CONTROLS, '');
  if (engine === 'pdfjs') t = t.replace(/[\p{Cf}\p{Mn}]/gu, '');
  return t.match(WORD) ?? [];
}

/** How much of a source text a reading gives back, with what it misses. */
export interface Coverage {
  words: number;
  wordsFound: number;
  pairs: number;
  pairsFound: number;
  missingWords: string[];
  missingPairs: string[];
}

/**
 * Compares source paragraphs with a reading: the share of the paragraphs' distinct words the reading
 * contains, and of the consecutive word pairs of each paragraph it contains in the same order.
 */
export function coverage(paragraphs: readonly string[], reading: string, engine: Engine): Coverage {
  const got = wordsOf(reading, engine);
  const gotWords = new Set(got);
  const gotPairs = new Set(got.slice(1).map((w, i) => `${got[i] as string} ${w}`));
  const words = new Set<string>();
  const pairs: string[] = [];
  for (const p of paragraphs) {
    const ws = wordsOf(p, engine);
    ws.forEach((w, i) => {
      words.add(w);
      if (i > 0) pairs.push(`${ws[i - 1] as string} ${w}`);
    });
  }
  const missingWords = [...words].filter((w) => !gotWords.has(w));
  const missingPairs = pairs.filter((p) => !gotPairs.has(p));
  return {
    words: words.size,
    wordsFound: words.size - missingWords.length,
    pairs: pairs.length,
    pairsFound: pairs.length - missingPairs.length,
    missingWords,
    missingPairs,
  };
}

/** A share as a percentage with one decimal (100 for nothing to find). */
export function percent(found: number, total: number): number {
  return total === 0 ? 100 : Math.floor((found / total) * 1000) / 10;
}
