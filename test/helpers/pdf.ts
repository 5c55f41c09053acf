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
  /** Named destination of an internal link (table of contents). */
  dest: string | null;
  /** The page (1-based) an internal link goes to. */
  destPage: number | null;
  /** The link's description for assistive technology (/Contents). */
  contents: string | null;
  /** [x1, y1, x2, y2] in PDF points (y up). */
  rect: [number, number, number, number];
}

/** A node of a page's structure tree as pdf.js serializes it (`page.getStructTree()`). */
export interface PdfStructNode {
  role: string;
  children: (PdfStructNode | PdfStructContent)[];
  /** Alt, or else ActualText. */
  alt?: string;
  lang?: string;
  bbox?: [number, number, number, number];
}

/** A leaf of the structure tree: marked content on the page, or an annotation. */
export interface PdfStructContent {
  type: 'content' | 'annotation' | 'object';
  id: string;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfTextItem[];
  links: PdfLink[];
  /** The page's part of the structure tree (root role "Root"), or null for an untagged page. */
  structTree: PdfStructNode | null;
}

export interface PdfOutlineEntry {
  title: string;
  depth: number;
  url: string | null;
  /** The page (1-based) the bookmark opens. */
  page: number | null;
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
  /** Reading direction for two-page views (ViewerPreferences /Direction), when set. */
  direction: 'L2R' | 'R2L' | null;
  /** Bookmarks, depth first. */
  outline: PdfOutlineEntry[];
  /** The catalog's MarkInfo (Marked: true in a tagged PDF). */
  markInfo: { Marked: boolean; UserProperties: boolean; Suspects: boolean } | null;
  pageLabels: string[] | null;
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

/** Every element of a structure tree, depth first. */
export function structElements(node: PdfStructNode | null): PdfStructNode[] {
  if (!node) return [];
  const out: PdfStructNode[] = [node];
  for (const child of node.children) if ('role' in child) out.push(...structElements(child));
  return out;
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

/**
 * Running headers sit within this distance of the top of a page and footers within it of the
 * bottom (every paper size); body text stays out of both.
 */
export const RUNNING_ZONE = 48;

/** Items of the running header (y up: near the top edge). */
export function headerItems(page: PdfPage): PdfTextItem[] {
  return visibleItems(page).filter((i) => i.y > page.height - RUNNING_ZONE);
}

/** Items of the footer. */
export function footerItems(page: PdfPage): PdfTextItem[] {
  return visibleItems(page).filter((i) => i.y < RUNNING_ZONE);
}

/** A page without its running header and footer. */
export function bodyOf(page: PdfPage): PdfPage {
  return { ...page, items: page.items.filter((i) => i.y >= RUNNING_ZONE && i.y <= page.height - RUNNING_ZONE) };
}

/** Text of a set of items read in line order (top to bottom, each line left to right), normalized. */
export function itemsText(items: PdfTextItem[]): string {
  return normalizeSpace(items.map((i) => i.str).join(' '));
}
