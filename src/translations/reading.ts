import type { SectionRevisionRow } from '../booklets/repository';
import { notFound } from '../errors';
import { bookletOf, englishName, requireLanguage, TranslationDeps } from './context';
import { languageEtag, publishedEtag } from './etag';
import type { LanguageSummary, TranslationView } from './types';

/** The latest (draft) text of a language with outdated flags, or the published text. */
export function viewTranslation(deps: TranslationDeps, slug: string, lang: string, version: 'draft' | 'published'): TranslationView {
  const { repo } = deps;
  requireLanguage(deps, lang);
  const b = bookletOf(deps, slug);
  const row = repo.language(b.id, lang);
  const revision = row?.revision ?? 0;
  let rows: SectionRevisionRow[];
  let etag = languageEtag(slug, lang, revision);
  if (version === 'published') {
    const publication = row?.visible ? repo.latestPublication(b.id, lang) : undefined;
    if (!publication) throw notFound(`The booklet "${slug}" has no published ${englishName(deps, lang)} text.`);
    rows = repo.publicationSections(publication.id);
    etag = publishedEtag(slug, lang, publication.id);
  } else {
    rows = repo.latestRevisions(b.id, lang);
  }
  const source = new Map(repo.latestRevisions(b.id, b.sourceLang).map((r) => [r.sectionId, r]));
  return {
    lang,
    status: row?.state ?? 'missing',
    revision,
    etag,
    published: row?.visible === 1,
    sections: rows.map((r) => ({
      id: r.key,
      title: r.title,
      body: r.body,
      outdated: lang !== b.sourceLang && isOutdated(deps, r, source.get(r.sectionId), b.sourceLang),
      sourceRevision: r.sourceRevisionId,
      revision: r.revisionId,
    })),
  };
}

/** Status, completeness and outdated counts of every language of a booklet. */
export function summarize(deps: TranslationDeps, slug: string): LanguageSummary[] {
  const { repo } = deps;
  const b = bookletOf(deps, slug);
  const source = repo.latestRevisions(b.id, b.sourceLang);
  const bySection = new Map(source.map((r) => [r.sectionId, r]));
  return repo.languages(b.id).map((l) => {
    const rows = repo.latestRevisions(b.id, l.lang);
    const outdated = l.lang === b.sourceLang ? 0 : rows.filter((r) => isOutdated(deps, r, bySection.get(r.sectionId), b.sourceLang)).length;
    const publication = repo.latestPublication(b.id, l.lang);
    return {
      lang: l.lang,
      status: l.state,
      completeness: source.length === 0 ? 1 : Math.round(((rows.length - outdated) / source.length) * 1000) / 1000,
      outdatedSections: outdated,
      publishedAt: (repo.language(b.id, l.lang)?.visible ?? 0) === 1 ? (publication?.createdAt ?? null) : null,
    };
  });
}

/** Whether the source of a translated section has changed (other than by minor fixes) since it was translated. */
function isOutdated(deps: TranslationDeps, r: SectionRevisionRow, source: SectionRevisionRow | undefined, sourceLang: string): boolean {
  if (!source) return false;
  return deps.repo.sourceChangedBetween(source.sectionId, sourceLang, r.sourceRevisionId ?? 0, source.revisionId);
}
