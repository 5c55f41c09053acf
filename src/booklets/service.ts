import crypto from 'node:crypto';
import { notFound } from '../errors';
import type { Languages } from '../i18n/languages';
import { withFallbacks } from './fallbacks';
import { CatalogEntry, ReadableBooklet, toMeta } from './readable';
import type { BookletRepository, MetaRow, PublicationRow, SectionRevisionRow } from './repository';
import { readUnpublished } from './unpublished';

export type { BookletMeta, CatalogEntry, CatalogLanguage, Fallback, ReadableBooklet, ReadableSection } from './readable';

/**
 * Read side of the content model for readers: only published text, with the source language standing
 * in (and marked) for sections that are missing or outdated in a translation (`fallbacks.ts`). The
 * unpublished text editors preview is read by `unpublished.ts`.
 */
export class BookletService {
  /** What readers see, derived from the database, kept until the data changes. */
  private memo = new Map<string, unknown>();
  private memoStamp = '';

  /**
   * `localeStamp` changes whenever the languages or their published interface strings change (a
   * content-based digest, the same on every copy of the database): part of every content revision.
   */
  constructor(
    private readonly repo: BookletRepository,
    private readonly languages: Languages,
    private readonly localeStamp: () => string = () => languages.stamp(),
  ) {}

  /** Changes whenever what readers see may have changed. */
  changeStamp(): string {
    return `${this.repo.changeStamp()}|${this.localeStamp()}`;
  }

  /** fn's result, cached until the next change of the content (see BookletRepository.changeStamp). */
  private cached<T>(key: string, fn: () => T): T {
    const stamp = this.changeStamp();
    if (stamp !== this.memoStamp) {
      this.memo = new Map();
      this.memoStamp = stamp;
    }
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const value = fn();
    if (this.memo.size < 10_000) this.memo.set(key, value);
    return value;
  }

  /** Every booklet with its published languages (source language first). */
  catalog(): CatalogEntry[] {
    return this.cached('catalog', () => this.loadCatalog());
  }

  /**
   * A digest of everything the catalog shows (booklets, their order, languages, titles, dates), for
   * cache keys of rendered catalogs. Unlike changeStamp, which starts again with each connection,
   * it stays the same across restarts exactly as long as the catalog does, so a catalog kept in the
   * disk cache is never served after what it shows has changed.
   */
  catalogStamp(): string {
    // With the languages' and interface strings' stamp: the page's words change with them.
    return this.cached(
      'catalog-stamp',
      () => `${crypto.createHash('sha256').update(JSON.stringify(this.catalog())).digest('hex').slice(0, 32)}.${this.localeStamp()}`,
    );
  }

  private loadCatalog(): CatalogEntry[] {
    return this.repo.listBooklets().flatMap((b) => {
      const languages = this.orderLanguages(b.sourceLang, this.repo.publishedLanguages(b.id)).map((p) => {
        const meta = this.repo.metaById(p.metaRevisionId) as MetaRow;
        return { lang: p.lang, title: meta.title, subject: meta.subject, sample: meta.sample === 1, publishedAt: p.createdAt };
      });
      return languages.length > 0 ? [{ slug: b.slug, sourceLang: b.sourceLang, languages }] : [];
    });
  }

  /** The languages a booklet can be read in, source first; 404 when no such booklet is published. */
  languagesOf(slug: string): { sourceLang: string; languages: string[] } {
    return this.cached(`languages\u0000${slug}`, () => this.loadLanguagesOf(slug));
  }

  private loadLanguagesOf(slug: string): { sourceLang: string; languages: string[] } {
    const booklet = this.repo.findBooklet(slug);
    const published = booklet ? this.orderLanguages(booklet.sourceLang, this.repo.publishedLanguages(booklet.id)) : [];
    if (!booklet || published.length === 0) throw notFound(`There is no booklet "${slug}".`);
    return { sourceLang: booklet.sourceLang, languages: published.map((p) => p.lang) };
  }

  /** The published booklet in a language; 404 when the booklet or that language is not published. */
  read(slug: string, lang: string): ReadableBooklet {
    return this.cached(`read\u0000${slug}\u0000${lang}`, () => this.loadPublished(slug, lang));
  }

