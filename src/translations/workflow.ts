import { notFound, unprocessable } from '../errors';
import { bookletOf, copyMeta, englishName, requireLanguage, TranslationDeps } from './context';
import { checkIfMatch, ifMatchIncludes, languageEtag } from './etag';
import { viewTranslation } from './reading';
import type { Actor, TranslationView } from './types';

export type TransitionAction = 'review' | 'publish' | 'unpublish';

/** draft -> in-review, in-review|draft -> published, published -> withdrawn (draft). */
export function transition(
  deps: TranslationDeps,
  slug: string,
  lang: string,
  action: TransitionAction,
  ifMatch: string | undefined,
  actor: Actor,
): TranslationView {
  const { repo } = deps;
  requireLanguage(deps, lang);
  const b = bookletOf(deps, slug);
  const result = repo.transaction(() => {
    const row = repo.language(b.id, lang);
    if (!row) throw notFound(`The booklet "${slug}" has no ${englishName(deps, lang)} text yet.`);
    // Asking again for what is already so — a retried request, a second click — changes nothing,
    // also when the ETag it sends is the one from before the first request took effect.
    const already =
      (action === 'review' && row.state === 'in-review') ||
      (action === 'publish' && row.state === 'published' && row.visible === 1 && publishedAsIs(deps, b.id, lang));
    const current = languageEtag(slug, lang, row.revision);
    if (already && ifMatch !== undefined && ifMatch.trim() !== '' && !ifMatchIncludes(ifMatch, current))
      return viewTranslation(deps, slug, lang, 'draft');
    checkIfMatch(ifMatch, current, true);
    if (already && action === 'review') return viewTranslation(deps, slug, lang, 'draft');
    if (action === 'review') {
      repo.setLanguageState(b.id, lang, 'in-review');
    } else if (action === 'publish') {
      publish(deps, b, slug, lang, already, actor);
    } else {
      if (row.visible !== 1) throw unprocessable(`The ${lang} text of "${slug}" is not published.`);
      repo.setVisible(b.id, lang, false);
      repo.setLanguageState(b.id, lang, 'draft');
    }
    const after = repo.language(b.id, lang)?.revision ?? 0;
    deps.audit.record({ actor: actor.name, action, target: `${slug}/${lang}`, before: row.revision, after });
    return viewTranslation(deps, slug, lang, 'draft');
  });
  // Delivered after the commit, in the background: publishing never waits for partners.
  if (action === 'publish') deps.webhooks?.kick();
  return result;
}

/** Publishes a language's latest text and metadata and tells partners; inside the caller's transaction. */
function publish(
  deps: TranslationDeps,
  b: { id: number; sourceLang: string },
  slug: string,
  lang: string,
  alreadyPublished: boolean,
  actor: Actor,
): void {
  const { repo } = deps;
  // Publishing text that is published as it is makes no new publication, so readers keep the
  // same edition and cached documents; partners are told again and the request is audited.
  if (!alreadyPublished) {
    const revisions = repo.latestRevisions(b.id, lang);
    const meta = repo.latestMeta(b.id, lang) ?? { id: copyMeta(deps, b.id, b.sourceLang, lang, actor.name) };
    repo.publish(b.id, lang, meta.id, new Map(revisions.map((r) => [r.sectionId, r.revisionId])), actor.name);
    repo.setLanguageState(b.id, lang, 'published');
    repo.setVisible(b.id, lang, true);
  }
  deps.webhooks?.enqueue('translation.published', {
    booklet: slug,
    lang,
    revision: repo.language(b.id, lang)?.revision ?? 0,
    links: {
      html: `/booklets/${slug}/${lang}`,
      pdf: `/booklets/${slug}/${lang}.pdf`,
      api: `/api/v1/booklets/${slug}/translations/${lang}`,
    },
  });
}

/** Whether the latest publication of a language shows exactly its latest text and metadata. */
function publishedAsIs(deps: TranslationDeps, bookletId: number, lang: string): boolean {
  const { repo } = deps;
  const publication = repo.latestPublication(bookletId, lang);
  const meta = repo.latestMeta(bookletId, lang);
  if (!publication || !meta || publication.metaRevisionId !== meta.id) return false;
  const published = repo
    .publicationSections(publication.id)
    .map((r) => `${r.sectionId}:${r.revisionId}`)
    .sort();
  const latest = repo
    .latestRevisions(bookletId, lang)
    .map((r) => `${r.sectionId}:${r.revisionId}`)
    .sort();
  return published.length === latest.length && published.every((x, i) => x === latest[i]);
}
