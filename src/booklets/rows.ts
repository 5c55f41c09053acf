/** The rows the booklet repository reads and writes, in camelCase (column names stay in the SQL). */

export interface BookletRow {
  id: number;
  slug: string;
  sourceLang: string;
  createdAt: string;
  /** Place in the catalog, lower first; null: after those with one. */
  position: number | null;
}

export interface SectionRow {
  id: number;
  key: string;
  position: number;
}

export interface SectionRevisionRow {
  revisionId: number;
  sectionId: number;
  key: string;
  position: number;
  lang: string;
  title: string;
  body: string;
  sourceRevisionId: number | null;
}

export interface HistoryRow {
  revisionId: number;
  sectionId: string;
  title: string;
  body: string;
  sourceRevisionId: number | null;
  minor: number;
  createdAt: string;
  createdBy: string;
}

export interface MetaRow {
  id: number;
  title: string;
  subject: string;
  author: string;
  edition: string;
  translator: string | null;
  sample: number;
}

export interface LanguageRow {
  lang: string;
  state: 'draft' | 'in-review' | 'published';
  revision: number;
}

export interface PublicationRow {
  id: number;
  lang: string;
  metaRevisionId: number;
  createdAt: string;
}

export interface NewSectionRevision {
  sectionId: number;
  lang: string;
  title: string;
  body: string;
  sourceRevisionId: number | null;
  minor: boolean;
  createdBy: string;
}

export interface NewMeta {
  bookletId: number;
  lang: string;
  title: string;
  subject: string;
  author: string;
  edition: string;
  translator: string | null;
  sample: boolean;
  createdBy: string;
}
