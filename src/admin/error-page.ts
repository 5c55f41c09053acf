import type { Request } from 'express';
import type { BookletService } from '../booklets/service';
import type { AppError } from '../errors';
import type { ErrorPage } from '../http/error-handler';
import { interfaceLanguage } from '../http/language';
import type { Languages } from '../i18n/languages';
import { SLUG } from '../identifiers';
import type { TranslationService } from '../translations/service';
import { readCookies, SESSION_COOKIE } from './csrf';
import { fieldMessage, numberFormat, sectionTitles, T } from './editor';
import { ArrivedField, fieldText, FormTooLargeError } from './form-body';
import type { AdminServices } from './index';
import type { AdminSession } from './sessions';

/** What the admin error page reads: the interface, sessions, and the draft a lost form was typed over. */
export interface AdminErrorPageDeps {
  admin: AdminServices;
  translations: TranslationService;
  booklets: BookletService;
  languages: Languages;
}

/** A text shown back on the error page, with its size and, when known, its language. */
interface KeptText {
  label: string;
  text: string;
  size: string;
  cut: boolean;
  lang?: string;
  dir?: string;
}

/** Admin errors as pages in the interface language, with what was typed kept when a form was lost. */
export function adminErrorPage(deps: AdminErrorPageDeps, lang: (req: Request) => string): ErrorPage {
  return (e, err, req, res) => {
    const ui = lang(req);
    const t = deps.admin.views.t(ui);
    const kind = errorKind(e);
    // Errors before the session check (a form too large) still know who is signed in.
    const token = readCookies(req).get(SESSION_COOKIE);
    const session = (res.locals.adminSession as AdminSession | undefined) ?? (token ? deps.admin.sessions.find(token) : undefined);
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

/** The fields of a refused form: those that arrived of a form too large, else the parsed body. */
function postedFields(req: Request, err: unknown): ArrivedField[] {
  if (err instanceof FormTooLargeError) return err.arrived;
  return Object.entries((req.body as Record<string, unknown> | undefined) ?? {}).flatMap(([name, value]) => {
    const v = fieldText(value);
    return v === undefined ? [] : [{ name, value: v, cut: false }];
  });
}

/** The draft of the booklet language in an edit address: its saved sections, their titles, its language. */
function draftOf(deps: AdminErrorPageDeps, url: string, num: Intl.NumberFormat) {
  let current = new Map<string, { title: string; body: string }>();
  let titles = new Map<string, string>();
  let language: { code: string; dir: string } | undefined;
  // The one error handler runs outside the admin router, so the address is read whole.
  const target = /^\/admin\/booklets\/([^/]+)\/([^/]+)\//.exec(url);
  if (target && SLUG.test(target[1] as string) && deps.languages.find(target[2] as string)) {
    try {
      current = new Map(deps.translations.view(target[1] as string, target[2] as string, 'draft').sections.map((s) => [s.id, s]));
      titles = sectionTitles(deps, target[1] as string, target[2] as string, num);
      language = deps.languages.get(target[2] as string);
    } catch {
      // An unknown booklet: only the plain fields of older forms are shown.
    }
  }
  return { current, titles, language };
}

/**
 * The section texts of a form that could not be accepted (signed out, expired token, too large),
 * to be shown back: nothing typed is lost. Only the fields of the sections of the booklet in the
 * address (and the plain `title`/`body` of older forms), each with its exact size; a field cut
 * short says so. Signed in, fields are named by their section's title and text that is what is
 * saved anyway is left out; signed out, nothing about the draft is told (section ids only).
 */
function keptText(req: Request, err: unknown, deps: AdminErrorPageDeps, signedIn: boolean): KeptText[] {
  if (req.method !== 'POST') return [];
  const t = deps.admin.views.t(interfaceLanguage(req, deps.languages)) as T;
  const num = numberFormat(interfaceLanguage(req, deps.languages));
  const fields = postedFields(req, err);
  const { current, titles, language } = draftOf(deps, req.originalUrl, num);
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
    total += shown.length;
    count++;
    return [
      {
        label,
        text: shown,
        size: keptSize(f, shown, t, num),
        cut: f.cut || shown.length < f.value.length,
        ...(language ? { lang: language.code, dir: language.dir } : {}),
      },
    ];
  });
}

/** How much of a field there was and how much of it is shown, in the interface language. */
function keptSize(f: ArrivedField, shown: string, t: T, num: Intl.NumberFormat): string {
  const figures = {
    chars: num.format([...f.value].length),
    bytes: num.format(Buffer.byteLength(f.value, 'utf8')),
    shown: num.format([...shown].length),
  };
  return t(f.cut ? 'admin.error.keptCut' : shown.length < f.value.length ? 'admin.error.keptShown' : 'admin.error.keptSize', figures);
}

/** The kind of error page (its heading and text in locales/, `admin.error.<kind>`) for an error. */
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
