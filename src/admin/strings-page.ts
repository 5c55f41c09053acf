import type { Response } from 'express';
import type { AdminServices } from '.';
import { DEFAULT_LANGUAGE, Language, Languages } from '../i18n/languages';
import type { InterfaceStringService } from '../interface-strings/service';
import { can } from './access';
import { numberFormat, T } from './editor';
import { sessionOf } from './request';

export interface StringPagesDeps {
  admin: AdminServices;
  languages: Languages;
  interfaceStrings: InterfaceStringService;
}

/** The address of a language's interface-strings page. */
export const stringsUrl = (lang: string): string => `/admin/strings/${lang}`;

/** What the page shows at one key after a save that did not go through. */
export interface KeyState {
  text: string;
  base: number;
  errors?: string[];
  conflict?: string;
  notice?: string;
}

/** The interface-strings page of a language, in the interface language `ui`. */
export function sendStringsPage(
  deps: StringPagesDeps,
  ui: string,
  response: Response,
  l: Language,
  status: number,
  extra: { states?: Map<string, KeyState>; message?: { kind: 'ok' | 'error'; text: string } } = {},
): void {
  const session = sessionOf(response);
  const t = deps.admin.views.t(ui) as T;
  const num = numberFormat(ui);
  const view = deps.interfaceStrings.view(l.code);
  const canEdit = can.work(session.principal, l.code);
  const canPublish = can.publish(session.principal);
  response
    .status(status)
    .type('html')
    .send(
      deps.admin.views.render(
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
          rows: stringRows(deps, view.strings, extra.states, t),
          message: extra.message,
        },
      ),
    );
}

type StringView = ReturnType<InterfaceStringService['view']>['strings'][number];

/** One row per key: English, the text shown now and where it comes from, and the box (as typed when a save did not go through). */
function stringRows(deps: StringPagesDeps, strings: readonly StringView[], states: Map<string, KeyState> | undefined, t: T) {
  const nameOf = (code: string) => deps.languages.find(code)?.nativeName ?? code;
  return strings.map((s) => {
    const own = s.origin === 'draft' || s.origin === 'published' || s.origin === 'locale-file';
    const state = states?.get(s.key);
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
}
