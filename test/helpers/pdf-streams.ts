import zlib from 'node:zlib';

/**
 * Reading what pdf.js does not report: the ActualText of marked content in page content streams
 * (pdf.js extracts glyphs and ignores ActualText; Acrobat and screen readers use it).
 */

/** Every deflated stream of the file, inflated. */
export function inflatedStreams(pdf: Buffer): Buffer[] {
  const text = pdf.toString('latin1');
  const out: Buffer[] = [];
  const re = />>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const dictStart = text.lastIndexOf('<<', m.index);
    const objStart = text.lastIndexOf(' obj', m.index);
    const dict = text.slice(Math.min(dictStart, objStart), m.index);
    const length = /\/Length (\d+)/.exec(dict);
    if (!length || !dict.includes('/FlateDecode')) continue;
    const start = m.index + m[0].length;
    const end = start + Number(length[1]);
    try {
      out.push(zlib.inflateSync(pdf.subarray(start, end)));
    } catch {
      // not a deflated stream after all
    }
    re.lastIndex = end;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };

/** Bytes of the literal string starting at `start` (just after its "("), and where it ends. */
function literal(s: string, start: number): { bytes: number[]; end: number } {
  const bytes: number[] = [];
  let depth = 0;
  let i = start;
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\') {
      const next = s[i + 1] as string;
      if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(s.slice(i + 1, i + 4))?.[0] ?? '0';
        bytes.push(parseInt(octal, 8));
        i += octal.length;
      } else {
        bytes.push(SIMPLE_ESCAPES[next] ?? next.charCodeAt(0));
        i++;
      }
    } else if (c === '(') {
      depth++;
      bytes.push(40);
    } else if (c === ')') {
      if (depth === 0) break;
      depth--;
      bytes.push(41);
    } else {
      bytes.push(c.charCodeAt(0));
    }
  }
  return { bytes, end: i };
}

/** A PDF text string: UTF-16BE after a byte order mark, else PDFDocEncoding (ASCII here). */
function decodeTextString(bytes: number[]): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let out = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
    return out;
  }
  return String.fromCharCode(...bytes);
}

/** The ActualText of every marked-content sequence in the file's content streams, in stream order. */
export function actualTexts(pdf: Buffer): string[] {
  const texts: string[] = [];
  for (const stream of inflatedStreams(pdf)) {
    const s = stream.toString('latin1');
    const marker = '/ActualText (';
    for (let at = s.indexOf(marker); at !== -1; at = s.indexOf(marker, at + 1)) {
      texts.push(decodeTextString(literal(s, at + marker.length).bytes));
    }
  }
  return texts;
}

/** The uncompressed text of every content-bearing stream (for counting operators and markers). */
export function streamTexts(pdf: Buffer): string[] {
  return inflatedStreams(pdf).map((b) => b.toString('latin1'));
}

/**
 * The file's objects as text, with compressed streams (object streams included) inflated: for
 * looking for font names, metadata and markers that live in compressed objects.
 */
export function pdfSource(pdf: Buffer): string {
  return [pdf.toString('latin1'), ...streamTexts(pdf)].join('\n');
}

/** The XMP metadata packet (stored uncompressed, UTF-8). */
export function xmpMetadata(pdf: Buffer): string {
  const start = pdf.indexOf('<x:xmpmeta');
  const end = pdf.indexOf('</x:xmpmeta>');
  if (start < 0 || end < 0) return '';
  return pdf.subarray(start, end + '</x:xmpmeta>'.length).toString('utf8');
}

/** A dotted leader as drawn: from (from, y) to (to, y), pdfkit coordinates (y from the top). */
export interface DotLeader {
  from: number;
  to: number;
  y: number;
  /** Where its first dot is. */
  firstDot: number;
  /** Dot spacing. */
  period: number;
}

/** The dotted lines (round dots: a near-zero dash, with a gap and a phase) of the content streams. */
export function dotLeaders(bytes: Buffer): DotLeader[] {
  const found: DotLeader[] = [];
  const re = /\[0\.001 ([\d.]+)\] ([\d.]+) d\n([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l/g;
  for (const text of streamTexts(bytes)) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [gap, phase, from, y, to] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
      const period = gap + 0.001;
      // A dash starts where the distance along the line is -phase (mod period).
      const first = (period - (phase % period)) % period;
      found.push({ from, to, y, period, firstDot: from + Math.sign(to - from) * first });
    }
  }
  return found;
}
