import fs from 'node:fs';
import path from 'node:path';

/** The project root (the folder with package.json), whether running from src/ or dist/src/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'templates'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`project root not found above ${from}`);
    dir = parent;
  }
}

export const ROOT = projectRoot();
export const TEMPLATES_DIR = path.join(ROOT, 'templates');
export const LOCALES_DIR = path.join(ROOT, 'locales');
export const BOOKLETS_DIR = path.join(ROOT, 'booklets');
