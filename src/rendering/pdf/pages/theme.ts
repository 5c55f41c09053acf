import type { FontScript } from '../../bidi';
import { FAMILY_NAMES, FONT_FAMILIES } from '../../fonts/families';
import { PAPER_POINTS, PaperSize } from '../options';

/** A page of the booklet as read (before any imposition), in points, origin top left. */
export interface PageGeometry {
  width: number;
  height: number;
  margin: { top: number; bottom: number; left: number; right: number };
  contentWidth: number;
  /** Baseline of the running header, from the top of the page. */
  headerBaseline: number;
  /** The hairline under the running header, from the top of the page. */
  headerRule: number;
  /** Baseline of the footer, from the top of the page. */
  footerBaseline: number;
  /** Height of the band along the top edge that carries a draft's mark (above the running header). */
  draftBand: number;
}

/** How a kind of text looks. Sizes in points; line height as a multiple of the size. */
export interface TextStyle {
  size: number;
  /** Forces every span bold (headings); otherwise spans keep their own style. */
  bold?: boolean;
  /** Forces every span italic (notices). */
  italic?: boolean;
  color: string;
  spaceBefore: number;
  spaceAfter: number;
}

/** The palette: dark text and headings, muted furniture, link blue, grey frames, black QR modules. */
export const COLORS = {
  text: '#1b1b1b',
  heading: '#123a63',
  muted: '#555555',
  link: '#0b57a4',
  frame: '#8a99a8',
  qr: '#000000',
  /** A draft's mark: dark red on a pale red band (contrast 6.9:1). */
  draft: '#9b1c1c',
  draftBand: '#fde8e8',
} as const;

/** Styles at A4 size; other sizes scale them (see `themeFor`). */
const A4_STYLES = {
  coverTitle: { size: 28, bold: true, color: COLORS.heading, spaceBefore: 0, spaceAfter: 10 },
  coverLanguage: { size: 15, color: COLORS.heading, spaceBefore: 0, spaceAfter: 14 },
  coverLine: { size: 11, color: COLORS.muted, spaceBefore: 0, spaceAfter: 4 },
  coverStrong: { size: 11, bold: true, color: COLORS.text, spaceBefore: 0, spaceAfter: 4 },
  sample: { size: 9, italic: true, color: COLORS.muted, spaceBefore: 0, spaceAfter: 10 },
  section: { size: 16, bold: true, color: COLORS.heading, spaceBefore: 20, spaceAfter: 6 },
  notice: { size: 9, italic: true, color: COLORS.muted, spaceBefore: 0, spaceAfter: 8 },
  h2: { size: 13, bold: true, color: COLORS.heading, spaceBefore: 12, spaceAfter: 4 },
  h3: { size: 11.5, bold: true, color: COLORS.text, spaceBefore: 10, spaceAfter: 3 },
  body: { size: 10.5, color: COLORS.text, spaceBefore: 0, spaceAfter: 7 },
  listItem: { size: 10.5, color: COLORS.text, spaceBefore: 0, spaceAfter: 3 },
  contact: { size: 10, color: COLORS.text, spaceBefore: 2, spaceAfter: 10 },
  tocEntry: { size: 10.5, color: COLORS.text, spaceBefore: 0, spaceAfter: 5 },
  closingTitle: { size: 13, bold: true, color: COLORS.heading, spaceBefore: 0, spaceAfter: 6 },
  closingLine: { size: 9.5, color: COLORS.text, spaceBefore: 0, spaceAfter: 3 },
  header: { size: 8.5, color: COLORS.muted, spaceBefore: 0, spaceAfter: 0 },
  footer: { size: 8.5, color: COLORS.muted, spaceBefore: 0, spaceAfter: 0 },
  draftMark: { size: 9.5, bold: true, color: COLORS.draft, spaceBefore: 0, spaceAfter: 0 },
} as const satisfies Record<string, TextStyle>;

/** The kinds of text a booklet has. */
export type StyleName = keyof typeof A4_STYLES;
/** A style per kind of text, for one paper size. */
export type Styles = Record<StyleName, TextStyle>;

