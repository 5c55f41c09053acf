import { Request, Response, Router } from 'express';
import { z } from 'zod';
import { allow, can } from './access';
import { actorOf, sessionOf } from './request';
import { fieldMessage, numberFormat, T } from './editor';
import { fieldText, formFields } from './form-body';
import { CsrfField, form } from './forms';
import type { AdminServices } from '.';
import { AppError, notFound } from '../errors';
import { LangSchema, param } from '../http/params';
import { DEFAULT_LANGUAGE, Language, Languages } from '../i18n/languages';
import type { InterfaceStringService, StringEdit, StringOutcome } from '../interface-strings/service';

export interface StringPagesDeps {
  admin: AdminServices;
  languages: Languages;
  interfaceStrings: InterfaceStringService;
}

/** The address of a language's interface-strings page. */
export const stringsUrl = (lang: string): string => `/admin/strings/${lang}`;

/** The form: its token, the button pressed, and per key `text.<key>` and `base.<key>`. */
const StringsForm = z.object({ csrf: CsrfField, action: z.enum(['save', 'review', 'publish']).optional() }).passthrough();
const FIELD = /^(text|base)\.(.{1,200})$/;
const BASE = /^(?:0|[1-9]\d{0,14})$/;

/** What the page shows at one key after a save that did not go through. */
interface KeyState {
  text: string;
  base: number;
  errors?: string[];
  conflict?: string;
  notice?: string;
}

/** Per language: how much of the interface it has its own translation for, for the dashboard. */
export function stringsCompleteness(deps: Pick<StringPagesDeps, 'interfaceStrings'>, languages: readonly Language[], ui: string, t: T) {
  const num = numberFormat(ui);
  return languages
    .filter((l) => l.code !== DEFAULT_LANGUAGE)
    .map((l) => {
      const view = deps.interfaceStrings.view(l.code);
      return {
        code: l.code,
        name: l.nativeName,
        dir: l.dir,
        href: stringsUrl(l.code),
        percent: num.format(Math.floor(view.completeness * 100)),
        // No label before anything was saved here: a language shipped with its strings is not "not started".
        statusLabel: view.status === 'missing' ? undefined : t(`admin.status.${view.status}`),
      };
    });
}

/**
 * /admin/strings/:lang: every interface string of a language, English beside the text shown now,
 * with a box to translate it. One form saves every changed box (and, with its other buttons,
 * submits for review or publishes). A save that does not go through shows the page again with
 * everything as typed and the problem at each string.
 */
