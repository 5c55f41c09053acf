import type { Request } from 'express';
import type { Routes } from '../../http/methods';
import { sectionWarnings } from '../../rendering/check-messages';
import { notFound, isNotFound } from '../../errors';
import { principalOf, requireRole } from '../../http/auth';
import { interfaceLanguage } from '../../http/language';
import { param } from '../../http/params';
import { SlugSchema } from '../../identifiers';
import type { ApiDeps } from '../deps';
import { presentTranslation, withLinks } from '../present';
import { body } from '../request';
import { BookletInput } from './schema';

interface Outline {
  sourceLang: string;
  title: string;
  sections: { id: string; title: string }[];
}

/**
 * What a booklet is called and which sections it has. Readers without a key see only published
 * text (undefined when nothing of the booklet is published); a key sees the latest source text.
 */
function outline(deps: ApiDeps, req: Request, slug: string): Outline | undefined {
  if (principalOf(req).kind === 'reader') {
    let published;
    try {
      published = deps.booklets.languagesOf(slug);
    } catch (e) {
      if (isNotFound(e)) return undefined; // nothing published
      throw e;
    }
    const text = deps.booklets.read(slug, published.languages[0] as string);
    return { sourceLang: published.sourceLang, title: text.meta.title, sections: text.sections.map((s) => ({ id: s.id, title: s.title })) };
  }
  const source = deps.booklets.readLatest(slug, deps.booklets.sourceOf(slug));
  return { sourceLang: source.sourceLang, title: source.meta.title, sections: source.sections.map((s) => ({ id: s.id, title: s.title })) };
}

/** /booklets: the list, one booklet's outline, and a new booklet (admins). */
export function addBookletRoutes(router: Routes, deps: ApiDeps): void {
  router.get('/booklets', (req, res) => {
    const booklets = deps.booklets.allLanguages().flatMap(({ slug }) => {
      const shown = outline(deps, req, slug);
      if (!shown) return [];
      return [{ slug, sourceLanguage: shown.sourceLang, title: shown.title, languages: withLinks(slug, deps.translations.summary(slug)) }];
    });
    res.json({ booklets });
  });

  router.post('/booklets', (req, res) => {
    const actor = requireRole(req, 'admin');
    const input = body(req, BookletInput);
    const view = deps.translations.createBooklet(input, actor);
    const warnings = sectionWarnings(
      input.sections,
      input.sourceLanguage,
      deps.translator,
      interfaceLanguage(req, deps.translator.languages),
    );
    res.status(201).setHeader('Location', `/api/v1/booklets/${input.slug}`);
    res.setHeader('ETag', view.etag);
    res.json({ ...presentTranslation(input.slug, view), warnings });
  });

  router.get('/booklets/:slug', (req, res) => {
    const slug = param(SlugSchema, req.params.slug, 'booklet');
    const summary = deps.translations.summary(slug);
    const shown = outline(deps, req, slug);
    if (!shown) throw notFound(`There is no published booklet "${slug}".`);
    res.json({ slug, sourceLanguage: shown.sourceLang, title: shown.title, sections: shown.sections, languages: withLinks(slug, summary) });
  });
}
