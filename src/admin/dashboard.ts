import type { Request, RequestHandler } from 'express';
import type { BookletService } from '../booklets/service';
import type { Language, Languages } from '../i18n/languages';
import type { InterfaceStringService } from '../interface-strings/service';
import type { TranslationService } from '../translations/service';
import { can } from './access';
import { sessionOf } from './request';
import { editUrl, numberFormat, T } from './editor';
import type { AdminServices } from './index';
import { stringsCompleteness } from './strings';

export interface DashboardDeps {
  admin: AdminServices;
  translations: TranslationService;
  booklets: BookletService;
  languages: Languages;
  interfaceStrings: InterfaceStringService;
}

/**
 * /admin: every booklet with a cell per language the person works in (status, how much is
 * translated, how many sections are outdated), and how far each language's interface strings are.
 */
export function dashboard(deps: DashboardDeps, lang: (req: Request) => string): RequestHandler {
  return (req, res) => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = deps.admin.views.t(ui);
    const languages = deps.languages.active().filter((l) => can.work(session.principal, l.code));
    res.type('html').send(
      deps.admin.views.render(
        'dashboard',
        {
          lang: ui,
          title: t('admin.dashboard.title'),
          principal: session.principal,
          csrf: session.csrfToken,
          current: 'dashboard',
        },
        {
          languages: languages.map((l) => ({ code: l.code, name: l.nativeName, dir: l.dir })),
          booklets: deps.booklets.allLanguages().map(({ slug }) => bookletRow(deps, slug, languages, ui, t)),
          interfaceStrings: stringsCompleteness(deps, languages, ui, t),
        },
      ),
    );
  };
}

/** One booklet's row: its title and a cell per language. */
function bookletRow(deps: DashboardDeps, slug: string, languages: readonly Language[], ui: string, t: T) {
  const num = numberFormat(ui);
  const summary = new Map(deps.translations.summary(slug).map((s) => [s.lang, s]));
  const sourceLang = deps.booklets.sourceOf(slug);
  // The booklet's title in the interface language when it has one, else in its source language.
  const titleLang = summary.has(ui) ? ui : sourceLang;
  const title = deps.booklets.readLatest(slug, titleLang).meta.title;
  return {
    slug,
    title,
    titleLang,
    titleDir: deps.languages.find(titleLang)?.dir ?? 'ltr',
    cells: languages.map((l) => {
      const s = summary.get(l.code);
      const status = s?.status ?? 'missing';
      return {
        lang: l.code,
        langName: l.nativeName,
        href: editUrl(slug, l.code),
        exists: s !== undefined,
        status,
        statusLabel: `${t(`admin.status.${status}`)}${l.code === sourceLang ? ` (${t('admin.dashboard.source')})` : ''}`,
        percent: num.format(Math.round((s?.completeness ?? 0) * 100)),
        outdated: s?.outdatedSections ?? 0,
        published: s?.publishedAt != null,
      };
    }),
  };
}
