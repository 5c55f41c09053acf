import type { ReadableBooklet } from '../../src/booklets/service';
import { RenderCache } from '../../src/rendering/cache';
import type { PdfJob } from '../../src/rendering/pdf-job';
import { DEFAULT_PDF_REQUEST, editionOf, RenderService } from '../../src/rendering/service';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp, TestServices } from '../helpers/app';

const BASE_URL = 'https://booklets.example.org';

/** The composed services around the small booklet, and a RenderService whose PDF renderer records its jobs. */
function setup() {
  const { deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
    processMetrics: false,
    pdf: async () => Buffer.from('%PDF-1.7 stand-in'),
  });
  const jobs: PdfJob[] = [];
  const render = new RenderService({
    html: deps.html,
    pdf: async (job) => {
      jobs.push(job);
      return Buffer.from(`%PDF-1.7 ${job.content.lang} ${jobs.length}`);
    },
    translator: deps.translator,
    languages: deps.languages,
    strings: deps.interfaceStrings,
    cache: new RenderCache(8 * 1024 * 1024),
    baseUrl: BASE_URL,
  });
  return { deps, render, jobs };
}

/** Publishes a new text of one section, so that the booklet's content revision changes. */
function publishEdit(deps: TestServices, lang: string, body: string): void {
  const actor = { name: 'Test editor' };
  const draft = deps.translations.view('rights', lang, 'draft');
  const edited = deps.translations.editSection('rights', lang, 'intro', { title: draft.sections[0]!.title, body }, draft.etag, actor);
  deps.translations.transition('rights', lang, 'publish', edited.etag, actor);
}

/** The languages offered by the language picker of an HTML page, in order. */
function pickerLanguages(html: string): string[] {
  const nav = /<nav class="picker"[\s\S]*?<\/nav>/.exec(html);
  if (!nav) return [];
  return [...nav[0].matchAll(/hreflang="([^"]+)"/g)].map((m) => m[1] as string);
}