/** Everything about the look of a booklet that depends on the paper size. */
export interface Theme {
  size: PaperSize;
  page: PageGeometry;
  styles: Styles;
  /** Lists: width reserved for the marker, and the gap between marker and text. */
  list: { indent: number; gap: number };
  /** Contact boxes: inner padding and frame line width. */
  contactBox: { padding: number; lineWidth: number };
  /** Side of the QR code's square on the cover, quiet zone included. */
  qrSize: number;
  /** Table of contents: width kept for page numbers, gap around the dot leaders, dot pitch. */
  toc: { numberWidth: number; gap: number; dotPitch: number };
}

/**
 * Line height per font family, as a multiple of the font size (see FONT_FAMILIES): Arabic letters
 * reach higher and lower than Latin ones (Vazirmatn's ascent + descent is 1.56 em, Noto Sans's 1.36 em).
 */
export const LINE_HEIGHT = Object.fromEntries(FAMILY_NAMES.map((f) => [f, FONT_FAMILIES[f].lineHeight])) as Readonly<
  Record<FontScript, number>
>;

/**
 * Styles for smaller paper: sizes mapped linearly (`base + factor * size`), so small text barely
 * shrinks while titles shrink more, and the order of sizes (h2 above h3 above body) is kept.
 */
function scaled(styles: Styles, base: number, factor: number, space: number): Styles {
  const round = (n: number): number => Math.round(n * 4) / 4;
  const out = {} as Styles;
  for (const [name, s] of Object.entries(styles) as [StyleName, TextStyle][]) {
    out[name] = {
      ...s,
      size: round(base + factor * s.size),
      spaceBefore: round(s.spaceBefore * space),
      spaceAfter: round(s.spaceAfter * space),
    };
  }
  return out;
}

function geometry(size: PaperSize, margin: PageGeometry['margin'], header: number, footer: number): PageGeometry {
  const [width, height] = PAPER_POINTS[size];
  return {
    width,
    height,
    margin,
    contentWidth: width - margin.left - margin.right,
    headerBaseline: header,
    headerRule: header + 7,
    footerBaseline: height - footer,
    // Ends well above the running header's letters (their tops are about 7 pt above its baseline).
    draftBand: header - 12,
  };
}

const THEMES: Record<PaperSize, Theme> = {
  a4: {
    size: 'a4',
    page: geometry('a4', { top: 64, bottom: 72, left: 62, right: 62 }, 38, 40),
    styles: A4_STYLES,
    list: { indent: 20, gap: 6 },
    contactBox: { padding: 9, lineWidth: 0.75 },
    qrSize: 100,
    toc: { numberWidth: 28, gap: 6, dotPitch: 4 },
  },
  // A5 is half of A4 by area; scaling everything by 0.71 would give 7.5 pt body text, too small for
  // people reading in a second language. Body text shrinks only to 9.75 pt (10.5 -> 9.75, 28 -> 22),
  // and the margins carry most of the saving.
  a5: {
    size: 'a5',
    page: geometry('a5', { top: 50, bottom: 54, left: 40, right: 40 }, 29, 30),
    styles: scaled(A4_STYLES, 2.4, 0.7, 0.85),
    list: { indent: 17, gap: 5 },
    contactBox: { padding: 7, lineWidth: 0.6 },
    qrSize: 88,
    toc: { numberWidth: 24, gap: 5, dotPitch: 3.5 },
  },
  // US Letter is a little wider and shorter than A4: the same type, margins set in the same spirit.
  letter: {
    size: 'letter',
    page: geometry('letter', { top: 60, bottom: 68, left: 64, right: 64 }, 36, 38),
    styles: A4_STYLES,
    list: { indent: 20, gap: 6 },
    contactBox: { padding: 9, lineWidth: 0.75 },
    qrSize: 100,
    toc: { numberWidth: 28, gap: 6, dotPitch: 4 },
  },
};

/** The look of a booklet printed on `size` paper. */
export function themeFor(size: PaperSize): Theme {
  return THEMES[size];
}
