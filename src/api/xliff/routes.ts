import express from 'express';
import type { Routes } from '../../http/methods';
import { requireLanguage } from '../../http/auth';
import type { ApiDeps } from '../deps';
import { presentTranslation } from '../present';
import { requireWriter, translationTarget, XLIFF_TYPES, xliffBody } from '../request';

/** /booklets/{slug}/translations/{lang}/xliff: export for CAT tools, and import of the file they give back. */
export function addXliffRoutes(router: Routes, deps: ApiDeps): void {
  router.get('/booklets/:slug/translations/:lang/xliff', (req, res) => {
    const { slug, lang } = translationTarget(req);
    requireLanguage(req, lang);
    const { xml, etag } = deps.xliff.export(slug, lang);
    res.setHeader('ETag', etag);
    res.setHeader('Content-Disposition', `attachment; filename="${slug}-${lang}.xlf"`);
    res.type('application/xliff+xml; charset=utf-8').send(xml);
  });

  router.put('/booklets/:slug/translations/:lang/xliff', express.text({ type: XLIFF_TYPES, limit: '5mb' }), (req, res) => {
    const { slug, lang } = translationTarget(req);
    const actor = requireWriter(req, deps.booklets, slug, lang);
    const { changed, view } = deps.xliff.import(slug, lang, xliffBody(req), req.get('if-match'), actor);
    res.setHeader('ETag', view.etag);
    res.json({ changed, translation: presentTranslation(slug, view) });
  });
}
