import express, { Router } from 'express';
import { AppError, unsupportedMediaType } from '../errors';
import { requireLanguage, requireRole } from '../http/auth';
import { param } from '../http/params';
import { InterfaceStringInput, PathParams } from '../translations/api-schemas';
import type { InterfaceStringService, StringsView } from './service';

const XLIFF_TYPES = ['application/xliff+xml', 'application/xml', 'text/xml'];

/** The JSON body of a string's PUT, validated; problems name the field (422), as the other API writes do. */
function stringInput(req: express.Request) {
  if (!req.is('application/json')) throw unsupportedMediaType('Send the body as application/json.');
  const parsed = InterfaceStringInput.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));
  throw new AppError(422, 'unprocessable-content', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

/**
 * The interface strings of a language under /api/v1/interface-strings/{lang}: read, write one,
 * submit for review, publish, XLIFF export and import. Same roles as booklet translations:
 * translators their languages, editors and admins any; publishing needs an editor. If-Match is
 * optional here (strings are saved one by one; `baseRevision` guards a single string).
 */
export function interfaceStringRoutes(router: Router, deps: { interfaceStrings: InterfaceStringService }): void {
  const strings = deps.interfaceStrings;
  const langOf = (req: express.Request): string => param(PathParams.lang, req.params.lang, 'language').toLowerCase();
  const send = (res: express.Response, view: StringsView, extra: Record<string, unknown> = {}) => {
    res.setHeader('ETag', view.etag);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...extra, ...view });
  };

  router.get('/interface-strings/:lang', (req, res) => {
    const lang = langOf(req);
    requireLanguage(req, lang);
    send(res, strings.view(lang));
  });

  router.put('/interface-strings/:lang/strings/:key', (req, res) => {
    const lang = langOf(req);
    const key = param(PathParams.key, req.params.key, 'key');
    const actor = requireLanguage(req, lang);
    const input = stringInput(req);
    const { saved, view } = strings.saveOne(lang, { key, text: input.text, ...(input.baseRevision !== undefined ? { base: input.baseRevision } : {}) }, actor, req.get('if-match'));
    send(res, view, { saved });
  });

  for (const action of ['review', 'publish'] as const) {
    router.post(`/interface-strings/:lang/${action}`, (req, res) => {
      const lang = langOf(req);
      const actor = action === 'review' ? requireLanguage(req, lang) : requireRole(req, 'editor');
      send(res, strings.transition(lang, action, actor, req.get('if-match')));
    });
  }

  router.get('/interface-strings/:lang/xliff', (req, res) => {
    const lang = langOf(req);
    requireLanguage(req, lang);
    const { xml, etag } = strings.exportXliff(lang);
    res.setHeader('ETag', etag);
    res.setHeader('Content-Disposition', `attachment; filename="interface-strings-${lang}.xlf"`);
    res.type('application/xliff+xml; charset=utf-8').send(xml);
  });

  router.put('/interface-strings/:lang/xliff', express.text({ type: XLIFF_TYPES, limit: '5mb' }), (req, res) => {
    const lang = langOf(req);
    const actor = requireLanguage(req, lang);
    if (!req.is(XLIFF_TYPES) || typeof req.body !== 'string') throw unsupportedMediaType('Send the XLIFF file as application/xliff+xml.');
    const { changed, view } = strings.importXliff(lang, req.body, actor, req.get('if-match'));
    send(res, view, { changed });
  });
}
