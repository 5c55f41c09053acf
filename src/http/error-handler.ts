import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import {
  AppError,
  badEncoding,
  clientError,
  internalError,
  InvalidChoiceError,
  invalidJson,
  notFound,
  payloadTooLarge,
  STATUS_TITLES,
} from '../errors';
import type { ErrorPageExtra, HtmlRenderer } from '../rendering/html';
import type { Translator } from '../i18n';
import { pageChrome } from '../rendering/html/chrome';
import { interfaceLanguage } from './language';
import { DEFAULT_LANGUAGE, Languages } from '../i18n/languages';

/**
 * How a route's errors are answered: `html` a page, `json` problem+json, `negotiated` a page for a
 * browser's navigation (Accept prefers text/html) and problem+json for any other client.
 */
export type ErrorFormat = 'html' | 'json' | 'negotiated';

/**
 * The HTML of an error page for one part of the site (/admin has its own, in the editor's
 * language, with what was typed kept). The handler has set the status and headers already.
 */
export type ErrorPage = (error: AppError, thrown: unknown, req: Request, res: Response) => string;

/**
 * Lets a route say how its errors must be answered (pages: HTML; files: negotiated; API: JSON), and
 * in which language a page explains them.
 */
export function setErrorFormat(res: Response, format: ErrorFormat, lang?: string): void {
  res.locals.errorFormat = format;
  if (lang) res.locals.lang = lang;
}

/** Lets a part of the site answer its errors with its own page (HTML). */
export function setErrorPage(res: Response, page: ErrorPage): void {
  res.locals.errorFormat = 'html';
  res.locals.errorPage = page;
}

/** Any request no route answered. */
export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`Nothing is published at ${req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path}.`);
};

/** Turns anything thrown into an AppError; unknown errors become a 500 without details. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (err instanceof URIError || e?.type === 'encoding.unsupported') {
    return badEncoding();
  }
  if (e?.type === 'entity.parse.failed') {
    // Strict parsing refuses JSON that is not an object or array (null, a string, a number).
    const body = (err as { body?: unknown }).body;
    return invalidJson(typeof body === 'string' && isJson(body));
  }
  if (e?.type === 'entity.too.large') return payloadTooLarge('The request body is too large.');
  if (status >= 400 && status < 500) {
    const message = e.expose === true && typeof e.message === 'string' ? e.message : (STATUS_TITLES[status] ?? 'Bad request');
    return clientError(status as Parameters<typeof clientError>[0], message);
  }
  return internalError();
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export interface ErrorHandlerDeps {
  html: HtmlRenderer;
  translator: Translator;
  languages: Languages;
  /** Called with unexpected (5xx) errors; never with their details sent to the client. */
  onServerError?: (err: unknown, req: Request) => void;
}

/**
 * The one place errors become responses: application/problem+json (RFC 9457) for the API and
 * files, a localized HTML page for pages, the page a part of the site set (setErrorPage) for
 * /admin. Never a stack trace.
 */
export function createErrorHandler(deps: ErrorHandlerDeps): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) deps.onServerError?.(err, req);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(appError.status);
    for (const name of ['Content-Disposition', 'ETag', 'Last-Modified', 'Content-Encoding']) res.removeHeader(name);
    res.setHeader('Cache-Control', 'no-store');
    // The challenge RFC 9110 asks for, where a key or token is what is missing (not a signed-out editor).
    if (appError.code === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer realm="booklets"');
    if (typeof appError.extra.retryAfter === 'number') res.setHeader('Retry-After', String(appError.extra.retryAfter));
    const page = res.locals.errorPage as ErrorPage | undefined;
    if (page) {
      res.type('html').send(page(appError, err, req, res));
      return;
    }
    if (wantsHtml(req, res)) {
      const lang = interfaceLanguage(req, deps.languages, res.locals.lang as string | undefined);
      const t = deps.translator.t(lang);
      const [heading, text] =
        appError.code === 'read-only'
          ? [t('error.readOnlyTitle'), t('error.readOnlyText')]
          : appError.status === 404
            ? [t('error.notFoundTitle'), t('error.notFoundText')]
            : appError.status < 500
              ? [t('error.badRequestTitle'), t('error.badRequestText')]
              : [t('error.genericTitle'), t('error.genericText')];
      if (appError instanceof InvalidChoiceError) {
        // The thrower wrote each message in the reader's language: list them, with a way back.
        const invalidHeading = t('error.invalidChoiceTitle');
        const chrome = pageChrome(deps.translator, lang, invalidHeading);
        const details = appError.fields.map((f) => f.message);
        res.type('html').send(deps.html.error(chrome, invalidHeading, t('error.invalidChoiceText'), { details, back: appError.back }));
        return;
      }
      const chrome = pageChrome(deps.translator, lang, heading);
      // A read-only copy names the primary instance: the same address there.
      const primary = typeof appError.extra.primary === 'string' ? appError.extra.primary : undefined;
      const back = primary ? { back: { href: `${primary}${req.originalUrl}`, label: t('error.readOnlyGo') } } : {};
      res.type('html').send(deps.html.error(chrome, heading, text, { reason: clientErrorReason(appError, lang), ...back }));
      return;
    }
    const body: Record<string, unknown> = {
      type: `/problems/${appError.code}`,
      title: STATUS_TITLES[appError.status] ?? 'Error',
      status: appError.status,
      detail: appError.message,
      instance: req.originalUrl.length > 500 ? undefined : req.originalUrl,
      ...appError.extra,
    };
    if (appError.fields.length > 0) body.errors = appError.fields;
    res.type('application/problem+json').send(JSON.stringify(body));
  };
}

/** Longest reason shown on an error page: the messages are short; this only bounds the page. */
const MAX_REASON_LENGTH = 500;

/**
 * What exactly was wrong with a request, for the HTML error page, below the localized text: only
 * for client errors (4xx), whose messages are written for the reader and hold no internal details;
 * never for 5xx. The messages are English, so the paragraph says so when the page is not.
 */
function clientErrorReason(appError: AppError, pageLang: string): ErrorPageExtra['reason'] {
  if (appError.status < 400 || appError.status >= 500) return undefined;
  const message = appError.message.trim();
  if (!message) return undefined;
  const text = message.length > MAX_REASON_LENGTH ? `${message.slice(0, MAX_REASON_LENGTH)}…` : message;
  return pageLang === DEFAULT_LANGUAGE ? { text } : { text, lang: DEFAULT_LANGUAGE, dir: 'ltr' };
}

function wantsHtml(req: Request, res: Response): boolean {
  const format = res.locals.errorFormat as ErrorFormat | undefined;
  if (format === 'html' || format === 'json') return format === 'html';
  if (req.path.startsWith('/api/')) return false;
  return (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['application/json', 'text/html']) === 'text/html';
}
