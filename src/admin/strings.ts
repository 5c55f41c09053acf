import { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { allow, can } from './access';
import { fieldMessage, numberFormat, T } from './editor';
import { fieldText, formFields } from './form-body';
import { CsrfField, form } from './forms';
import { actorOf, sessionOf } from './request';
import { type KeyState, sendStringsPage, type StringPagesDeps, stringsUrl } from './strings-page';
import { AppError, notFound } from '../errors';
import { LangSchema, param } from '../http/params';
import { DEFAULT_LANGUAGE, Language } from '../i18n/languages';
import type { StringEdit, StringOutcome } from '../interface-strings/service';

/** The form: its token, the button pressed, and per key `text.<key>` and `base.<key>`. */
const StringsForm = z.object({ csrf: CsrfField, action: z.enum(['save', 'review', 'publish']).optional() }).passthrough();
const FIELD = /^(text|base)\.(.{1,200})$/;
const BASE = /^(?:0|[1-9]\d{0,14})$/;

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
  router.get('/strings/:lang', showStrings(deps, uiLang));
  router.post('/strings/:lang', saveStrings(deps, uiLang));
  return router;
}

/** The language of the address, one whose interface strings are translated here and the person works in. */
function stringsLanguage(deps: StringPagesDeps, req: Request, response: Response): Language {
  const code = param(LangSchema, req.params.lang, 'language').toLowerCase();
  const l = deps.languages.find(code);
  if (!l || code === DEFAULT_LANGUAGE) throw notFound(`There is no language "${code}" whose interface strings are translated here.`);
  allow(can.work(sessionOf(response).principal, code));
  return l;
}

/** The page, saying what the last save or workflow action did (`?saved=<count>`, `?done=…`). */
function showStrings(deps: StringPagesDeps, uiLang: (req: Request) => string): RequestHandler {
  return (req, response) => {
    const l = stringsLanguage(deps, req, response);
    const ui = uiLang(req);
    const t = deps.admin.views.t(ui) as T;
    const saved = Number(req.query.saved);
    const done = req.query.done === 'review' || req.query.done === 'publish' ? req.query.done : undefined;
    const message = done
      ? { kind: 'ok' as const, text: t(`admin.strings.done.${done}`) }
      : req.query.saved !== undefined && Number.isSafeInteger(saved)
        ? { kind: 'ok' as const, text: saved > 0 ? t('admin.strings.saved', { count: saved }) : t('admin.strings.nothingChanged') }
        : undefined;
    sendStringsPage(deps, ui, response, l, 200, message ? { message } : {});
  };
}

/** Saves every changed box, then submits for review or publishes when that button was pressed. */
function saveStrings(deps: StringPagesDeps, uiLang: (req: Request) => string): RequestHandler {
  return (req, response) => {
    const l = stringsLanguage(deps, req, response);
    const input = form(req, StringsForm);
    const action = input.action ?? 'save';
    if (action === 'publish') allow(can.publish(sessionOf(response).principal));
    const ui = uiLang(req);
    const t = deps.admin.views.t(ui) as T;
    const num = numberFormat(ui);
    const { edits, states } = readStringsForm(deps, l, formFields(req), t);
    const { outcomes } = deps.interfaceStrings.save(l.code, edits, actorOf(response));
    const refused = outcomes.filter((o) => o.kind === 'invalid' || o.kind === 'conflict');
    const saved = outcomes.filter((o) => o.kind === 'saved').length;
    if (refused.length > 0 || states.size > 0) {
      const unsaved = refused.length + states.size;
      const byKey = new Map(edits.map((e) => [e.key, e]));
      for (const o of refused) states.set(o.key, stateAfter(o, byKey.get(o.key) as StringEdit, t, num));
      sendStringsPage(deps, ui, response, l, refused.some((o) => o.kind === 'conflict') ? 409 : 422, {
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
        sendStringsPage(deps, ui, response, l, 422, { message: { kind: 'error', text: t('admin.edit.actionRefused') } });
        return;
      }
      response.redirect(303, `${stringsUrl(l.code)}?done=${action}`);
      return;
    }
    response.redirect(303, `${stringsUrl(l.code)}?saved=${saved}`);
  };
}

/**
 * The boxes of a posted form, for keys the language has: the edits to save, and the states of
 * boxes whose revision is missing or damaged (shown back as typed, never saved).
 */
function readStringsForm(deps: StringPagesDeps, l: Language, fields: Record<string, unknown>, t: T) {
  const typed = new Map<string, { text?: string; base?: string }>();
  for (const [name, value] of Object.entries(fields)) {
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
  return { edits, states };
}

function stateAfter(o: StringOutcome, edit: StringEdit, t: T, num: Intl.NumberFormat): KeyState {
  if (o.kind === 'conflict') {
    // The next save is knowingly over the text saved meanwhile: the box now carries its revision.
    return { text: edit.text, base: o.current.revision, conflict: o.current.text };
  }
  if (o.kind === 'invalid') return { text: edit.text, base: edit.base ?? 0, errors: o.fields.map((f) => fieldMessage(t, f, num)) };
  return { text: edit.text, base: edit.base ?? 0 };
}
