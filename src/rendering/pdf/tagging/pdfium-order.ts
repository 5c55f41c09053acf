import { bidiClass, mirrorChar } from '../../bidi';

/*
 * How PDFium (Chrome's and Edge's viewers, Android's viewers) puts the text of a line back
 * together, and the text to give it where that would go wrong. See docs/pdf-text-extraction.md.
 *
 * PDFium collects a line's characters left to right as they sit on the page, then reorders them
 * with its own simple bidi pass (CPDF_TextPage::CloseTempLine): it cuts the line into segments of
 * one direction class (CFX_BidiChar) — left (L), weak left (digits, their separators and
 * terminators, combining marks, ZWNJ: EN AN CS ES ET NSM BN), right (R, AL) and neutral (spaces,
 * brackets, other punctuation) — and, when the line is right to left, takes the segments from the
 * right end to the left end, reversing and mirroring every right-to-left segment and every neutral
 * one met while the direction is right to left. A line is right to left when the document asks
 * viewers for right-to-left page order (/Direction /R2L) or when it has at least as many
 * right-to-left segments as left-to-right ones.
 *
 * That is the Unicode bidi algorithm only where a line has no left-to-right phrase of several
 * segments: "Law on the Right" inside Persian comes back "Right the on Law", an e-mail address
 * "az.gov.ombudsman@ombudsman". PDFium reads marked content with /ActualText (of
 * any tag) in place of the glyphs, and treats that text as left-to-right page order like the
 * glyphs. So where its reading of a line differs from the line's text, the line carries, for
 * PDFium, the text that its reordering turns into the right one (`pdfiumPageOrder`).
 */

/** PDFium's direction classes (CFX_BidiChar). */
type PdfiumClass = 'L' | 'LW' | 'R' | 'N';

function classOf(char: string): PdfiumClass {
  switch (bidiClass(char)) {
    case 'L':
      return 'L';
    case 'EN':
    case 'AN':
    case 'NSM':
    case 'CS':
    case 'ES':
    case 'ET':
    case 'BN':
      return 'LW';
    case 'R':
    case 'AL':
      return 'R';
    default:
      return 'N';
  }
}

interface Segment {
  cls: PdfiumClass;
  chars: string[];
}

/** Maximal runs of characters of one class. */
function segments(text: string): Segment[] {
  const out: Segment[] = [];
  for (const char of text) {
    const cls = classOf(char);
    const last = out[out.length - 1];
    if (last && last.cls === cls) last.chars.push(char);
    else out.push({ cls, chars: [char] });
  }
  return out;
}

/** The characters in reverse order, each mirrored: what PDFium makes of a right-to-left segment. */
function reversedMirrored(chars: readonly string[]): string {
  let out = '';
  for (let i = chars.length - 1; i >= 0; i--) out += mirrorChar(chars[i] as string);
  return out;
}

/** Whether PDFium takes a line as right to left. */
function isRightToLeft(segs: readonly Segment[], forceRtl: boolean): boolean {
  if (forceRtl) return true;
  let right = 0;
  let left = 0;
  for (const s of segs) {
    if (s.cls === 'R') right++;
    else if (s.cls === 'L') left++;
  }
  return right > 0 && right >= left;
}

/**
 * PDFium's pass over a line's segments, given in the order it takes them (from the right end for
 * a right-to-left line): calls `emit` with each segment and whether PDFium reverses and mirrors it.
 */
function walk(inOrder: readonly Segment[], rtl: boolean, emit: (s: Segment, reversed: boolean) => void): void {
  let current: 'L' | 'R' = rtl ? 'R' : 'L';
  for (const s of inOrder) {
    if (s.cls === 'R' || (s.cls === 'N' && current === 'R')) {
      current = 'R';
      emit(s, true);
    } else {
      if (s.cls !== 'LW') current = 'L';
      emit(s, false);
    }
  }
}

/**
 * How many more right-to-left segments the text needs before PDFium takes it as right to left:
 * 0 when it already does, or when it has no left-to-right segment to outnumber.
 */
export function pdfiumRtlShortfall(text: string): number {
  let right = 0;
  let left = 0;
  for (const s of segments(text)) {
    if (s.cls === 'R') right++;
    else if (s.cls === 'L') left++;
  }
  return Math.max(0, left - right);
}

/**
 * The text PDFium gives back for a line whose characters, left to right on the page, are
 * `pageOrder`. `forceRtl`: the document asks for right-to-left page order.
 */
export function pdfiumReading(pageOrder: string, forceRtl: boolean): string {
  const segs = segments(pageOrder.replace(/ {2,}/g, ' '));
  const rtl = isRightToLeft(segs, forceRtl);
  let out = '';
  walk(rtl ? [...segs].reverse() : segs, rtl, (s, reversed) => {
    out += reversed ? reversedMirrored(s.chars) : s.chars.join('');
  });
  return out;
}

/**
 * The characters to give PDFium, in page order, so that it reads back `text`: the segments of the
 * text in the order PDFium will take them, each reversed and mirrored where PDFium will reverse and
 * mirror it. The classes of the segments do not change, so PDFium sees the same segments.
 */
export function pdfiumPageOrder(text: string, forceRtl: boolean): string {
  const segs = segments(text);
  const rtl = isRightToLeft(segs, forceRtl);
  const parts: string[] = [];
  // PDFium takes the segments in reading order, so the first one must be where it starts: at the
  // right end of a right-to-left line. Reversing and mirroring twice gives the segment back.
  walk(segs, rtl, (s, reversed) => parts.push(reversed ? reversedMirrored(s.chars) : s.chars.join('')));
  return (rtl ? parts.reverse() : parts).join('');
}
