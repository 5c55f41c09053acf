import type { Routes } from '../../http/methods';
import { sectionWarnings } from '../../rendering/check-messages';
import { badRequest } from '../../errors';
import { requireLanguage, requireRole } from '../../http/auth';
import { interfaceLanguage } from '../../http/language';
import { param } from '../../http/params';
import { SectionIdSchema } from '../../identifiers';
import type { ApiDeps } from '../deps';
import { presentTranslation } from '../present';
import { body, requireWriter, translationTarget } from '../request';
import { RestoreInput, SectionInput, SectionQuery, TranslationQuery } from './schema';

/** /booklets/{slug}/translations/{lang}: read, write a section, the workflow, history and restore. */
export function addTranslationRoutes(router: Routes, deps: ApiDeps): void {
  router.get('/booklets/:slug/translations/:lang', (req, res) => {
    const { slug, lang } = translationTarget(req);
    const parsed = TranslationQuery.safeParse(req.query);
    if (!parsed.success)
      throw badRequest('version must be one of: published, draft', [{ field: 'version', message: 'published or draft' }]);
    const { version } = parsed.data;
    if (version === 'draft') requireLanguage(req, lang);
    const view = deps.translations.view(slug, lang, version);
    res.setHeader('ETag', view.etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(presentTranslation(slug, view));
  });

  router.put('/booklets/:slug/translations/:lang/sections/:sectionId', (req, res) => {
    const { slug, lang } = translationTarget(req);
    const sectionId = param(SectionIdSchema, req.params.sectionId, 'section');
    const actor = requireWriter(req, deps.booklets, slug, lang);
    const parsed = SectionQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest('minor must be true or false', [{ field: 'minor', message: 'true or false' }]);
    const minor = parsed.data.minor === 'true';
    const input = body(req, SectionInput);
    const view = deps.translations.editSection(slug, lang, sectionId, input, req.get('if-match'), actor, minor);
    // What was saved but will not print as typed: never blocks the save, only tells the writer.
    const warnings = sectionWarnings(
      [{ id: sectionId, ...input }],
      lang,
      deps.translator,
      interfaceLanguage(req, deps.translator.languages),
    );
    res.setHeader('ETag', view.etag);
    res.json({ ...presentTranslation(slug, view), warnings });
  });

  for (const action of ['review', 'publish', 'unpublish'] as const) {
    router.post(`/booklets/:slug/translations/:lang/${action}`, (req, res) => {
      const { slug, lang } = translationTarget(req);
      const actor = action === 'review' ? requireLanguage(req, lang) : requireRole(req, 'editor');
      const view = deps.translations.transition(slug, lang, action, req.get('if-match'), actor);
      res.setHeader('ETag', view.etag);
      res.json(presentTranslation(slug, view));
    });
  }

  router.get('/booklets/:slug/translations/:lang/history', (req, res) => {
    const { slug, lang } = translationTarget(req);
    requireLanguage(req, lang);
    res.json({ lang, revisions: deps.translations.history(slug, lang) });
  });

  router.post('/booklets/:slug/translations/:lang/restore', (req, res) => {
    const { slug, lang } = translationTarget(req);
    const actor = requireWriter(req, deps.booklets, slug, lang);
    const { revision } = body(req, RestoreInput);
    const view = deps.translations.restore(slug, lang, revision, req.get('if-match'), actor);
    res.setHeader('ETag', view.etag);
    res.json(presentTranslation(slug, view));
  });
}
