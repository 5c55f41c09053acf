import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Reading PDFs in tests as a reader's tools do, with pdfjs-dist. pdfjs-dist is published as ES
 * modules only and jest runs CommonJS, so pdf-extract.mjs runs in a child Node process: it gets the
 * PDF bytes on stdin and prints JSON.
 */

/** A text item as pdf.js reports it. x/y are the start of its baseline in PDF points (y up). */
export interface PdfTextItem {
  /** The text; pdf.js returns right-to-left items in logical (reading) order. */
  str: string;
  dir: 'ltr' | 'rtl' | 'ttb';
  x: number;
  y: number;
  width: number;
  /** The font size, in practice. */
  height: number;
  fontName: string;
  hasEOL: boolean;
}

export interface PdfLink {
  url: string | null;
  /** [x1, y1, x2, y2] in PDF points (y up). */
  rect: [number, number, number, number];
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfTextItem[];
  links: PdfLink[];
}

export interface PdfOutlineEntry {
  title: string;
  depth: number;
  url: string | null;
}

export interface ExtractedPdf {
  numPages: number;
  /** The document information dictionary as pdf.js reads it (Title, Author, Subject, Language, …). */
  info: Record<string, unknown>;
  /** The catalog's /Lang. */
  lang: string | null;
  title: string | null;
  /** Whether viewers are asked to show the title instead of the file name. */
  displayDocTitle: boolean;
  /** Bookmarks, depth first. */
  outline: PdfOutlineEntry[];
  pages: PdfPage[];
}

const SCRIPT = path.join(__dirname, 'pdf-extract.mjs');

/** Reads a PDF with pdfjs-dist: pages, sizes, metadata, outline, text items with positions, links. */
export function extractPdf(pdf: Buffer): Promise<ExtractedPdf> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`pdf-extract.mjs exited with ${String(code)}: ${Buffer.concat(err).toString('utf8')}`));
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as ExtractedPdf);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.stdin.end(pdf);
  });
}

/** Collapses every run of whitespace to one space and trims, for comparing text across line breaks. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The text of a page in content order: items of one line joined as they are (pdf.js adds spaces
 * where there are gaps), lines separated by newlines.
 */
export function pageText(page: PdfPage): string {
  return page.items.map((item) => item.str + (item.hasEOL ? '\n' : '')).join('');
}

/** The text of all pages, lines joined with spaces and whitespace normalized. */
export function documentText(pdf: ExtractedPdf): string {
  return normalizeSpace(pdf.pages.map(pageText).join('\n'));
}

/** Items with visible text (pdf.js also reports empty and whitespace-only items). */
export function visibleItems(page: PdfPage): PdfTextItem[] {
  return page.items.filter((item) => item.str.trim() !== '');
}

/**
 * Visible items grouped into lines by baseline (within `tolerance` points), top line first, each
 * line's items left to right.
 */
export function lines(page: PdfPage, tolerance = 3): PdfTextItem[][] {
  const sorted = visibleItems(page).sort((a, b) => b.y - a.y);
  const result: PdfTextItem[][] = [];
  for (const item of sorted) {
    const line = result.find((l) => Math.abs((l[0] as PdfTextItem).y - item.y) <= tolerance);
    if (line) line.push(item);
    else result.push([item]);
  }
  return result.map((l) => l.sort((a, b) => a.x - b.x));
}

/** The right edge of an item. */
export function rightEdge(item: PdfTextItem): number {
  return item.x + item.width;
}
