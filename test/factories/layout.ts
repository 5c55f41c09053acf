import type { Block, Span } from '../../src/content/blocks';
import { createTranslator } from '../../src/i18n';
import { formatEdition } from '../../src/i18n/format';
import { intlLocale } from '../../src/i18n/languages';
import { languages } from './languages';
import type { LayoutDocument, LayoutLabels, LayoutSection } from '../../src/rendering/layout/model';
import { LOCALES_DIR } from '../../src/paths';
import { FixtureLang, LABELS, TEXT } from './layout-text';

/** Builds LayoutDocument fixtures (the input of the renderers) with real text in each language. */

export { LABELS, TEXT };
export type { FixtureLang };

export function span(text: string, style: Partial<Omit<Span, 'text'>> = {}): Span {
  return { text, bold: false, italic: false, ...style };
}

export function paragraph(...spans: (Span | string)[]): Block {
  return { type: 'paragraph', spans: spans.map((s) => (typeof s === 'string' ? span(s) : s)) };
}

export const CONTACT: Extract<Block, { type: 'contact' }> = {
  type: 'contact',
  fields: {
    name: 'Ombudsman Office',
    phone: '+994 12 498-23-78',
    address: 'Baku, 40 Uzeyir Hajibeyov street',
    email: 'ombudsman@ombudsman.az',
    web: 'https://ombudsman.az',
  },
};

/** A section in `lang`, with that language's direction and script. */
export function section(lang: FixtureLang, id: string, title: string, blocks: Block[], notice?: string): LayoutSection {
  const language = languages.get(lang);
  const s: LayoutSection = {
    id,
    title,
    lang,
    locale: intlLocale(language),
    dir: language.dir,
    script: language.script,
    blocks,
    listItem: LABELS[lang].listItem,
  };
  if (notice !== undefined) s.notice = notice;
  return s;
}

/** The usual body of a section: paragraphs, a sub-heading, a bulleted and a numbered list. */
export function standardBlocks(lang: FixtureLang, n = 0): Block[] {
  const t = TEXT[lang];
  const para = (i: number): Block => paragraph(t.paragraphs[(i + n) % t.paragraphs.length] as string);
  return [
    para(0),
    { type: 'heading', level: 2, spans: [span(t.sections[(n + 1) % t.sections.length] as string)] },
    para(1),
    { type: 'list', ordered: false, items: t.items.map((i) => [span(i)]) },
    para(2),
    { type: 'heading', level: 3, spans: [span(t.sections[(n + 2) % t.sections.length] as string)] },
    { type: 'list', ordered: true, items: t.items.map((i) => [span(i)]) },
  ];
}

const translator = createTranslator(LOCALES_DIR, languages);

/** Cover lines in each language, from the locales. */
const COVER = Object.fromEntries(
  (['en', 'az', 'uk', 'ru', 'ar', 'fa'] as const).map((lang) => {
    const t = translator.t(lang);
    const url = `https://booklets.example.org/booklets/right-to-information/${lang}`;
    return [
      lang,
      {
        institution: t('site.institution'),
        edition: t('booklet.edition', { edition: formatEdition('2026-11', lang) }),
        readOnline: t('pdf.readOnline'),
        qrAlt: t('pdf.qrAlt', { language: languages.get(lang).nativeName, url }),
        howToPrint: { pages: t('print.howPages'), booklet: t('print.howBooklet') },
      },
    ];
  }),
) as Record<FixtureLang, LayoutLabels['cover']>;

/** Closing-page lines in each language, from the locales. */
const CLOSING = Object.fromEntries(
  (['en', 'az', 'uk', 'ru', 'ar', 'fa'] as const).map((lang) => {
    const t = translator.t(lang);
    const edition = formatEdition('2026-11', lang);
    return [
      lang,
      {
        title: t('pdf.closingTitle'),
        ...(lang === 'en' ? {} : { translation: t('pdf.translation', { translator: 'Test translator' }) }),
        source:
          lang === 'en' ? t('pdf.original', { language: 'English', edition }) : t('pdf.followsSource', { language: 'English', edition }),
        status: t('pdf.statusPublished'),
        published: t('pdf.published', { date: new Date('2026-11-24T12:00:00Z') }),
      },
    ];
  }),
) as Record<FixtureLang, LayoutLabels['closing']>;

/** A document in `lang`; sections default to the language's three standard sections. */
export function layoutDocument(lang: FixtureLang, overrides: Partial<LayoutDocument> = {}): LayoutDocument {
  const language = languages.get(lang);
  const t = TEXT[lang];
  return {
    slug: 'right-to-information',
    lang,
    locale: intlLocale(language),
    dir: language.dir,
    script: language.script,
    languageName: language.nativeName,
    title: t.title,
    subject: `${t.title} (${language.englishName})`,
    author: 'Commissioner for Human Rights (Ombudsman) of the Republic of Azerbaijan',
    publishedAt: '2026-11-24T12:00:00.000Z',
    edition: '2026-11',
    sample: false,
    onlineUrl: `https://booklets.example.org/booklets/right-to-information/${lang}`,
    labels: { ...LABELS[lang], cover: COVER[lang], closing: CLOSING[lang] },
    sections: t.sections.map((title, i) => section(lang, `s${i + 1}`, title, standardBlocks(lang, i))),
    ...overrides,
  };
}

/** A long document (about a dozen A4 pages) with `count` sections, for paging and speed. */
export function longDocument(lang: FixtureLang, count = 16): LayoutDocument {
  const t = TEXT[lang];
  const sections = Array.from({ length: count }, (_, i) =>
    section(lang, `s${i + 1}`, `${i + 1}. ${t.sections[i % t.sections.length] as string}`, [
      ...standardBlocks(lang, i),
      ...standardBlocks(lang, i + 1).slice(0, 3),
      CONTACT,
    ]),
  );
  return layoutDocument(lang, { sections });
}