export function stringPages(deps: StringPagesDeps, uiLang: (req: Request) => string): Router {
  const router = Router();
  const { admin } = deps;

  const language = (req: Request, response: Response): Language => {
    const code = param(LangSchema, req.params.lang, 'language').toLowerCase();
    const l = deps.languages.find(code);
    if (!l || code === DEFAULT_LANGUAGE) throw notFound(`There is no language "${code}" whose interface strings are translated here.`);
    allow(can.work(sessionOf(response).principal, code));
    return l;
  };

  const render = (
    req: Request,
    response: Response,
    l: Language,
    status: number,
    extra: { states?: Map<string, KeyState>; message?: { kind: 'ok' | 'error'; text: string } } = {},
  ): void => {
    const session = sessionOf(response);
    const ui = uiLang(req);
    const t = admin.views.t(ui) as T;
    const num = numberFormat(ui);
    const view = deps.interfaceStrings.view(l.code);
    const canEdit = can.work(session.principal, l.code);
    const canPublish = can.publish(session.principal);
    const nameOf = (code: string) => deps.languages.find(code)?.nativeName ?? code;
    const rows = view.strings.map((s) => {
      const own = s.origin === 'draft' || s.origin === 'published' || s.origin === 'locale-file';
      const state = extra.states?.get(s.key);
      return {
        key: s.key,
        english: s.english,
        current: s.text,
        currentLang: s.textLang,
        currentDir: deps.languages.find(s.textLang)?.dir ?? 'ltr',
        origin: s.origin,
        originLabel: t(`admin.strings.origin.${s.origin}`, { language: nameOf(s.textLang) }),
        plural: s.plural ? t('admin.strings.plural', { form: s.plural }) : undefined,
        placeholders: s.placeholders.length > 0 ? s.placeholders.map((p) => `{{${p}}}`).join(' ') : undefined,
        text: state ? state.text : own ? s.text : '',
        base: state ? state.base : s.revision,
        rows: Math.min(8, Math.max(2, Math.ceil(s.english.length / 60) + 1)),
        errors: state?.errors,
        conflict: state?.conflict,
        notice: state?.notice,
        id: s.key.replace(/[^A-Za-z0-9_-]/g, '-'),
      };
    });
    response
      .status(status)
      .type('html')
      .send(
        admin.views.render(
          'strings',
          {
            lang: ui,
            title: t('admin.strings.title', { language: l.nativeName }),
            principal: session.principal,
            csrf: session.csrfToken,
          },
          {
            language: { code: l.code, name: l.nativeName, dir: l.dir },
            sourceLang: DEFAULT_LANGUAGE,
            action: stringsUrl(l.code),
            status: view.status,
            statusLabel: t(`admin.status.${view.status}`),
            percent: num.format(Math.floor(view.completeness * 100)),
            canEdit,
            canPublish,
            rows,
            message: extra.message,
          },
        ),
      );
  };

  router.get('/strings/:lang', (req, response) => {
    const l = language(req, response);
    const t = admin.views.t(uiLang(req)) as T;
    const saved = Number(req.query.saved);
    const done = req.query.done === 'review' || req.query.done === 'publish' ? req.query.done : undefined;
    const message = done
      ? { kind: 'ok' as const, text: t(`admin.strings.done.${done}`) }
      : req.query.saved !== undefined && Number.isSafeInteger(saved)
        ? { kind: 'ok' as const, text: saved > 0 ? t('admin.strings.saved', { count: saved }) : t('admin.strings.nothingChanged') }
        : undefined;
    render(req, response, l, 200, message ? { message } : {});
  });

  router.post('/strings/:lang', (req, response) => {
    const l = language(req, response);
    const input = form(req, StringsForm);
    const action = input.action ?? 'save';
    const principal = sessionOf(response).principal;
    if (action === 'publish') allow(can.publish(principal));
    const ui = uiLang(req);
    const t = admin.views.t(ui) as T;
    const num = numberFormat(ui);

    const typed = new Map<string, { text?: string; base?: string }>();
    for (const [name, value] of Object.entries(formFields(req))) {
      const m = FIELD.exec(name);
      const v = fieldText(value);
      if (!m || v === undefined) continue;
      typed.set(m[2] as string, { ...typed.get(m[2] as string), [m[1] as string]: v });
    }
    const edits: StringEdit[] = [];
    const states = new Map<string, KeyState>();
    for (const [key, f] of typed) {
      if (f.text === undefined || !deps.interfaceStrings.catalog.find(l.code, key)) continue;
      // Browsers send CRLF line breaks in text areas; the stored text uses LF.
      const text = f.text.replace(/\r\n?/g, '\n');
      if (f.base === undefined || !BASE.test(f.base)) {
        states.set(key, { text, base: 0, errors: [t('admin.validation.incompleteForm')] });
        continue;
      }
      edits.push({ key, text, base: Number(f.base) });
    }
    const { outcomes } = deps.interfaceStrings.save(l.code, edits, actorOf(response));
    const refused = outcomes.filter((o) => o.kind === 'invalid' || o.kind === 'conflict');
    const saved = outcomes.filter((o) => o.kind === 'saved').length;
    if (refused.length > 0 || states.size > 0) {
      const unsaved = refused.length + states.size;
      const byKey = new Map(edits.map((e) => [e.key, e]));
      for (const o of refused) states.set(o.key, stateAfter(o, byKey.get(o.key) as StringEdit, t, num));
      render(req, response, l, refused.some((o) => o.kind === 'conflict') ? 409 : 422, {
        states,
        message: {
          kind: 'error',
          text: [saved > 0 ? t('admin.strings.saved', { count: saved }) : '', t('admin.strings.notSaved', { count: unsaved })]
            .filter(Boolean)
            .join(' '),
        },
      });
      return;
    }
    if (action !== 'save') {
      try {
        deps.interfaceStrings.transition(l.code, action, actorOf(response));
      } catch (e) {
        if (!(e instanceof AppError && e.status === 422)) throw e;
        // Nothing to submit or publish: what was typed is saved; the page says why nothing else happened.
        render(req, response, l, 422, { message: { kind: 'error', text: t('admin.edit.actionRefused') } });
        return;
      }
      response.redirect(303, `${stringsUrl(l.code)}?done=${action}`);
      return;
    }
    response.redirect(303, `${stringsUrl(l.code)}?saved=${saved}`);
  });

  return router;
}

function stateAfter(o: StringOutcome, edit: StringEdit, t: T, num: Intl.NumberFormat): KeyState {
  if (o.kind === 'conflict') {
    // The next save is knowingly over the text saved meanwhile: the box now carries its revision.
    return { text: edit.text, base: o.current.revision, conflict: o.current.text };
  }
  if (o.kind === 'invalid') return { text: edit.text, base: edit.base ?? 0, errors: o.fields.map((f) => fieldMessage(t, f, num)) };
  return { text: edit.text, base: edit.base ?? 0 };
}
