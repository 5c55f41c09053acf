import { notFound } from '../errors';
import type { Languages } from '../i18n/languages';
import { withFallbacks } from './fallbacks';
import { ReadableBooklet, toMeta } from './readable';
import type { BookletRepository } from './repository';

/**
 * The latest text of a language, published or not, with fallbacks for the sections it lacks or
 * that are outdated: from the source's latest text (`latest`), or from the source text readers
 * have (`published`: the source's latest publication, or its latest text while it has none).
 * `localeStamp` ends the content revision, as for published text.
 */
export function readUnpublished(
  repo: BookletRepository,
  languages: Languages,
  slug: string,
  lang: string,
  fallbackFrom: 'latest' | 'published',
  localeStamp: () => string,
): ReadableBooklet {
  const booklet = repo.findBooklet(slug);
  if (!booklet) throw notFound(`There is no booklet "${slug}".`);
  const meta = repo.latestMeta(booklet.id, lang);
  if (!meta) throw notFound(`The booklet "${slug}" has no ${languages.find(lang)?.englishName ?? lang} text.`);
  const own = new Map(repo.latestRevisions(booklet.id, lang).map((r) => [r.sectionId, r]));
  const sourcePublication =
    fallbackFrom === 'published' && lang !== booklet.sourceLang ? repo.latestPublication(booklet.id, booklet.sourceLang) : undefined;
  const source = sourcePublication ? repo.publicationSections(sourcePublication.id) : repo.latestRevisions(booklet.id, booklet.sourceLang);
  const sections = withFallbacks(repo, lang, booklet.sourceLang, own, source);
  const revision = Math.max(0, ...[...own.values(), ...source].map((r) => r.revisionId));
  return {
    slug,
    sourceLang: booklet.sourceLang,
    lang,
    meta: toMeta(meta),
    sections,
    publishedAt: new Date().toISOString(),
    contentRevision: `draft.${meta.id}.${revision}${sourcePublication ? `.p${sourcePublication.id}` : ''}.${localeStamp()}`,
    languages: repo.languages(booklet.id).map((l) => l.lang),
  };
}
