import type { TFunction } from 'i18next';
import { Block } from '../../content/blocks';
import { BodySyntaxError, parseBody } from '../../content/markdown';
import type { ReadableBooklet } from '../../booklets/service';
import { formatEdition } from '../../i18n/format';
import { intlLocale, LanguageLookup } from '../../i18n/languages';
import { LayoutDocument, LayoutLabels, LayoutSection } from './model';

/**
 * The pure layout stage: a booklet as readers see it + interface strings -> the layout model both
 * renderers draw. Resolves direction and script per section, fallback notices and labels.
 */
export interface LayoutOptions {
  /** Public address of the service, without a trailing slash (for the QR code and links). */
  baseUrl: string;
  /** The languages of the service (direction, script, names, digits of each). */
  languages: LanguageLookup;
}

export function buildLayout(content: ReadableBooklet, t: TFunction, options: LayoutOptions): LayoutDocument {
  const language = options.languages.get(content.lang);
  const sections = content.sections.map((s): LayoutSection => {
    const sectionLanguage = options.languages.get(s.lang);
    const section: LayoutSection = {
      id: s.id,
      title: s.title,
      lang: s.lang,
      locale: intlLocale(sectionLanguage),
      dir: sectionLanguage.dir,
      script: sectionLanguage.script,
      blocks: parseStoredBody(s.body),
      // In the section's own language: a section shown in the source language numbers as that language does.
      listItem: t('format.listItem', { n: '{n}', lng: s.lang }),
    };
    if (s.fallback) {
      // The language name is given in the reader's language's own label, with the native name.
      section.notice = t(s.fallback === 'outdated' ? 'booklet.outdated' : 'booklet.untranslated', {
        language: sectionLanguage.nativeName,
      });
    }
    return section;
  });
  const doc: LayoutDocument = {
    slug: content.slug,
    lang: content.lang,
    locale: intlLocale(language),
    dir: language.dir,
    script: language.script,
    languageName: language.nativeName,
    title: content.meta.title,
    subject: content.meta.subject,
    author: content.meta.author,
    publishedAt: content.publishedAt,
    edition: content.meta.edition,
    sample: content.meta.sample,
    onlineUrl: `${options.baseUrl}/booklets/${content.slug}/${content.lang}`,
    labels: layoutLabels(t),
    sections,
  };
  if (content.meta.translator) doc.translator = content.meta.translator;
  doc.labels.cover = coverLabels(doc, t);
  doc.labels.closing = closingLabels(content, t, options.languages);
  return doc;
}

function coverLabels(doc: LayoutDocument, t: TFunction): LayoutLabels['cover'] {
  return {
    institution: t('site.institution'),
    edition: t('booklet.edition', { edition: formatEdition(doc.edition, doc.locale) }),
    readOnline: t('pdf.readOnline'),
    qrAlt: t('pdf.qrAlt', { language: doc.languageName, url: doc.onlineUrl }),
    howToPrint: { pages: t('print.howPages'), booklet: t('print.howBooklet') },
  };
}

function closingLabels(content: ReadableBooklet, t: TFunction, languages: LanguageLookup): LayoutLabels['closing'] {
  const source = languages.get(content.sourceLang);
  const edition = formatEdition(content.meta.edition, intlLocale(languages.get(content.lang)));
  const closing: LayoutLabels['closing'] = {
    title: t('pdf.closingTitle'),
    source:
      content.lang === content.sourceLang
        ? t('pdf.original', { language: source.nativeName, edition })
        : // The source language's name in the reader's language, in the form the sentence needs.
          t('pdf.followsSource', { language: t(`pdf.sourceLanguage.${source.code}`, { defaultValue: source.nativeName }), edition }),
    status: t(content.meta.sample ? 'pdf.statusSample' : 'pdf.statusPublished'),
    published: t('pdf.published', { date: new Date(content.publishedAt) }),
  };
  if (content.meta.translator && content.lang !== content.sourceLang) {
    closing.translation = t('pdf.translation', { translator: content.meta.translator });
  }
  return closing;
}

/**
 * Interface strings the renderers need that do not depend on the booklet. Cover and closing lines
 * are filled in by buildLayout; empty here.
 */
export function layoutLabels(t: TFunction): LayoutLabels {
  return {
    cover: { institution: '', edition: '', readOnline: '', qrAlt: '', howToPrint: { pages: '', booklet: '' } },
    closing: { title: '', source: '', status: '', published: '' },
    pageOf: t('pdf.pageOf', { n: '{n}', m: '{m}' }),
    contents: t('booklet.contents'),
    listItem: t('format.listItem', { n: '{n}' }),
    separator: t('format.separator'),
    sampleNotice: t('booklet.sample'),
    draftMark: t('draft.mark'),
    contact: {
      phone: t('contact.phone'),
      address: t('contact.address'),
      hours: t('contact.hours'),
      email: t('contact.email'),
      web: t('contact.web'),
    },
  };
}

/**
 * Bodies are validated when they are written, so this parse normally succeeds. If stored text ever
 * fails to parse (e.g. written by an older version with other rules), readers still get its text,
 * as plain paragraphs, rather than an error page.
 */
function parseStoredBody(body: string): Block[] {
  try {
    return parseBody(body);
  } catch (e) {
    if (!(e instanceof BodySyntaxError)) throw e;
    return body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => ({ type: 'paragraph' as const, spans: [{ text: p.replace(/\s+/g, ' '), bold: false, italic: false }] }));
  }
}
