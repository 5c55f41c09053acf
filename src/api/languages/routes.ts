import type { Routes } from '../../http/methods';
import { requireRole } from '../../http/auth';
import type { Language } from '../../i18n/languages';
import { LanguageInputSchema, LanguageUpdateSchema } from '../../languages/service';
import type { ApiDeps } from '../deps';
import { body, langParam, query } from '../request';
import { LanguagesQuery } from './schema';

/** The public shape of a language. */
function present(l: Language) {
  return {
    code: l.code,
    nativeName: l.nativeName,
    englishName: l.englishName,
    dir: l.dir,
    script: l.script,
    fallback: l.fallback,
    aliases: l.aliases,
    numbering: l.numbering,
    calendar: l.calendar,
    retired: l.retired,
  };
}

/**
 * /api/v1/languages on the API's router: everyone reads the languages readers are offered (admins
 * also the retired ones); admins add, change, retire (PATCH retired: true) and delete unused ones.
 */
export function addLanguageRoutes(router: Routes, deps: ApiDeps): void {
  const languages = deps.languageAdmin;

  router.get('/languages', (req, res) => {
    const all = query(req, LanguagesQuery).retired === 'true';
    if (all) requireRole(req, 'admin');
    res.json({
      languages: languages
        .list()
        .filter((l) => all || !l.retired)
        .map(present),
    });
  });

  router.post('/languages', (req, res) => {
    const actor = requireRole(req, 'admin');
    const added = languages.add(body(req, LanguageInputSchema), actor.name);
    res.status(201).location(`/api/v1/languages/${added.code}`).json(present(added));
  });

  router.get('/languages/:lang', (req, res) => {
    res.json(present(languages.get(langParam(req))));
  });

  router.patch('/languages/:lang', (req, res) => {
    const actor = requireRole(req, 'admin');
    const lang = langParam(req);
    res.json(present(languages.update(lang, body(req, LanguageUpdateSchema), actor.name)));
  });

  router.delete('/languages/:lang', (req, res) => {
    const actor = requireRole(req, 'admin');
    languages.remove(langParam(req), actor.name);
    res.status(204).end();
  });
}
