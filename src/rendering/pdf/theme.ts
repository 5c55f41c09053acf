import type { FontScript } from '../bidi';

/** A4 portrait in points, and the margins of the text area. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  margin: { top: 64, bottom: 72, left: 62, right: 62 },
  /** Baseline of the page footer, from the top of the page. */
  footerBaseline: 841.89 - 40,
} as const;

export const CONTENT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

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

export const COLORS = {
  text: '#1b1b1b',
  heading: '#123a63',
  muted: '#555555',
  link: '#0b57a4',
  frame: '#8a99a8',
} as const;

export const STYLES = {
  title: { size: 22, bold: true, color: COLORS.heading, spaceBefore: 0, spaceAfter: 10 },
  sample: { size: 9, italic: true, color: COLORS.muted, spaceBefore: 0, spaceAfter: 10 },
  section: { size: 16, bold: true, color: COLORS.heading, spaceBefore: 20, spaceAfter: 6 },
  notice: { size: 9, italic: true, color: COLORS.muted, spaceBefore: 0, spaceAfter: 8 },
  h2: { size: 13, bold: true, color: COLORS.heading, spaceBefore: 12, spaceAfter: 4 },
  h3: { size: 11.5, bold: true, color: COLORS.text, spaceBefore: 10, spaceAfter: 3 },
  body: { size: 10.5, color: COLORS.text, spaceBefore: 0, spaceAfter: 7 },
  listItem: { size: 10.5, color: COLORS.text, spaceBefore: 0, spaceAfter: 3 },
  contact: { size: 10, color: COLORS.text, spaceBefore: 2, spaceAfter: 10 },
  footer: { size: 8.5, color: COLORS.muted, spaceBefore: 0, spaceAfter: 0 },
} as const satisfies Record<string, TextStyle>;

/**
 * Line height per script, as a multiple of the font size: Arabic letters reach higher and lower
 * than Latin ones (Vazirmatn's ascent + descent is 1.56 em, Noto Sans's 1.36 em).
 */
export const LINE_HEIGHT: Record<FontScript, number> = { latin: 1.42, arabic: 1.8 };

/** Lists: width reserved for the marker, and the gap between marker and text. */
export const LIST = { indent: 20, gap: 6 } as const;

/** Contact boxes: inner padding and frame line width. */
export const CONTACT_BOX = { padding: 9, lineWidth: 0.75 } as const;