  /**
   * The content revision of the published booklet in a language (what `read` would give as
   * contentRevision), or undefined when it is not published; without reading its text.
   */
  revision(slug: string, lang: string): string | undefined {
    return this.cached(`revision\u0000${slug}\u0000${lang}`, () => {
      const booklet = this.repo.findBooklet(slug);
      const publication = booklet
        ? this.orderLanguages(booklet.sourceLang, this.repo.publishedLanguages(booklet.id)).find((p) => p.lang === lang)
        : undefined;
      if (!booklet || !publication) return undefined;
      const sourcePublication = lang === booklet.sourceLang ? publication : this.repo.latestPublication(booklet.id, booklet.sourceLang);
      return `${contentRevisionOf(publication, sourcePublication)}.${this.localeStamp()}`;
    });
  }

  private loadPublished(slug: string, lang: string): ReadableBooklet {
    const booklet = this.repo.findBooklet(slug);
    if (!booklet) throw notFound(`There is no booklet "${slug}".`);
    const published = this.orderLanguages(booklet.sourceLang, this.repo.publishedLanguages(booklet.id));
    const publication = published.find((p) => p.lang === lang);
    if (!publication) {
      const name = this.languages.find(lang)?.englishName ?? lang;
      throw notFound(`The booklet "${slug}" is not available in ${name}.`);
    }
    const sourcePublication = lang === booklet.sourceLang ? publication : this.repo.latestPublication(booklet.id, booklet.sourceLang);
    const own = new Map(this.repo.publicationSections(publication.id).map((r) => [r.sectionId, r]));
    const source: SectionRevisionRow[] = sourcePublication ? this.repo.publicationSections(sourcePublication.id) : [...own.values()];
    const sections = withFallbacks(this.repo, lang, booklet.sourceLang, own, source);
    return {
      slug,
      sourceLang: booklet.sourceLang,
      lang,
      meta: toMeta(this.repo.metaById(publication.metaRevisionId) as MetaRow),
      sections,
      publishedAt: publication.createdAt,
      contentRevision: `${contentRevisionOf(publication, sourcePublication)}.${this.localeStamp()}`,
      languages: published.map((p) => p.lang),
    };
  }

  /**
   * The latest text of a language, published or not (for editors and checks); sections the
   * language lacks or that are outdated come from the source's latest text, marked.
   */
  readLatest(slug: string, lang: string): ReadableBooklet {
    return readUnpublished(this.repo, this.languages, slug, lang, 'latest', () => this.localeStamp());
  }

  /**
   * What readers of a language would see if its latest text were published now: its own latest
   * sections, and in place of missing or outdated ones the source text readers have (the source's
   * latest publication, or its latest text while it has none). Previews and the publish
   * confirmation show this, so what is previewed is what gets published.
   */
  readAsIfPublished(slug: string, lang: string): ReadableBooklet {
    return readUnpublished(this.repo, this.languages, slug, lang, 'published', () => this.localeStamp());
  }

  /** The source language of a booklet; 404 when there is no such booklet. */
  sourceOf(slug: string): string {
    const booklet = this.repo.findBooklet(slug);
    if (!booklet) throw notFound(`There is no booklet "${slug}".`);
    return booklet.sourceLang;
  }

  /** Every booklet slug with the languages it has text in (any state). */
  allLanguages(): { slug: string; languages: string[] }[] {
    return this.repo.listBooklets().map((b) => ({ slug: b.slug, languages: this.repo.languages(b.id).map((l) => l.lang) }));
  }

  private orderLanguages(sourceLang: string, rows: PublicationRow[]): PublicationRow[] {
    // Readers are offered active languages only (a retired one keeps its revisions for editors).
    const order = this.languages.codes();
    const rank = (lang: string): number => (lang === sourceLang ? -1 : order.indexOf(lang));
    return rows.filter((r) => r.lang === sourceLang || order.includes(r.lang)).sort((a, b) => rank(a.lang) - rank(b.lang));
  }
}

/**
 * The content revision of a published language: its publication and the source's. Publication ids
 * and times: after restoring an older backup, ids are given out again for other content, but never
 * with the same time.
 */
function contentRevisionOf(publication: { id: number; createdAt: string }, source: { id: number; createdAt: string } | undefined): string {
  return `${publication.id}@${publication.createdAt}.${source ? `${source.id}@${source.createdAt}` : 0}`;
}
