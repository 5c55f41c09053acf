import { AppError } from '../../src/errors';
import type { NewBooklet } from '../../src/translations/service';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

const actor = { name: 'Test editor' };

/** The small booklet ("rights": English source, Ukrainian translation, both published). */
function setup() {
  const { deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
    processMetrics: false,
    pdf: async () => Buffer.from('%PDF-1.7'),
  });
  return { deps, translations: deps.translations };
}

/** The AppError `fn` throws (fails the test when it throws nothing or something else). */
function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const newBooklet = (overrides: Partial<NewBooklet> = {}): NewBooklet => ({
  slug: 'housing',
  sourceLanguage: 'en',
  title: 'Housing',
  subject: 'Where to live',
  author: 'Test author',
  edition: '2026-12',
  sections: [{ id: 'start', title: 'Start', body: 'First text.' }],
  ...overrides,
});

describe('TranslationService', () => {
  describe('the workflow', () => {
    it('an edit makes a published language a draft, review makes it in-review and publish makes it published', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      expect(start.status).toBe('published');

      const edited = translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Новий текст.' }, start.etag, actor);
      expect(edited.status).toBe('draft');
      expect(edited.revision).toBeGreaterThan(start.revision);
      expect(edited.etag).not.toBe(start.etag);
      // Readers still get the last publication.
      expect(translations.view('rights', 'uk', 'published').sections[0]!.body).not.toBe('Новий текст.');

      const reviewed = translations.transition('rights', 'uk', 'review', edited.etag, actor);
      expect(reviewed.status).toBe('in-review');

      const published = translations.transition('rights', 'uk', 'publish', reviewed.etag, actor);
      expect(published.status).toBe('published');
      expect(published.published).toBe(true);
      expect(translations.view('rights', 'uk', 'published').sections[0]!.body).toBe('Новий текст.');
    });

    it('asking for review again changes nothing, even with the ETag from before', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      const edited = translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Новий текст.' }, start.etag, actor);
      const reviewed = translations.transition('rights', 'uk', 'review', edited.etag, actor);
      const again = translations.transition('rights', 'uk', 'review', edited.etag, actor);
      expect(again.status).toBe('in-review');
      expect(again.revision).toBe(reviewed.revision);
    });

    it('unpublishing hides the text from readers and makes it a draft; unpublishing again is refused with 422', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      const withdrawn = translations.transition('rights', 'uk', 'unpublish', start.etag, actor);
      expect(withdrawn.status).toBe('draft');
      expect(withdrawn.published).toBe(false);
      expect(appError(() => translations.view('rights', 'uk', 'published')).status).toBe(404);
      expect(appError(() => translations.transition('rights', 'uk', 'unpublish', withdrawn.etag, actor)).status).toBe(422);
    });

    it('a transition of a language the booklet has no text in is 404', () => {
      const { translations } = setup();
      expect(appError(() => translations.transition('rights', 'az', 'review', '*', actor)).status).toBe(404);
    });
  });

  describe('If-Match', () => {
    it('an edit without If-Match is refused with 428 and writes nothing', () => {
      const { translations } = setup();
      const before = translations.view('rights', 'uk', 'draft');
      const error = appError(() =>
        translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Без ETag.' }, undefined, actor),
      );
      expect(error.status).toBe(428);
      expect(error.extra).toEqual({ currentRevision: before.etag });
      expect(translations.view('rights', 'uk', 'draft')).toEqual(before);
    });

    it('an edit with a stale ETag is refused with 412 and writes nothing', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      const edited = translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Перша правка.' }, start.etag, actor);
      const error = appError(() =>
        translations.editSection('rights', 'uk', 'how', { title: 'Як', body: 'Друга правка.' }, start.etag, actor),
      );
      expect(error.status).toBe(412);
      expect(error.extra).toEqual({ currentRevision: edited.etag });
      expect(translations.view('rights', 'uk', 'draft')).toEqual(edited);
    });

    it("the published text's ETag does not pass for the draft's", () => {
      const { translations } = setup();
      const published = translations.view('rights', 'uk', 'published');
      expect(
        appError(() => translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'x' }, published.etag, actor)).status,
      ).toBe(412);
    });

    it('a weak ETag never matches, "*" matches an existing language', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      expect(
        appError(() => translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'x' }, `W/${start.etag}`, actor)).status,
      ).toBe(412);
      expect(translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Зірочка.' }, '*', actor).sections[0]!.body).toBe(
        'Зірочка.',
      );
    });

    it('a transition with a stale ETag is refused with 412', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Новий текст.' }, start.etag, actor);
      expect(appError(() => translations.transition('rights', 'uk', 'publish', start.etag, actor)).status).toBe(412);
      expect(translations.view('rights', 'uk', 'draft').status).toBe('draft');
    });
  });

  describe('outdated translations', () => {
    it('a change of the source marks the translated section outdated, and only that one', () => {
      const { translations } = setup();
      expect(translations.view('rights', 'uk', 'draft').sections.map((s) => s.outdated)).toEqual([false, false]);
      const en = translations.view('rights', 'en', 'draft');
      translations.editSection('rights', 'en', 'intro', { title: 'Introduction', body: 'A changed source text.' }, en.etag, actor);
      expect(translations.view('rights', 'uk', 'draft').sections.map((s) => [s.id, s.outdated])).toEqual([
        ['intro', true],
        ['how', false],
      ]);
      const uk = translations.summary('rights').find((l) => l.lang === 'uk');
      expect(uk).toMatchObject({ outdatedSections: 1, completeness: 0.5 });
    });

    it('a minor change of the source does not outdate translations', () => {
      const { translations } = setup();
      const en = translations.view('rights', 'en', 'draft');
      translations.editSection('rights', 'en', 'intro', { title: 'Introduction', body: 'A fixed typo.' }, en.etag, actor, true);
      expect(translations.view('rights', 'uk', 'draft').sections.every((s) => !s.outdated)).toBe(true);
      expect(translations.summary('rights').find((l) => l.lang === 'uk')).toMatchObject({ outdatedSections: 0, completeness: 1 });
      expect(translations.history('rights', 'en')[0]).toMatchObject({ sectionId: 'intro', minor: true });
    });

    it('minor applies to the source language only (400)', () => {
      const { translations } = setup();
      const uk = translations.view('rights', 'uk', 'draft');
      expect(
        appError(() => translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'x' }, uk.etag, actor, true)).status,
      ).toBe(400);
    });

    it('saving the translation again after a source change brings it up to date', () => {
      const { translations } = setup();
      const en = translations.view('rights', 'en', 'draft');
      translations.editSection('rights', 'en', 'intro', { title: 'Introduction', body: 'A changed source text.' }, en.etag, actor);
      const uk = translations.view('rights', 'uk', 'draft');
      const intro = uk.sections[0]!;
      const saved = translations.editSection('rights', 'uk', 'intro', { title: intro.title, body: 'Оновлений переклад.' }, uk.etag, actor);
      expect(saved.sections[0]!.outdated).toBe(false);
    });
  });

  describe('restore', () => {
    it('makes an old revision the latest again as a new revision, keeping the history', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      const original = start.sections[0]!;
      const edited = translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Зіпсований текст.' }, start.etag, actor);
      const historyBefore = translations.history('rights', 'uk');

      const restored = translations.restore('rights', 'uk', original.revision, edited.etag, actor);
      const intro = restored.sections[0]!;
      expect(intro.body).toBe(original.body);
      expect(intro.revision).toBeGreaterThan(edited.sections[0]!.revision);
      expect(intro.revision).not.toBe(original.revision);
      expect(restored.status).toBe('draft');

      const history = translations.history('rights', 'uk');
      expect(history).toHaveLength(historyBefore.length + 1);
      expect(history[0]).toMatchObject({ revisionId: intro.revision, body: original.body });
      expect(history.map((h) => h.revisionId)).toEqual(expect.arrayContaining([original.revision, edited.sections[0]!.revision]));
    });

    it('checks If-Match like an edit', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Зіпсований текст.' }, start.etag, actor);
      expect(appError(() => translations.restore('rights', 'uk', start.sections[0]!.revision, start.etag, actor)).status).toBe(412);
    });

    it('refuses a revision of another language with 422', () => {
      const { translations } = setup();
      const en = translations.view('rights', 'en', 'draft');
      const uk = translations.view('rights', 'uk', 'draft');
      const error = appError(() => translations.restore('rights', 'uk', en.sections[0]!.revision, uk.etag, actor));
      expect(error.status).toBe(422);
      expect(error.fields[0]).toMatchObject({ field: 'revision' });
    });

    it('a restored translation follows the source it was translated from: outdated when the source changed since', () => {
      const { translations } = setup();
      const start = translations.view('rights', 'uk', 'draft');
      const original = start.sections[0]!;
      const en = translations.view('rights', 'en', 'draft');
      translations.editSection('rights', 'en', 'intro', { title: 'Introduction', body: 'A changed source text.' }, en.etag, actor);
      const uk = translations.view('rights', 'uk', 'draft');
      const updated = translations.editSection('rights', 'uk', 'intro', { title: 'Вступ', body: 'Оновлений переклад.' }, uk.etag, actor);
      expect(updated.sections[0]!.outdated).toBe(false);
      const restored = translations.restore('rights', 'uk', original.revision, updated.etag, actor);
      expect(restored.sections[0]!.outdated).toBe(true);
    });
  });

  describe('unknown languages and booklets', () => {
    it('a language the service does not have is 404', () => {
      const { translations } = setup();
      expect(appError(() => translations.view('rights', 'xx', 'draft')).status).toBe(404);
      expect(appError(() => translations.editSection('rights', 'xx', 'intro', { title: 'T', body: 'B' }, '*', actor)).status).toBe(404);
      expect(appError(() => translations.locate('rights', 'xx')).status).toBe(404);
    });

    it('a booklet that does not exist is 404', () => {
      const { translations } = setup();
      expect(appError(() => translations.view('nothing', 'en', 'draft')).status).toBe(404);
      expect(appError(() => translations.summary('nothing')).status).toBe(404);
      expect(appError(() => translations.history('nothing', 'en')).status).toBe(404);
    });

    it('a section the booklet does not have is 404', () => {
      const { translations } = setup();
      const uk = translations.view('rights', 'uk', 'draft');
      expect(appError(() => translations.editSection('rights', 'uk', 'nope', { title: 'T', body: 'B' }, uk.etag, actor)).status).toBe(404);
    });

    it('a language of the service that the booklet has no text in reads as missing', () => {
      const { translations } = setup();
      const az = translations.view('rights', 'az', 'draft');
      expect(az).toMatchObject({ status: 'missing', revision: 0, published: false, sections: [] });
    });
  });

  describe('createBooklet', () => {
    it('refuses a source language the service does not have with 422 naming the field', () => {
      const { translations } = setup();
      const error = appError(() => translations.createBooklet(newBooklet({ sourceLanguage: 'xx' }), actor));
      expect(error.status).toBe(422);
      expect(error.fields[0]).toMatchObject({ field: 'sourceLanguage' });
      expect(appError(() => translations.view('housing', 'en', 'draft')).status).toBe(404);
    });

    it('creates the booklet as an unpublished draft in its source language', () => {
      const { translations } = setup();
      const view = translations.createBooklet(newBooklet({ sourceLanguage: 'az' }), actor);
      expect(view).toMatchObject({ lang: 'az', status: 'draft', published: false });
      expect(view.sections.map((s) => s.id)).toEqual(['start']);
      expect(appError(() => translations.view('housing', 'az', 'published')).status).toBe(404);
    });

    it('refuses an existing slug with 409 and a section id used twice with 422', () => {
      const { translations } = setup();
      expect(appError(() => translations.createBooklet(newBooklet({ slug: 'rights' }), actor)).status).toBe(409);
      const twice = [
        { id: 'a', title: 'A', body: 'a' },
        { id: 'a', title: 'B', body: 'b' },
      ];
      expect(appError(() => translations.createBooklet(newBooklet({ sections: twice }), actor)).status).toBe(422);
    });
  });
});
