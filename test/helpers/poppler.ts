import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Reading PDFs in tests as Evince, Okular and other poppler-based readers do: poppler's
 * `pdftotext` (Debian's poppler-utils), in its default reading-order mode.
 */

/** A rectangle of every page, in PDF points from the top left corner (pdftotext's -x -y -W -H). */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The text of every page (the part inside `crop`, if given), as pdftotext writes it in UTF-8. */
export function readWithPoppler(pdf: Buffer, crop?: Crop): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdftotext-'));
  try {
    const input = path.join(dir, 'in.pdf');
    fs.writeFileSync(input, pdf);
    // At the default 72 dpi, pdftotext's crop is in points.
    const area = crop
      ? ['-x', crop.x, '-y', crop.y, '-W', crop.width, '-H', crop.height].map((v) => String(typeof v === 'number' ? Math.round(v) : v))
      : [];
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', ...area, input, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // Each page ends with a form feed.
    return text.split('\f').slice(0, -1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
