import express from 'express';
import type { Routes } from '../../http/methods';
import { requireLanguage, requireRole } from '../../http/auth';
import { param } from '../../http/params';
import type { StringsView } from '../../interface-strings/service';
import type { ApiDeps } from '../deps';
import { body, langParam, XLIFF_TYPES, xliffBody } from '../request';
import { InterfaceStringInput, StringKeySchema } from './schema';

/**
 * The interface strings of a language under /api/v1/interface-strings/{lang}: read, write one,
 * submit for review, publish, XLIFF export and import. Same roles as booklet translations:
 * translators their languages, editors and admins any; publishing needs an editor. If-Match is
 * optional here (strings are saved one by one; `baseRevision` guards a single string).
 */
export function addInterfaceStringRoutes(router: Routes, deps: ApiDeps): void {
  const strings = deps.interfaceStrings;
  const send = (res: express.Response, view: StringsView, extra: Record<string, unknown> = {}) => {
    res.setHeader('ETag', view.etag);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...extra, ...view });
  };

  router.get('/interface-strings/:lang', (req, res) => {
    const lang = langParam(req);
    requireLanguage(req, lang);
    send(res, strings.view(lang));
  });

  router.put('/interface-strings/:lang/strings/:key', (req, res) => {
    const lang = langParam(req);
    const key = param(StringKeySchema, req.params.key, 'key');
    const actor = requireLanguage(req, lang);
    const input = body(req, InterfaceStringInput);
    const { saved, view } = strings.saveOne(
      lang,
      { key, text: input.text, ...(input.baseRevision !== undefined ? { base: input.baseRevision } : {}) },
      actor,
      req.get('if-match'),
    );
    send(res, view, { saved });
  });

  for (const action of ['review', 'publish'] as const) {
    router.post(`/interface-strings/:lang/${action}`, (req, res) => {
      const lang = langParam(req);
      const actor = action === 'review' ? requireLanguage(req, lang) : requireRole(req, 'editor');
      send(res, strings.transition(lang, action, actor, req.get('if-match')));
    });
  }

  router.get('/interface-strings/:lang/xliff', (req, res) => {
    const lang = langParam(req);
    requireLanguage(req, lang);
    const { xml, etag } = strings.exportXliff(lang);
    res.setHeader('ETag', etag);
    res.setHeader('Content-Disposition', `attachment; filename="interface-strings-${lang}.xlf"`);
    res.type('application/xliff+xml; charset=utf-8').send(xml);
  });

  router.put('/interface-strings/:lang/xliff', express.text({ type: XLIFF_TYPES, limit: '5mb' }), (req, res) => {
    const lang = langParam(req);
    const actor = requireLanguage(req, lang);
    const { changed, view } = strings.importXliff(lang, xliffBody(req), actor, req.get('if-match'));
    send(res, view, { changed });
  });
}
