import fs from 'node:fs';
import { z } from 'zod';
import { unprocessable } from '../errors';
import { LanguageInputSchema } from './schema';
import type { LanguageService } from './service';

/**
 * The languages a booklets folder brings (`languages.json`: an array of languages as `add` takes
 * them), added when the service does not have them yet; languages it has are left as they are.
 * Returns the codes added. A folder without the file brings none.
 */
export function importLanguages(service: LanguageService, file: string, actor = 'import'): string[] {
  if (!fs.existsSync(file)) return [];
  let list: unknown;
  try {
    list = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw unprocessable(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = z.array(LanguageInputSchema).safeParse(list);
  if (!parsed.success) {
    throw unprocessable(`${file}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  }
  return parsed.data.filter((l) => !service.languages.find(l.code)).map((l) => service.add(l, actor).code);
}
