import type { Block } from '../../content/blocks';
import type { Direction, Script } from '../../i18n/languages';

/**
 * The layout model: everything a renderer needs, already resolved (language, direction, fonts per
 * script, localized labels, fallback sections). Plain data, so it can be sent to a worker thread and
 * hashed for caching. Produced by the pure layout stage, consumed by the HTML and PDF renderers.
 */
export interface LayoutDocument {
  slug: string;
  lang: string;
  /** The tag Intl formats the document's dates and numbers with (its calendar and digits). */
  locale: string;
  dir: Direction;
  script: Script;
  /** Native name of the language, e.g. "Українська". */
  languageName: string;
  title: string;
  subject: string;
  author: string;
  /**
   * When this text was published (ISO 8601): the PDF's creation date, so that the same published
   * text gives the same bytes and ETag on every instance and after every render.
   */
  publishedAt: string;
  edition: string;
  translator?: string;
  /** True while the text is sample content awaiting the institution's review. */
  sample: boolean;
  /** Absolute URL of this booklet's web page in this language (the cover's QR code opens it). */
  onlineUrl: string;
  labels: LayoutLabels;
  sections: LayoutSection[];
}

export interface LayoutSection {
  id: string;
  title: string;
  /** Language of this section's text: differs from the document's when it is a source fallback. */
  lang: string;
  /** The tag Intl formats the section's numbers with. */
  locale: string;
  dir: Direction;
  script: Script;
  blocks: Block[];
  /** The marker of its numbered lists' items, in the section's language, `{n}` for the number ("{n}.", "{n}-"). */
  listItem: string;
  /** Set when the section is shown in the source language: a label in the reader's language. */
  notice?: string;
}

/** Interface strings the renderers need, already translated into the document's language. */
export interface LayoutLabels {
  /** Footer template with the literal placeholders {n} and {m}, e.g. "Page {n} of {m}". */
  pageOf: string;
  contents: string;
  /** The marker of a numbered item in the document's language (the contents), `{n}` for the number. */
  listItem: string;
  /** What goes between items of a line such as "edition · published · translator" (not a dot in Arabic script). */
  separator: string;
  sampleNotice: string;
  /** The mark on every page of a draft preview, e.g. "Draft — not published" (drawn only for drafts). */
  draftMark: string;
  contact: { phone: string; address: string; hours: string; email: string; web: string };
  /** Cover page lines, already filled in. */
  cover: {
    institution: string;
    /** e.g. "Edition November 2026". */
    edition: string;
    readOnline: string;
    /** Alternative text of the QR code for assistive technology. */
    qrAlt: string;
    /** How to print the PDF, for each page layout (at the foot of the cover). */
    howToPrint: { pages: string; booklet: string };
  };
  /** Closing page: who translated, review status, which source edition it follows. */
  closing: {
    title: string;
    /** Absent for the source language or when no translator is recorded. */
    translation?: string;
    source: string;
    status: string;
    published: string;
  };
}
