import { Router } from 'express';
import { z } from 'zod';
import { AppError, InvalidChoiceError, ProblemField } from '../errors';
import { Routes } from '../http/methods';
import { setErrorFormat } from '../http/error-handler';
import { interfaceLanguage } from '../http/language';
import { param, SlugSchema } from '../http/params';
import { LANGUAGE_CODE } from '../identifiers';
import { sendOutput } from '../http/send';
import type { Translator } from '../i18n';
import type { Languages } from '../i18n/languages';
import type { HtmlRenderer, PrintOption } from '../rendering/html';
import { pageChrome } from '../rendering/html/chrome';
import { toOutput } from '../rendering/cache';
import { PAGE_LAYOUTS, PAPER_SIZES, PDF_PROFILES, PageLayout, PaperSize, PdfProfile } from '../rendering/pdf/options';
import { bookletUrls } from '../rendering/service';
import { parsePdfQuery, requireCompanion } from './pdf-query';
import type { Variant } from '../rendering/variant';

import type { BookletService } from '../booklets/service';

export interface PrintRoutesDeps {
  booklets: BookletService;
  html: HtmlRenderer;
  translator: Translator;
  languages: Languages;
}

/** Interface-string keys of each print choice; a new paper size or profile must get its label here. */
const SIZE_LABELS: Record<PaperSize, string> = { a4: 'print.sizeA4', a5: 'print.sizeA5', letter: 'print.sizeLetter' };
const LAYOUT_LABELS: Record<PageLayout, string> = { pages: 'print.layoutPages', booklet: 'print.layoutBooklet' };
/** How to print each layout (the PDF's cover says it too, in the booklet's language). */
const LAYOUT_HINTS: Record<PageLayout, string> = { pages: 'print.howPages', booklet: 'print.howBooklet' };
const PROFILE_LABELS: Record<PdfProfile, string> = { accessible: 'print.profileAccessible', archive: 'print.profileArchive' };

/** The booklet language chosen on the print form. */
const LanguageChoiceSchema = z
  .string()
  .max(12)
  .regex(LANGUAGE_CODE)
  .transform((v) => v.toLowerCase());

/** Query values the form sends; a repeated parameter arrives as an array and is not a choice. */
const single = (value: unknown): string | undefined => (typeof value === 'string' ? value.toLowerCase() : undefined);

/** The print form's address for one booklet (`print.pdf` receives it). */
const printUrls = {
  page: (slug: string): string => `/booklets/${slug}/print`,
  pdf: (slug: string): string => `/booklets/${slug}/print/pdf`,
};

/** The PDF address of a print choice: only what differs from the default edition is in the query. */
export function printedPdfUrl(slug: string, lang: string, q: Variant): string {
  const query = new URLSearchParams();
  if (q.size !== 'a4') query.set('size', q.size);
  if (q.layout !== 'pages') query.set('layout', q.layout);
  if (q.with) query.set('with', q.with);
  if (q.profile !== 'accessible') query.set('profile', q.profile);
  const search = query.toString();
  return `${bookletUrls.pdf(slug, lang)}${search ? `?${search}` : ''}`;
}

/**
 * The print page for caseworkers (`GET /booklets/:slug/print`): a plain GET form, no script, in
 * the interface language, and the small route its form submits to, which checks the choices with
 * the PDF's own query rules and redirects to the PDF. Invalid choices are a 400 page listing, in
 * the interface language, what to change.
 */
