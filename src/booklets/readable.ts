import type { MetaRow } from './rows';

/** What readers (and editors' previews) are given of a booklet: its text, metadata and the catalog. */

export type Fallback = 'untranslated' | 'outdated';

export interface ReadableSection {
  id: string;
  title: string;
  body: string;
  /** Language of title and body: the source language when `fallback` is set. */
  lang: string;
  fallback?: Fallback;
}

export interface BookletMeta {
  title: string;
  subject: string;
  author: string;
  edition: string;
  translator: string | null;
  sample: boolean;
}

/** What a reader sees of one booklet in one language. */
export interface ReadableBooklet {
  slug: string;
  sourceLang: string;
  lang: string;
  meta: BookletMeta;
  sections: ReadableSection[];
  publishedAt: string;
  /** Changes whenever anything a reader sees changes: part of every cache key. */
  contentRevision: string;
  /** Languages a reader can open, source language first. */
  languages: string[];
}

export interface CatalogLanguage {
  lang: string;
  title: string;
  subject: string;
  sample: boolean;
  publishedAt: string;
}

export interface CatalogEntry {
  slug: string;
  sourceLang: string;
  languages: CatalogLanguage[];
}

/** The metadata of a revision row, as readers get it. */
export const toMeta = (m: MetaRow): BookletMeta => ({
  title: m.title,
  subject: m.subject,
  author: m.author,
  edition: m.edition,
  translator: m.translator,
  sample: m.sample === 1,
});
