import QRCode from 'qrcode';
import { num } from '../text/glyphs';

/** Modules of white around the symbol that scanners need to find it (ISO/IEC 18004). */
export const QUIET_ZONE = 4;

/** Dark modules as runs per row: [row, first column, length]. */
type Runs = readonly (readonly [number, number, number])[];

interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  runs: Runs;
}

const symbols = new Map<string, QrSymbol>();
const MAX_SYMBOLS = 64;

/**
 * The QR symbol for `text` (error correction M: survives a crease or a smudge on a printed
 * booklet), as runs of dark modules. Cached: every render of a booklet in a language encodes the
 * same address.
 */
export function qrSymbol(text: string): QrSymbol {
  let symbol = symbols.get(text);
  if (!symbol) {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const runs: [number, number, number][] = [];
    for (let row = 0; row < modules.size; row++) {
      let col = 0;
      while (col < modules.size) {
        if (!modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < modules.size && modules.get(row, col)) col++;
        runs.push([row, start, col - start]);
      }
    }
    symbol = { size: modules.size, runs };
    if (symbols.size >= MAX_SYMBOLS) symbols.delete(symbols.keys().next().value as string);
    symbols.set(text, symbol);
  }
  return symbol;
}

/**
 * Path operators that fill the dark modules of `symbol` drawn in a square of `side` points at
 * (x, y), the quiet zone included: one rectangle per run of dark modules in a row (vector, a few
 * hundred bytes). Runs overlap their neighbours below by a hair, so no light seams show between
 * rows when a viewer anti-aliases.
 */
export function qrPath(symbol: QrSymbol, x: number, y: number, side: number): { ops: string; module: number; inset: number } {
  const module = side / (symbol.size + 2 * QUIET_ZONE);
  const inset = QUIET_ZONE * module;
  const ops = symbol.runs
    .map(
      ([row, col, len]) =>
        `${num(x + inset + col * module)} ${num(y + inset + row * module)} ${num(len * module)} ${num(module * 1.02)} re`,
    )
    .join('\n');
  return { ops: `${ops}\nf`, module, inset };
}
