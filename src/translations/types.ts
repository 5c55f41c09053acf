import type { Principal } from '../auth/keys';
import type { ProblemField } from '../errors';

/** Who makes a change: only the name is recorded (revisions, audit); keys and /admin users alike. */
export type Actor = Pick<Extract<Principal, { kind: 'key' }>, 'name'>;

export interface SectionView {
  id: string;
  title: string;
  body: string;
  outdated: boolean;
  sourceRevision: number | null;
  revision: number;
}

export interface TranslationView {
  lang: string;
  status: 'draft' | 'in-review' | 'published' | 'missing';
  revision: number;
  etag: string;
  published: boolean;
  sections: SectionView[];
}

export interface NewBooklet {
  slug: string;
  sourceLanguage: string;
  title: string;
  subject: string;
  author: string;
  edition: string;
  sections: { id: string; title: string; body: string }[];
}

/** One section as sent from the edit page: its text and the revision it was loaded from (0: none). */
export interface SectionEdit {
  sectionId: string;
  base: number;
  title: string;
  body: string;
  minor?: boolean;
  /** Saved even when unchanged (the section whose Save button was pressed). */
  confirm?: boolean;
}

/** What became of one section of a page-wide save ("saved": its text as sent is the saved one). */
export type SectionOutcome =
  | { sectionId: string; kind: 'saved'; revision: number }
  | { sectionId: string; kind: 'unchanged' }
  | { sectionId: string; kind: 'invalid'; fields: ProblemField[] }
  | {
      sectionId: string;
      kind: 'conflict';
      /** The section as saved now (null: it has no text). */
      current: { title: string; body: string; revision: number } | null;
      /** The form's revision is not one of this section's: it cannot tell what the person started from. */
      unverified?: boolean;
    };

export interface LanguageSummary {
  lang: string;
  status: TranslationView['status'];
  completeness: number;
  outdatedSections: number;
  publishedAt: string | null;
}

/** A restored text: the revision it comes from and the source revision that text was translated from. */
export interface Restored {
  revisionId: number;
  sourceRevisionId: number | null;
}