describe('RenderService', () => {
  describe('editionOf', () => {
    it('is 16 hex digits and the same for the same content', () => {
      const { deps } = setup();
      const en = deps.booklets.read('rights', 'en');
      expect(editionOf(en)).toMatch(/^[0-9a-f]{16}$/);
      expect(editionOf(deps.booklets.read('rights', 'en'))).toBe(editionOf(en));
    });

    it('changes when the content revision changes', () => {
      const { deps } = setup();
      const en = deps.booklets.read('rights', 'en');
      expect(editionOf({ ...en, contentRevision: `${en.contentRevision}x` })).not.toBe(editionOf(en));
    });

    it('changes when a new text is published', () => {
      const { deps } = setup();
      const before = deps.booklets.read('rights', 'uk');
      publishEdit(deps, 'uk', 'Новий текст вступу.');
      const after = deps.booklets.read('rights', 'uk');
      expect(after.contentRevision).not.toBe(before.contentRevision);
      expect(editionOf(after)).not.toBe(editionOf(before));
    });

    it('does not change with parts of the content object that the content revision stands for', () => {
      const { deps } = setup();
      const en = deps.booklets.read('rights', 'en');
      const other: ReadableBooklet = {
        ...en,
        meta: { ...en.meta, title: 'Another title' },
        publishedAt: '2000-01-01T00:00:00.000Z',
        languages: ['en'],
      };
      expect(editionOf(other)).toBe(editionOf(en));
    });

    it('differs between languages of the same booklet', () => {
      const { deps } = setup();
      const en = deps.booklets.read('rights', 'en');
      expect(editionOf({ ...en, lang: 'uk' })).not.toBe(editionOf(en));
    });
  });

  describe('pdfKey', () => {
    it('is the same for the same content and request', () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      expect(render.pdfKey(en)).toBe(render.pdfKey(deps.booklets.read('rights', 'en'), { ...DEFAULT_PDF_REQUEST }));
    });

    it('differs per size, layout, profile and draft', () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      const keys = [
        render.pdfKey(en),
        render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, size: 'a5' }),
        render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, layout: 'booklet' }),
        render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, profile: 'archive' }),
        render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, draft: true }),
      ];
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('differs per companion language and per companion revision', () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      const uk = deps.booklets.read('rights', 'uk');
      const alone = render.pdfKey(en);
      const withUk = render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, companion: uk });
      const withAz = render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, companion: { ...uk, lang: 'az' } });
      const withNewerUk = render.pdfKey(en, { ...DEFAULT_PDF_REQUEST, companion: { ...uk, contentRevision: `${uk.contentRevision}x` } });
      expect(new Set([alone, withUk, withAz, withNewerUk]).size).toBe(4);
    });

    it('differs per content revision and per language', () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      expect(render.pdfKey({ ...en, contentRevision: `${en.contentRevision}x` })).not.toBe(render.pdfKey(en));
      expect(render.pdfKey({ ...en, lang: 'uk' })).not.toBe(render.pdfKey(en));
    });
  });

  describe('pdf', () => {
    it('renders once and serves a second request for the same content from the cache', async () => {
      const { deps, render, jobs } = setup();
      const first = await render.pdf(deps.booklets.read('rights', 'en'));
      const second = await render.pdf(deps.booklets.read('rights', 'en'));
      expect(jobs).toHaveLength(1);
      expect(second.body.equals(first.body)).toBe(true);
      expect(second.etag).toBe(first.etag);
      expect(first.contentType).toBe('application/pdf');
      expect(render.cache.has(render.pdfKey(deps.booklets.read('rights', 'en')))).toBe(true);
    });

    it('renders again for another variant, another language and new content', async () => {
      const { deps, render, jobs } = setup();
      const en = deps.booklets.read('rights', 'en');
      await render.pdf(en);
      await render.pdf(en, { ...DEFAULT_PDF_REQUEST, size: 'a5' });
      await render.pdf(deps.booklets.read('rights', 'uk'));
      await render.pdf({ ...en, contentRevision: `${en.contentRevision}x` });
      expect(jobs).toHaveLength(4);
    });

    it('renders once for concurrent requests of the same PDF', async () => {
      const { deps, render, jobs } = setup();
      const en = deps.booklets.read('rights', 'en');
      await Promise.all([render.pdf(en), render.pdf(en), render.pdf(en)]);
      expect(jobs).toHaveLength(1);
    });

    it("counts renders through composeServices' stand-in pdf renderer too", async () => {
      let renders = 0;
      const { deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
        processMetrics: false,
        pdf: async () => {
          renders += 1;
          return Buffer.from('%PDF-1.7 stand-in');
        },
      });
      const first = await deps.render.pdf(deps.booklets.read('rights', 'uk'));
      await deps.render.pdf(deps.booklets.read('rights', 'uk'));
      expect(renders).toBe(1);
      expect(first.body.toString()).toBe('%PDF-1.7 stand-in');
    });
  });

  describe('pdfJob', () => {
    it('carries the content, the variant, the base URL and the content and source languages', () => {
      const { deps, render } = setup();
      const uk = deps.booklets.read('rights', 'uk');
      const job = render.pdfJob(uk, { ...DEFAULT_PDF_REQUEST, size: 'a5' });
      expect(job.content).toBe(uk);
      expect(job.companion).toBeUndefined();
      expect(job).not.toHaveProperty('companion');
      expect(job.variant).toEqual({ size: 'a5', layout: 'pages', profile: 'accessible' });
      expect(job.baseUrl).toBe(BASE_URL);
      // The snapshot carries the published interface strings of the job's languages (content and source).
      expect(Object.keys(job.locale.published)).toEqual(expect.arrayContaining(['uk', 'en']));
      expect(job.locale.languages.map((l) => l.code)).toEqual(expect.arrayContaining(['uk', 'en']));
    });

    it('carries the companion and its language, and keeps the companion out of the variant', () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      const uk = deps.booklets.read('rights', 'uk');
      const job = render.pdfJob(en, { ...DEFAULT_PDF_REQUEST, companion: uk });
      expect(job.companion).toBe(uk);
      expect(job.variant).not.toHaveProperty('companion');
      expect(Object.keys(job.locale.published)).toEqual(expect.arrayContaining(['en', 'uk']));
      expect(Object.keys(render.pdfJob(en).locale.published)).not.toContain('uk');
    });

    it('is what pdf() hands to the renderer', async () => {
      const { deps, render, jobs } = setup();
      const en = deps.booklets.read('rights', 'en');
      const uk = deps.booklets.read('rights', 'uk');
      await render.pdf(en, { ...DEFAULT_PDF_REQUEST, companion: uk });
      expect(jobs[0]).toMatchObject({ content: en, companion: uk, variant: DEFAULT_PDF_REQUEST, baseUrl: BASE_URL });
    });
  });

  describe('bookletHtml', () => {
    it("lists only the booklet's languages in its picker, the shown one as current", async () => {
      const { deps, render } = setup();
      const uk = deps.booklets.read('rights', 'uk');
      expect(uk.languages).toEqual(['en', 'uk']);
      expect(deps.languages.active().length).toBeGreaterThan(2);
      const html = (await render.bookletHtml(uk)).body.toString('utf8');
      expect(pickerLanguages(html)).toEqual(['en', 'uk']);
      expect(html).toMatch(/<a href="\/booklets\/rights\/uk" lang="uk" hreflang="uk" dir="ltr" aria-current="page">/);
      expect(html).not.toMatch(/<a href="\/booklets\/rights\/en"[^>]*aria-current/);
    });

    it("follows the content's list of languages", async () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      const html = (await render.bookletHtml({ ...en, languages: ['en'] })).body.toString('utf8');
      expect(pickerLanguages(html)).toEqual(['en']);
    });

    it('links the PDF under its edition', async () => {
      const { deps, render } = setup();
      const en = deps.booklets.read('rights', 'en');
      const html = (await render.bookletHtml(en)).body.toString('utf8');
      expect(html).toContain(`/booklets/rights/en.${editionOf(en)}.pdf`);
    });
  });
});
