import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * Looking at PDF pages as pixels, as a phone camera would: poppler's pdftoppm (Debian's
 * poppler-utils) renders a page to PNG, pngjs reads it, jsQR finds QR codes in it.
 */

/** Page `page` (1-based) of `pdf` rendered at `dpi`, as RGBA pixels. */
export function renderPage(pdf: Buffer, page: number, dpi = 150): PNG {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-raster-'));
  try {
    const input = path.join(dir, 'in.pdf');
    fs.writeFileSync(input, pdf);
    const out = path.join(dir, 'page');
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', input, out]);
    return PNG.sync.read(fs.readFileSync(`${out}.png`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code found in the image, or null. */
export function decodeQr(image: PNG): string | null {
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return jsQR(pixels, image.width, image.height)?.data ?? null;
}
