import type { ProblemField } from '../errors';
import type { StringsState } from './store';

/** Where the text a reader of a language sees for a key comes from. */
export type StringOrigin = 'published' | 'draft' | 'locale-file' | 'fallback' | 'english';

export interface StringView {
  key: string;
  /** The English text it is translated from. */
  english: string;
  /** The plural category, for plural forms. */
  plural: string | null;
  /** The language's current text: its latest own translation, else what stands in for it. */
  text: string;
  origin: StringOrigin;
  /** The language `text` is in (the fallback's code for "fallback", "en" for "english"). */
  textLang: string;
  /** The latest saved revision of the key (0: none); send it back as `baseRevision`. */
  revision: number;
  /** The text readers see from the database (null: none published, the locale file or fallback shows). */
  published: string | null;
  placeholders: string[];
}

export interface StringsView {
  lang: string;
  status: StringsState | 'missing';
  /** Counts the writes to the language's strings. */
  revision: number;
  etag: string;
  publishedAt: string | null;
  /** Share of the keys with the language's own translation (locale file, draft or published). */
  completeness: number;
  strings: StringView[];
}

/** One string as sent: its text and, optionally, the revision it was based on (0: none). */
export interface StringEdit {
  key: string;
  text: string;
  base?: number;
}

export type StringOutcome =
  | { key: string; kind: 'saved'; revision: number }
  | { key: string; kind: 'unchanged' }
  | { key: string; kind: 'invalid'; fields: ProblemField[] }
  | { key: string; kind: 'conflict'; current: { text: string; revision: number } };

/** The ETag of a language's strings at a revision. */
export const stringsEtag = (lang: string, revision: number): string => `"strings.${lang}.${revision}"`;
