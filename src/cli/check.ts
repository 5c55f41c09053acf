import type { Writable } from 'node:stream';
import type { AppDeps } from '../app';
import { missingCharacters } from '../rendering/coverage';
import { NO_PROGRESS, Progress } from './progress';

/**
 * Prints, per booklet and language, the characters no PDF font can show, and returns the exit code:
 * 0 when every character can be shown, 1 otherwise.
 */
export function checkGlyphs(deps: Pick<AppDeps, 'booklets' | 'render'>, out: Writable, progress?: (total: number) => Progress): number {
  let problems = 0;
  let checked = 0;
  const all = deps.booklets.allLanguages();
  const bar = progress?.(all.reduce((n, b) => n + b.languages.length, 0)) ?? NO_PROGRESS;
  for (const { slug, languages } of all) {
    for (const lang of languages) {
      checked++;
      const missing = missingCharacters(deps.render.layout(deps.booklets.readLatest(slug, lang)));
      bar.tick(1, `${slug} ${lang}`);
      if (missing.length === 0) continue;
      problems += missing.length;
      out.write(`${slug} ${lang}: ${missing.length} character(s) cannot be shown in the PDF\n`);
      for (const m of missing) {
        out.write(`  ${m.codePoint} ${JSON.stringify(m.char)} ×${m.count} in ${m.where.join(', ')}\n`);
      }
    }
  }
  bar.finish();
  out.write(problems === 0 ? `All characters can be shown (${checked} booklet languages checked).\n` : '');
  return problems === 0 ? 0 : 1;
}
