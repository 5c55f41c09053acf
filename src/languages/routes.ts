import { Request, Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth';
import { param } from '../http/params';
import { LanguageCodeSchema } from '../identifiers';
import type { Language } from '../i18n/languages';
import { LanguageInputSchema, LanguageService, LanguageUpdateSchema } from './service';

/** Reads a JSON body with its schema (the API's own reader: 415, 422 naming the fields). */
export type BodyReader = <T>(req: Request, schema: z.ZodType<T>) => T;

/** The public shape of a language. */
function present(l: Language) {
  return {
    code: l.code, nativeName: l.nativeName, englishName: l.englishName, dir: l.dir, script: l.script,
    fallback: l.fallback, aliases: l.aliases, numbering: l.numbering, calendar: l.calendar, retired: l.retired,
  };
}

/** Reads query parameters with their schema (400 naming the parameter). */
export type QueryReader = <T>(req: Request, schema: z.ZodType<T>) => T;

/** `?retired=true`: retired languages too (admins). */
export const LanguagesQuery = z.object({
  retired: z.enum(['true', 'false'], { message: 'must be true or false' }).optional().meta({ description: 'Include retired languages (admins)' }),
});

/**
 * /api/v1/languages on the API's router: everyone reads the languages readers are offered (admins
 * also the retired ones); admins add, change, retire (PATCH retired: true) and delete unused ones.
 */
export function addLanguageRoutes(router: Router, languages: LanguageService, body: BodyReader, query: QueryReader): void {
  const code = (value: unknown): string => param(LanguageCodeSchema, value, 'language').toLowerCase();

  router.get('/languages', (req, res) => {
    const all = query(req, LanguagesQuery).retired === 'true';
    if (all) requireRole(req, 'admin');
    res.json({ languages: languages.list().filter((l) => all || !l.retired).map(present) });
  });

  router.post('/languages', (req, res) => {
    const actor = requireRole(req, 'admin');
    const added = languages.add(body(req, LanguageInputSchema), actor.name);
    res.status(201).location(`/api/v1/languages/${added.code}`).json(present(added));
  });

  router.get('/languages/:lang', (req, res) => {
    res.json(present(languages.get(code(req.params.lang))));
  });

  router.patch('/languages/:lang', (req, res) => {
    const actor = requireRole(req, 'admin');
    const lang = code(req.params.lang);
    res.json(present(languages.update(lang, body(req, LanguageUpdateSchema), actor.name)));
  });

  router.delete('/languages/:lang', (req, res) => {
    const actor = requireRole(req, 'admin');
    languages.remove(code(req.params.lang), actor.name);
    res.status(204).end();
  });
}