export function printRoutes(deps: PrintRoutesDeps): Router {
  const router = Router();
  const routes = new Routes(router);

  routes.get('/booklets/:slug/print', (req, res) => {
    setErrorFormat(res, 'html');
    const slug = param(SlugSchema, req.params.slug, 'booklet name');
    const ui = interfaceLanguage(req, deps.languages);
    const t = deps.translator.t(ui);
    const { sourceLang, languages } = deps.booklets.languagesOf(slug);
    const shown = deps.booklets.read(slug, languages.includes(ui) ? ui : sourceLang);
    const shownLang = deps.languages.get(shown.lang);
    // Choices in the query (e.g. when coming back from an error) are preselected when valid.
    const chosen = {
      language: single(req.query.language),
      with: single(req.query.with),
      size: single(req.query.size),
      layout: single(req.query.layout),
      profile: single(req.query.profile),
    };
    const language = chosen.language && languages.includes(chosen.language) ? chosen.language : shown.lang;
    const languageOption = (code: string, selected: boolean): PrintOption => {
      const l = deps.languages.get(code);
      return { value: code, label: l.nativeName, lang: code, dir: l.dir, selected };
    };
    const options = <T extends string>(values: readonly T[], labels: Record<T, string>, current: string | undefined): PrintOption[] => {
      const selected = values.includes(current as T) ? current : values[0];
      return values.map((value) => ({ value, label: t(labels[value]), selected: value === selected }));
    };
    const picker = deps.languages.active().map((l) => ({
      lang: l.code,
      name: l.nativeName,
      dir: l.dir,
      href: `${printUrls.page(slug)}?lang=${l.code}`,
      current: l.code === ui,
    }));
    const chrome = pageChrome(deps.translator, ui, `${t('print.title')}: ${shown.meta.title}`, picker);
    const html = deps.html.print(chrome, {
      title: shown.meta.title,
      titleLang: shownLang.code,
      titleDir: shownLang.dir,
      bookletHref: bookletUrls.page(slug, shownLang.code),
      action: printUrls.pdf(slug),
      uiLang: ui,
      languages: languages.map((code) => languageOption(code, code === language)),
      companions: [
        { value: '', label: t('print.withNone'), selected: !chosen.with || !languages.includes(chosen.with) },
        ...languages.map((code) => languageOption(code, code === chosen.with)),
      ],
      sizes: options(PAPER_SIZES, SIZE_LABELS, chosen.size),
      layouts: options(PAGE_LAYOUTS, LAYOUT_LABELS, chosen.layout).map((o) => ({ ...o, hint: t(LAYOUT_HINTS[o.value as PageLayout]) })),
      profiles: options(PDF_PROFILES, PROFILE_LABELS, chosen.profile),
    });
    res.setHeader('Vary', 'Accept-Language');
    res.setHeader('Cache-Control', 'no-cache');
    sendOutput(req, res, toOutput(Buffer.from(html, 'utf8'), 'text/html; charset=utf-8'));
  });

  routes.get('/booklets/:slug/print/pdf', (req, res) => {
    setErrorFormat(res, 'html');
    const slug = param(SlugSchema, req.params.slug, 'booklet name');
    const ui = interfaceLanguage(req, deps.languages);
    const t = deps.translator.t(ui);
    const { languages } = deps.booklets.languagesOf(slug);
    const problems: ProblemField[] = [];

    const parsedLanguage = LanguageChoiceSchema.safeParse(req.query.language);
    const language = parsedLanguage.success && languages.includes(parsedLanguage.data) ? parsedLanguage.data : undefined;
    if (!language) problems.push({ field: 'language', message: t('print.errors.language') });

    // The form sends an empty second language for "none", and a paper size with every layout: a
    // folded booklet has its own sheet (the form hides the sizes when it is chosen, and its label
    // names the sheet), so its size is not read. Everything else is checked by the same rules as
    // the PDF address itself.
    const withValue = req.query.with === '' ? undefined : req.query.with;
    const size = single(req.query.layout) === 'booklet' ? undefined : req.query.size;
    let choice: Variant | undefined;
    try {
      choice = parsePdfQuery({ size, layout: req.query.layout, profile: req.query.profile, with: withValue });
      requireCompanion(choice, language ?? '', languages);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const field of new Set(e.fields.map((f) => f.field))) {
        const key =
          field === 'size' || field === 'layout' || field === 'profile' || field === 'with'
            ? `print.errors.${field}`
            : 'error.badRequestText';
        problems.push({ field, message: t(key) });
      }
    }

    if (problems.length > 0 || !language || !choice) {
      const query = req.originalUrl.indexOf('?');
      const back = `${printUrls.page(slug)}${query >= 0 && req.originalUrl.length - query <= 300 ? req.originalUrl.slice(query) : `?lang=${ui}`}`;
      throw new InvalidChoiceError(problems, { href: back, label: t('print.back') });
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.redirect(302, printedPdfUrl(slug, language, choice));
  });

  routes.answerOtherMethods();
  return router;
}
