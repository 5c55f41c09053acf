import { Request, RequestHandler, Router } from 'express';
import type { KeyService } from '../auth/keys';
import type { BookletService } from '../booklets/service';
import { csrfRefused, notFound, signedOut } from '../errors';
import { ErrorPage, setErrorPage } from '../http/error-handler';
import { interfaceLanguage } from '../http/language';
import { sendOutput } from '../http/send';
import type { Translator } from '../i18n';
import type { Languages } from '../i18n/languages';
import type { LanguageService } from '../languages/service';
import type { InterfaceStringService } from '../interface-strings/service';
import { toOutput } from '../rendering/cache';
import type { HtmlRenderer } from '../rendering/html';
import type { RenderService } from '../rendering/service';
import type { TranslationService } from '../translations/service';
import { readCookies, sameToken, SESSION_COOKIE } from './csrf';
import { dashboard } from './dashboard';
import { editingRoutes } from './editing';
import { sessionOf } from './request';
import { adminErrorPage } from './error-page';
import { formParser } from './form-body';
import { historyRoutes } from './history';
import type { AdminServices } from './index';
import { languagePages } from './languages';
import { loginRoutes, logout } from './login';
import { previewRoutes } from './preview';
import { publishingRoutes } from './publishing';
import { stringPages } from './strings';

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

  router.use(adminHeaders(adminErrorPage(deps, lang)));
  router.get('/assets/admin.:hash.js', asset(admin, 'js'));
  router.get('/assets/admin.:hash.css', asset(admin, 'css'));
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

  // Everything below needs a session, and every form carries its CSRF token.
  router.use(requireSession(admin));
  router.use(checkCsrf);

  router.post('/logout', logout(admin));
  router.get('/', dashboard(deps, lang));
  router.use(languagePages(deps, lang));
  router.use(stringPages(deps, lang));
  router.use(editingRoutes(deps, lang));
  router.use(publishingRoutes(deps, lang));
  router.use(historyRoutes(deps, lang));
  router.use(previewRoutes(deps, lang));

  router.use((req) => {
    throw notFound(`Nothing is at ${req.originalUrl.slice(0, 200)}.`);
  });
  return router;
}

/** The headers of every /admin answer, and the page its errors are answered with. */
function adminHeaders(errorPage: ErrorPage): RequestHandler {
  return (_req, res, next) => {
    // Errors are answered by the app's one handler, with the admin error page.
    setErrorPage(res, errorPage);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    // The editing pages may run the service's own script (admin.js), nothing else.
    const csp = res.getHeader('Content-Security-Policy');
    if (typeof csp === 'string' && !csp.includes('script-src')) res.setHeader('Content-Security-Policy', `${csp};script-src 'self'`);
    next();
  };
}

/** The session of the request's cookie; without one, a page asks to sign in and a form is refused. */
function requireSession(admin: AdminServices): RequestHandler {
  return (req, res, next) => {
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
  };
}

/** Every form carries the session's CSRF token, compared in constant time. */
const checkCsrf: RequestHandler = (req, res, next) => {
  if (req.method === 'POST') {
    const sent = (req.body as Record<string, unknown> | undefined)?.csrf;
    if (typeof sent !== 'string' || !sameToken(sent, sessionOf(res).csrfToken)) throw csrfRefused();
  }
  next();
};

/** The admin script or stylesheet of the current version, cached for good (its hash is in its name). */
function asset(admin: AdminServices, kind: 'css' | 'js'): RequestHandler {
  return (req, res) => {
    const hash = kind === 'js' ? admin.views.jsHash : admin.views.cssHash;
    if (req.params.hash !== hash)
      throw notFound(kind === 'js' ? 'This script version does not exist.' : 'This stylesheet version does not exist.');
    res.setHeader('Cache-Control', IMMUTABLE);
    sendOutput(req, res, assetOutput(admin, kind));
  };
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
