import { Request, Router } from 'express';
import type { KeyService } from '../auth/keys';
import type { BookletService } from '../booklets/service';
import { AppError, csrfRefused, notFound, signedOut } from '../errors';
import { ErrorPage, setErrorPage } from '../http/error-handler';
import { interfaceLanguage } from '../http/language';
import { sendOutput } from '../http/send';
import type { Translator } from '../i18n';
import type { Languages } from '../i18n/languages';
import type { LanguageService } from '../languages/service';
import { languagePages } from './languages';
import { stringPages, stringsCompleteness } from './strings';
import type { InterfaceStringService } from '../interface-strings/service';
import { toOutput } from '../rendering/cache';
import type { HtmlRenderer } from '../rendering/html';
import type { RenderService } from '../rendering/service';
import { SLUG } from '../identifiers';
import type { TranslationService } from '../translations/service';
import { can } from './access';
import { readCookies, sameToken, SESSION_COOKIE } from './csrf';
import { editUrl, fieldMessage, numberFormat, sectionTitles, T } from './editor';
import { editingRoutes, sessionOf } from './editing';
import {} from './forms';
import { fieldText, FormTooLargeError, formParser } from './form-body';
import { historyRoutes } from './history';
import { publishingRoutes } from './publishing';
import type { AdminServices } from './index';
import { loginRoutes, logout } from './login';

