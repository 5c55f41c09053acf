import { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { AppError, ProblemField } from '../errors';
import { DEFAULT_LANGUAGE, Language } from '../i18n/languages';
import { LanguageCodeSchema } from '../identifiers';
import { LanguageInputSchema, LanguageService, LanguageUpdateSchema } from '../languages/service';
import { param } from '../http/params';
import { allow, can } from './access';
import { actorOf, sessionOf } from './request';
import type { T } from './editor';
import { CsrfField, form } from './forms';
import type { AdminServices } from './index';

export interface LanguagePagesDeps {
  admin: AdminServices;
  languageAdmin: LanguageService;
}

/** The fields of the add and change forms, as typed (kept and shown back when they are refused). */
const LanguageForm = z.object({
  csrf: CsrfField,
  code: z.string().max(40).optional(),
  nativeName: z.string().max(200).optional(),
  englishName: z.string().max(200).optional(),
  script: z.string().max(40).optional(),
  dir: z.string().max(10).optional(),
  fallback: z.string().max(40).optional(),
  aliases: z.string().max(400).optional(),
  numbering: z.string().max(40).optional(),
  calendar: z.string().max(40).optional(),
});
type Typed = Omit<z.infer<typeof LanguageForm>, 'csrf'>;

const ActionForm = z.object({ csrf: CsrfField });

/** Typed values as the service takes them: empty optional fields are "none". */
function values(typed: Typed, withCode: boolean): Record<string, unknown> {
  const text = (v: string | undefined): string | undefined => (v === undefined ? undefined : v.trim());
  const orNull = (v: string | undefined): string | null => (text(v) ? (text(v) as string) : null);
  return {
    ...(withCode ? { code: text(typed.code) ?? '' } : {}),
    nativeName: text(typed.nativeName) ?? '',
    englishName: text(typed.englishName) ?? '',
    script: text(typed.script) ?? '',
    ...(text(typed.dir) ? { dir: text(typed.dir) } : {}),
    fallback: orNull(typed.fallback),
    aliases: (typed.aliases ?? '')
      .split(/[,\s]+/)
      .map((a) => a.trim())
      .filter(Boolean),
    numbering: orNull(typed.numbering),
    calendar: orNull(typed.calendar),
  };
}

/** Problems of a schema as the service reports them (field + English message). */
function problems(error: z.ZodError): ProblemField[] {
  return error.issues.map((i) => ({ field: String(i.path[0] ?? 'form'), message: i.message }));
}

const asTyped = (l: Language): Typed => ({
  code: l.code,
  nativeName: l.nativeName,
  englishName: l.englishName,
  script: l.script,
  dir: l.dir,
  fallback: l.fallback ?? '',
  aliases: l.aliases.join(', '),
  numbering: l.numbering ?? '',
  calendar: l.calendar ?? '',
});

/** What the languages page shows besides the list: the language being changed, the form as typed, what was refused, what was done. */
interface PageExtra {
  editing?: Language;
  typed?: Typed;
  errors?: ProblemField[];
  done?: string;
}

type Lang = (req: Request) => string;

const mayManage = (res: Response): boolean => can.manageLanguages(sessionOf(res).principal);

const codeOf = (req: Request): string => param(LanguageCodeSchema, req.params.code, 'language').toLowerCase();

/** The problems a refused change is shown with: the fields the service named, else its message for the whole form. */
const refusal = (e: AppError): ProblemField[] => (e.fields.length > 0 ? e.fields : [{ field: 'form', message: e.message }]);

/** Errors a form is shown again with; anything else (a 5xx, not an AppError) goes on to the error page. */
function refused(e: unknown): AppError {
  if (!(e instanceof AppError) || e.status >= 500) throw e;
  return e;
}

/**
 * /admin/languages: every language with its settings, for everyone signed in; admins add, change,
 * retire and restore languages. A refused form is shown again with everything typed and what to
 * change next to it.
 */
export function languagePages(deps: LanguagePagesDeps, lang: Lang): Router {
  const router = Router();
  router.get('/languages', listLanguages(deps, lang));
  router.post('/languages', addLanguage(deps, lang));
  router.get('/languages/:code', showLanguage(deps, lang));
  router.post('/languages/:code', updateLanguage(deps, lang));
  for (const action of ['retire', 'restore'] as const) router.post(`/languages/:code/${action}`, setRetired(deps, lang, action));
  return router;
}

function listLanguages(deps: LanguagePagesDeps, lang: Lang): RequestHandler {
  return (req, res) => {
    const done = ['added', 'updated', 'retired', 'restored'].find((d) => d === req.query.done);
    sendLanguagesPage(deps, lang(req), res, 200, done ? { done } : {});
  };
}

function addLanguage(deps: LanguagePagesDeps, lang: Lang): RequestHandler {
  return (req, res) => {
    allow(mayManage(res));
    const { csrf: _csrf, ...typed } = form(req, LanguageForm);
    const parsed = LanguageInputSchema.safeParse(values(typed, true));
    if (!parsed.success) return sendLanguagesPage(deps, lang(req), res, 422, { typed, errors: problems(parsed.error) });
    try {
      deps.languageAdmin.add(parsed.data, actorOf(res).name);
    } catch (e) {
      const r = refused(e);
      return sendLanguagesPage(deps, lang(req), res, r.status, { typed, errors: refusal(r) });
    }
    res.redirect(303, '/admin/languages?done=added');
  };
}

function showLanguage(deps: LanguagePagesDeps, lang: Lang): RequestHandler {
  return (req, res) => {
    allow(mayManage(res));
    sendLanguagesPage(deps, lang(req), res, 200, { editing: deps.languageAdmin.get(codeOf(req)) });
  };
}

function updateLanguage(deps: LanguagePagesDeps, lang: Lang): RequestHandler {
  return (req, res) => {
    allow(mayManage(res));
    const editing = deps.languageAdmin.get(codeOf(req));
    const { csrf: _csrf, ...typed } = form(req, LanguageForm);
    const shown = { ...typed, code: editing.code };
    const parsed = LanguageUpdateSchema.safeParse(values(typed, false));
    if (!parsed.success) return sendLanguagesPage(deps, lang(req), res, 422, { editing, typed: shown, errors: problems(parsed.error) });
    try {
      deps.languageAdmin.update(editing.code, parsed.data, actorOf(res).name);
    } catch (e) {
      const r = refused(e);
      return sendLanguagesPage(deps, lang(req), res, r.status, { editing, typed: shown, errors: refusal(r) });
    }
    res.redirect(303, '/admin/languages?done=updated');
  };
}

/** Retires or restores a language. */
function setRetired(deps: LanguagePagesDeps, lang: Lang, action: 'retire' | 'restore'): RequestHandler {
  return (req, res) => {
    allow(mayManage(res));
    form(req, ActionForm);
    const target = deps.languageAdmin.get(codeOf(req));
    try {
      deps.languageAdmin.update(target.code, { retired: action === 'retire' }, actorOf(res).name);
    } catch (e) {
      const r = refused(e);
      return sendLanguagesPage(deps, lang(req), res, r.status, { errors: [{ field: 'form', message: r.message }] });
    }
    res.redirect(303, `/admin/languages?done=${action === 'retire' ? 'retired' : 'restored'}`);
  };
}

/** The languages page, in the interface language `ui`: the list, and the form to add one or change `extra.editing`. */
function sendLanguagesPage(deps: LanguagePagesDeps, ui: string, res: Response, status: number, extra: PageExtra = {}): void {
  const session = sessionOf(res);
  const t = deps.admin.views.t(ui) as T;
  const all = deps.languageAdmin.list();
  const fields = formFieldsOf(extra, t);
  const title = extra.editing ? t('admin.languages.editTitle', { language: extra.editing.nativeName }) : t('admin.languages.title');
  res
    .status(status)
    .type('html')
    .send(
      deps.admin.views.render(
        'languages',
        {
          lang: ui,
          title,
          principal: session.principal,
          csrf: session.csrfToken,
          current: 'languages',
        },
        {
          title,
          editing: extra.editing ? { code: extra.editing.code, name: extra.editing.nativeName, dir: extra.editing.dir } : undefined,
          canManage: mayManage(res),
          done: extra.done ? t(`admin.languages.done.${extra.done}`) : undefined,
          // The service words its reasons in English (they name scripts, codes and fields exactly).
          formErrors: (extra.errors ?? []).filter((e) => !fields.some((f) => f.name === e.field)).map((e) => e.message),
          messagesLang: ui === DEFAULT_LANGUAGE ? undefined : DEFAULT_LANGUAGE,
          englishLang: DEFAULT_LANGUAGE,
          hasErrors: (extra.errors ?? []).length > 0,
          fields,
          languages: all.map((l) => ({
            ...l,
            aliases: l.aliases.join(', '),
            fallbackName: l.fallback ? (all.find((o) => o.code === l.fallback)?.nativeName ?? l.fallback) : '',
            fallbackDir: l.fallback ? (all.find((o) => o.code === l.fallback)?.dir ?? 'ltr') : 'ltr',
            state: t(l.retired ? 'admin.languages.retired' : 'admin.languages.active'),
          })),
        },
      ),
    );
}

/** The fields of the add or change form, each with its label, hint, value as typed (or saved) and problem. */
function formFieldsOf(extra: PageExtra, t: T) {
  const typed = extra.typed ?? (extra.editing ? asTyped(extra.editing) : {});
  const errorOf = (field: string): string | undefined => {
    const own = (extra.errors ?? []).filter((e) => e.field === field);
    return own.length > 0 ? own.map((e) => e.message).join('; ') : undefined;
  };
  return ['code', 'nativeName', 'englishName', 'script', 'dir', 'fallback', 'aliases', 'numbering', 'calendar'].map((name) => ({
    name,
    label: t(`admin.languages.field.${name}`),
    hint: t(`admin.languages.hint.${name}`),
    value: (typed as Record<string, string | undefined>)[name] ?? '',
    error: errorOf(name),
    readonly: name === 'code' && extra.editing !== undefined,
  }));
}
