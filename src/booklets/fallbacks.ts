import type { ReadableSection } from './readable';
import type { BookletRepository, SectionRevisionRow } from './repository';

/**
 * The sections in source order: the language's own text where it is up to date, otherwise the
 * source text marked as untranslated or outdated.
 */
export function withFallbacks(
  repo: BookletRepository,
  lang: string,
  sourceLang: string,
  own: ReadonlyMap<number, SectionRevisionRow>,
  source: readonly SectionRevisionRow[],
): ReadableSection[] {
  return source.map((src): ReadableSection => {
    const tr = own.get(src.sectionId);
    if (lang === sourceLang || (tr && !isOutdated(repo, tr, src, sourceLang))) {
      const r = tr ?? src;
      return { id: r.key, title: r.title, body: r.body, lang };
    }
    return { id: src.key, title: src.title, body: src.body, lang: sourceLang, fallback: tr ? 'outdated' : 'untranslated' };
  });
}

function isOutdated(repo: BookletRepository, translation: SectionRevisionRow, source: SectionRevisionRow, sourceLang: string): boolean {
  const from = translation.sourceRevisionId ?? 0;
  return repo.sourceChangedBetween(source.sectionId, sourceLang, from, source.revisionId);
}