export interface AdminRouteDeps {
  admin: AdminServices;
  keys: KeyService;
  translations: TranslationService;
  booklets: BookletService;
  render: RenderService;
  html: HtmlRenderer;
  translator: Translator;
  languages: Languages;
  languageAdmin: LanguageService;
  interfaceStrings: InterfaceStringService;
  /** Longest session life in seconds (the cookie's Max-Age). */
  sessionMaxSeconds?: number;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Largest edit form accepted, in bytes. */
export const FORM_LIMIT = 4 * 1024 * 1024;

/**
 * The editor and translator interface under /admin: server-rendered forms, no JavaScript.
 * Every change goes through the same services as the API. Pages are never cached (no-store),
 * every form carries a CSRF token, and cookies are only ever set under /admin.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  const { admin } = deps;
  const lang = (req: Request): string => interfaceLanguage(req, deps.languages);
  const errorPage = adminErrorPage(deps, lang);

  router.use((_req, res, next) => {
    // Errors are answered by the app's one handler, with the page below.
    setErrorPage(res, errorPage);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    // The editing pages may run the service's own script (admin.js), nothing else.
    const csp = res.getHeader('Content-Security-Policy');
    if (typeof csp === 'string' && !csp.includes('script-src')) res.setHeader('Content-Security-Policy', `${csp};script-src 'self'`);
    next();
  });

  router.get('/assets/admin.:hash.js', (req, res) => {
    if (req.params.hash !== admin.views.jsHash) throw notFound('This script version does not exist.');
    res.setHeader('Cache-Control', IMMUTABLE);
    sendOutput(req, res, assetOutput(admin, 'js'));
  });

  router.get('/assets/admin.:hash.css', (req, res) => {
    if (req.params.hash !== admin.views.cssHash) throw notFound('This stylesheet version does not exist.');
    res.setHeader('Cache-Control', IMMUTABLE);
    sendOutput(req, res, assetOutput(admin, 'css'));
  });

  router.use(loginRoutes(deps, deps.sessionMaxSeconds ?? 7 * 24 * 60 * 60));
  // Parsed before the session check, so a form sent after the session ended can be shown back.
  // Every section of a booklet is one form: up to 4 MB (a dozen long sections in Arabic script,
  // percent-encoded). Of a larger form, up to 16 MB is kept for someone with a session cookie, so
  // the text can be shown back; the rest is read and thrown away up to 64 MB.
  router.use(
    formParser({
      limit: FORM_LIMIT,
      parameterLimit: 2000,
      keepLimit: 16 * 1024 * 1024,
      drainLimit: 64 * 1024 * 1024,
      keepsMore: (req) => readCookies(req).has(SESSION_COOKIE),
    }),
  );

  // Everything below needs a session.
  router.use((req, res, next) => {
    const token = readCookies(req).get(SESSION_COOKIE);
    const session = token ? admin.sessions.find(token) : undefined;
    if (session) {
      res.locals.adminSession = session;
      next();
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const nextUrl = req.originalUrl.split('?')[0] ?? '/admin';
      res.redirect(303, `/admin/login${nextUrl !== '/admin' && nextUrl.length <= 300 ? `?next=${encodeURIComponent(nextUrl)}` : ''}`);
      return;
    }
    next(signedOut());
  });

  // Every form carries the session's CSRF token, compared in constant time.
  router.use((req, res, next) => {
    if (req.method === 'POST') {
      const sent = (req.body as Record<string, unknown> | undefined)?.csrf;
      if (typeof sent !== 'string' || !sameToken(sent, sessionOf(res).csrfToken)) throw csrfRefused();
    }
    next();
  });

  router.post('/logout', logout(admin));

  router.get('/', (req, res) => {
    const session = sessionOf(res);
    const ui = lang(req);
    const t = admin.views.t(ui);
    const num = numberFormat(ui);
    const languages = deps.languages.active().filter((l) => can.work(session.principal, l.code));
    const booklets = deps.booklets.allLanguages().map(({ slug }) => {
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
    });
    res.type('html').send(
      admin.views.render(
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
          booklets,
          interfaceStrings: stringsCompleteness(deps, languages, ui, t),
        },
      ),
    );
  });

  router.use(languagePages(deps, lang));
  router.use(stringPages(deps, lang));
  router.use(editingRoutes(deps, lang));
  router.use(publishingRoutes(deps, lang));
  router.use(historyRoutes(deps, lang));

  router.use((req) => {
    throw notFound(`Nothing is at ${req.originalUrl.slice(0, 200)}.`);
  });
  return router;
}

/** Admin errors as pages in the interface language, with what was typed kept when a form was lost. */
function adminErrorPage(deps: AdminRouteDeps, lang: (req: Request) => string): ErrorPage {
  return (e, err, req, res) => {
    const ui = lang(req);
    const t = deps.admin.views.t(ui);
    const kind = errorKind(e);
    // Errors before the session check (a form too large) still know who is signed in.
    const token = readCookies(req).get(SESSION_COOKIE);
    const session =
      (res.locals.adminSession as ReturnType<typeof sessionOf> | undefined) ?? (token ? deps.admin.sessions.find(token) : undefined);
    const num = numberFormat(ui);
    const kept = keptText(req, err, deps, session !== undefined);
    const signIn = kind === 'signedOut' || (!session && kind === 'csrf');
    const backHref = signIn ? '/admin/login' : '/admin';
    const minutes = typeof e.extra.minutes === 'number' ? e.extra.minutes : 15;
    // What exactly was wrong, in the interface language: the field problems the thrower named.
    const details = e.fields.map((f) => fieldMessage(t as T, f, num));
    const size =
      err instanceof FormTooLargeError
        ? t('admin.error.tooLarge.size', { received: num.format(err.receivedBytes), limit: num.format(err.limitBytes) })
        : undefined;
    return deps.admin.views.render(
      'error',
      {
        lang: ui,
        title: t(`admin.error.${kind}.title`),
        principal: session?.principal,
        csrf: session?.csrfToken,
      },
      {
        heading: t(`admin.error.${kind}.title`),
        text: t(`admin.error.${kind}.text`, { count: minutes }),
        details,
        size,
        kept,
        backHref,
        backLabel: t(signIn ? 'admin.login.title' : 'admin.error.back'),
      },
    );
  };
}

/** Longest text shown back on an error page per field, and in all (the sizes say how much there was). */
const SHOWN_CHARS = 200_000;
const SHOWN_TOTAL = 1_000_000;

/**
 * The section texts of a form that could not be accepted (signed out, expired token, too large),
 * to be shown back: nothing typed is lost. Only the fields of the sections of the booklet in the
 * address (and the plain `title`/`body` of older forms), each with its exact size; a field cut
 * short says so. Signed in, fields are named by their section's title and text that is what is
 * saved anyway is left out; signed out, nothing about the draft is told (section ids only).
 */
function keptText(
  req: Request,
  err: unknown,
  deps: AdminRouteDeps,
  signedIn: boolean,
): { label: string; text: string; size: string; cut: boolean; lang?: string; dir?: string }[] {
  if (req.method !== 'POST') return [];
  const t = deps.admin.views.t(interfaceLanguage(req, deps.languages)) as T;
  const num = numberFormat(interfaceLanguage(req, deps.languages));
  const fields: { name: string; value: string; cut: boolean }[] =
    err instanceof FormTooLargeError
      ? err.arrived
      : Object.entries((req.body as Record<string, unknown> | undefined) ?? {}).flatMap(([name, value]) => {
          const v = fieldText(value);
          return v === undefined ? [] : [{ name, value: v, cut: false }];
        });
  // The one error handler runs outside the admin router, so the address is read whole.
  const target = /^\/admin\/booklets\/([^/]+)\/([^/]+)\//.exec(req.originalUrl);
  let current = new Map<string, { title: string; body: string }>();
  let titles = new Map<string, string>();
  let language: { code: string; dir: string } | undefined;
  if (target && SLUG.test(target[1] as string) && deps.languages.find(target[2] as string)) {
    try {
      current = new Map(deps.translations.view(target[1] as string, target[2] as string, 'draft').sections.map((s) => [s.id, s]));
      titles = sectionTitles(deps, target[1] as string, target[2] as string, num);
      language = deps.languages.get(target[2] as string);
    } catch {
      // An unknown booklet: only the plain fields of older forms are shown.
    }
  }
  const source = new Set(titles.keys());
  // A title and a text per section, and the two plain fields of older forms: no more.
  const most = 2 * source.size + 2;
  let total = 0;
  let count = 0;
  return fields.flatMap((f) => {
    const m = /^(title|body)(?:\.([a-z0-9-]{1,64}))?$/.exec(f.name);
    if (!m || f.value.trim() === '' || total >= SHOWN_TOTAL || count >= most) return [];
    if (m[2] && !source.has(m[2])) return [];
    const field = m[1] as 'title' | 'body';
    const typed = field === 'title' ? f.value.trim() : f.value.replace(/\r\n?/g, '\n');
    if (signedIn && m[2] && current.get(m[2])?.[field] === typed && !f.cut) return [];
    const where = m[2] ? (signedIn ? (titles.get(m[2]) ?? m[2]) : m[2]) : '';
    const label = `${t(field === 'title' ? 'admin.edit.titleLabel' : 'admin.edit.bodyLabel')}${where ? ` — ${where}` : ''}`;
    const shown = f.value.slice(0, Math.min(SHOWN_CHARS, SHOWN_TOTAL - total)).replace(/[\uD800-\uDBFF]$/, '');
    const figures = {
      chars: num.format([...f.value].length),
      bytes: num.format(Buffer.byteLength(f.value, 'utf8')),
      shown: num.format([...shown].length),
    };
    const size = t(
      f.cut ? 'admin.error.keptCut' : shown.length < f.value.length ? 'admin.error.keptShown' : 'admin.error.keptSize',
      figures,
    );
    total += shown.length;
    count++;
    return [
      {
        label,
        text: shown,
        size,
        cut: f.cut || shown.length < f.value.length,
        ...(language ? { lang: language.code, dir: language.dir } : {}),
      },
    ];
  });
}

function errorKind(e: AppError): string {
  if (e.code === 'csrf') return 'csrf';
  switch (e.status) {
    case 401:
      return 'signedOut';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
    case 412:
    case 428:
      return 'conflict';
    case 413:
      return 'tooLarge';
    case 415:
    case 400:
      return 'badRequest';
    case 422:
      return 'invalid';
    case 429:
      return 'tooMany';
    default:
      return e.status >= 500 ? 'generic' : 'badRequest';
  }
}

const assetCache = new WeakMap<AdminServices, Record<'css' | 'js', ReturnType<typeof toOutput>>>();
function assetOutput(admin: AdminServices, kind: 'css' | 'js'): ReturnType<typeof toOutput> {
  let outputs = assetCache.get(admin);
  if (!outputs) {
    outputs = {
      css: toOutput(Buffer.from(admin.views.css, 'utf8'), 'text/css; charset=utf-8'),
      js: toOutput(Buffer.from(admin.views.js, 'utf8'), 'text/javascript; charset=utf-8'),
    };
    assetCache.set(admin, outputs);
  }
  return outputs[kind];
}
