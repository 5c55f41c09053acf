import { bookletUrls } from '../rendering/service';
import type { LanguageSummary, TranslationView } from '../translations/service';

/** The public shapes of booklets and translations (column names never leave the server). */

/** Language summaries with the reader-facing links of each language. */
export function withLinks(slug: string, summary: readonly LanguageSummary[]) {
  return summary.map((l) => ({ ...l, links: { html: bookletUrls.page(slug, l.lang), pdf: bookletUrls.pdf(slug, l.lang) } }));
}

/** A translation as the API gives it. */
export function presentTranslation(slug: string, v: TranslationView) {
  return {
    lang: v.lang,
    status: v.status,
    revision: v.revision,
    published: v.published,
    links: { html: bookletUrls.page(slug, v.lang), pdf: bookletUrls.pdf(slug, v.lang) },
    sections: v.sections.map((s) => ({
      id: s.id,
      title: s.title,
      body: s.body,
      outdated: s.outdated,
      sourceRevision: s.sourceRevision,
      revision: s.revision,
    })),
  };
}
