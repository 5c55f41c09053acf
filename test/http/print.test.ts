import request from 'supertest';
import type { LayoutDocument } from '../../src/rendering/layout/model';
import type { PdfOptions } from '../../src/rendering/pdf/options';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';

/** A stand-in PDF that says which variant was asked for. */
const describingPdf = async (doc: LayoutDocument, options: PdfOptions): Promise<Buffer> =>
  Buffer.from(`%PDF-1.7 ${doc.lang} ${options.size} ${options.layout} ${options.profile} ${options.companion?.lang ?? '-'}`);

const files = smallBooklet();
files.az = {
  title: 'Sizin hüquqlarınız',
  sections: [
    { id: 'intro', title: 'Giriş', body: 'Məlumat istəyə bilərsiniz.' },
    { id: 'how', title: 'Necə müraciət etmək', body: 'Yazılı müraciət edin.' },
  ],
};
const { app } = createTestApp(makeBookletsDir({ rights: files }), { pdf: describingPdf });

const form = (query: Record<string, string>): string => `/booklets/rights/print/pdf?${new URLSearchParams(query).toString()}`;
const choice = { lang: 'en', language: 'uk', with: '', size: 'a4', layout: 'pages', profile: 'accessible' };

describe('the print page for caseworkers', () => {
  it('is a plain GET form in the interface language, with no script and no inline style', async () => {
    const res = await request(app).get('/booklets/rights/print').set('Accept-Language', 'uk');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);
    expect(res.text).toContain('<h1>Надрукувати цю брошуру</h1>');
    expect(res.text).toContain('<form class="print" method="get" action="/booklets/rights/print/pdf">');
    expect(res.text).toContain('<input type="hidden" name="lang" value="uk">');
    for (const label of ['Розмір паперу', 'Друга мова', 'Складена брошура', 'Архівний: PDF/A', 'Отримати PDF']) {
      expect(res.text).toContain(label);
    }
    // The booklet's languages by native name, each in its own language; Ukrainian preselected.
    expect(res.text).toContain('<option value="uk" lang="uk" dir="ltr" selected>Українська</option>');
    expect(res.text).toContain('<option value="az" lang="az" dir="ltr">Azərbaycanca</option>');
    expect(res.text).toContain('<option value="" selected>Немає (одна мова)</option>');
    expect(res.text).toMatch(/<input type="radio" id="print-size-a4" name="size" value="a4" checked><div><label for="print-size-a4">A4/);
    expect(res.text).toMatch(/id="print-size-a5" name="size" value="a5">/);
    expect(res.text).toMatch(/id="print-layout-booklet" name="layout" value="booklet">/);
    expect(res.text).not.toMatch(/<script|<style|style=/i);
    // The title links back to the booklet in the interface language.
    expect(res.text).toContain('<a href="/booklets/rights/uk" lang="uk" dir="ltr">Ваші права</a>');
  });

  it('?lang= chooses the interface language; Arabic is right to left and keeps the picker on this page', async () => {
    const res = await request(app).get('/booklets/rights/print?lang=ar').set('Accept-Language', 'uk');
    expect(res.text).toContain('<html lang="ar" dir="rtl">');
    expect(res.text).toContain('طباعة هذا الكتيّب');
    // The booklet has no Arabic text: its title is shown in the source language, marked as such.
    expect(res.text).toContain('lang="en" dir="ltr">Your rights</a>');
    expect(res.text).toMatch(/<a href="\/booklets\/rights\/print\?lang(=|&#x3D;)fa" lang="fa" hreflang="fa" dir="rtl">فارسی<\/a>/);
  });

  it('preselects valid choices from its address (coming back from an error) and ignores invalid ones', async () => {
    const res = await request(app).get('/booklets/rights/print?lang=en&language=az&with=uk&size=a5&layout=booklet&profile=bogus');
    expect(res.text).toContain('<option value="az" lang="az" dir="ltr" selected>');
    expect(res.text).toContain('<option value="uk" lang="uk" dir="ltr" selected>');
    expect(res.text).toMatch(/value="a5" checked>/);
    expect(res.text).toMatch(/value="booklet" checked>/);
    expect(res.text).toMatch(/value="accessible" checked>/);
  });

  it('is not taken for a language called "print", and each booklet page links to it', async () => {
    const page = await request(app).get('/booklets/rights/az');
    expect(page.text).toContain('href="/booklets/rights/print?lang&#x3D;az"');
    const print = await request(app).get('/booklets/rights/print?lang=az');
    expect(print.status).toBe(200);
    expect(print.text).toContain('Bu kitabçanı çap edin');
  });

  it('an unknown booklet is a 404 page in the interface language', async () => {
    const res = await request(app).get('/booklets/nope/print?lang=ru');
    expect(res.status).toBe(404);
    expect(res.text).toContain('<html lang="ru" dir="ltr">');
    expect(res.text).toContain('Страница не найдена');
  });
});

describe('printing on paper', () => {
  it('says under each layout how to print it, in the interface language, before the paper sizes', async () => {
    const res = await request(app).get('/booklets/rights/print').set('Accept-Language', 'uk');
    expect(res.text).toContain(
      '<input type="radio" aria-describedby="print-layout-booklet-hint" id="print-layout-booklet" name="layout" value="booklet">',
    );
    expect(res.text).toMatch(
      /<p class="hint" id="print-layout-booklet-hint">Як друкувати: з обох боків аркуша, перегортання по короткому краю\./,
    );
    expect(res.text).toMatch(
      /<p class="hint" id="print-layout-pages-hint">Як друкувати: з обох боків аркуша \(перегортання по довгому краю\) або з одного боку\./,
    );
    expect(res.text.indexOf('<fieldset class="layout">')).toBeLessThan(res.text.indexOf('<fieldset class="size">'));
    const fa = await request(app).get('/booklets/rights/print?lang=fa');
    expect(fa.text).toContain('روش چاپ: دورو، با برگرداندن از لبهٔ کوتاه.');
  });

  it('offers the folded booklet on the one sheet it is made for: the size chosen with it is not read, and the form hides it', async () => {
    for (const size of ['a4', 'a5', 'letter', 'a3']) {
      const res = await request(app).get(form({ ...choice, layout: 'booklet', size }));
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/booklets/rights/uk.pdf?layout=booklet');
    }
    const css = await request(app).get(
      /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec((await request(app).get('/booklets/rights/print')).text)?.[1] ?? '',
    );
    expect(css.text).toContain('.print:has(#print-layout-booklet:checked) .size{display:none}');
    // The label names the sheet and the pages.
    expect((await request(app).get('/booklets/rights/print?lang=en')).text).toContain('two A5 pages on each A4 sheet');
  });

  it('refuses a folded booklet on any sheet but A4 at the PDF address, saying which size it takes', async () => {
    for (const size of ['a5', 'letter']) {
      const res = await request(app).get(`/booklets/rights/uk.pdf?layout=booklet&size=${size}`).set('Accept', 'application/json');
      expect(res.status).toBe(400);
      expect(res.text).toContain('layout=booklet prints A5 pages on A4 sheets');
    }
  });
});

describe('submitting the print form', () => {
  it('redirects a bilingual A5 choice to the PDF of that edition, which is served', async () => {
    const res = await request(app).get(form({ ...choice, with: 'az', size: 'a5' }));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/booklets/rights/uk.pdf?size=a5&with=az');
    const pdf = await request(app).get(res.headers.location as string);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(pdf.body as Buffer).toString()).toBe('%PDF-1.7 uk a5 pages accessible az');
  });

  it('the default choices lead to the plain PDF address; every option reaches the PDF', async () => {
    expect((await request(app).get(form(choice))).headers.location).toBe('/booklets/rights/uk.pdf');
    const all = await request(app).get(form({ ...choice, language: 'EN', with: 'uk', size: 'a4', layout: 'booklet', profile: 'archive' }));
    expect(all.headers.location).toBe('/booklets/rights/en.pdf?layout=booklet&with=uk&profile=archive');
    const pdf = await request(app).get(all.headers.location as string);
    expect(Buffer.from(pdf.body as Buffer).toString()).toBe('%PDF-1.7 en a4 booklet archive uk');
  });

  it.each([
    ['the same language twice', { with: 'uk' }, 'with', 'Друга мова має бути іншою мовою цієї брошури'],
    ['a second language the booklet does not have', { with: 'ar' }, 'with', 'Друга мова має бути іншою мовою цієї брошури'],
    ['a paper size that does not exist', { size: 'a3' }, 'size', 'Виберіть розмір паперу: A4, A5 або US Letter.'],
    ['an unknown layout', { layout: 'poster' }, 'layout', 'Виберіть макет'],
    ['an unknown kind of PDF', { profile: 'pdfx' }, 'profile', 'Виберіть тип PDF'],
    ['a language the booklet is not published in', { language: 'fa' }, 'language', 'Виберіть одну з мов, якими опубліковано цю брошуру.'],
    ['a malformed language', { language: '../../etc' }, 'language', 'Виберіть одну з мов'],
  ])('%s is a 400 page in the interface language that says what to change', async (_name, change, _field, message) => {
    const res = await request(app).get(form({ ...choice, lang: 'uk', ...change }));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('<html lang="uk" dir="ltr">');
    expect(res.text).toContain('Ці параметри друку не можна використати');
    expect(res.text).toContain(`<ul class="problems">\n<li>${message}`);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('lists every problem at once, in Persian when that is the interface language, with a way back to the choices', async () => {
    const res = await request(app).get(form({ ...choice, lang: 'fa', language: 'de', size: 'a3', profile: 'x' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('<html lang="fa" dir="rtl">');
    const problems = /<ul class="problems">([\s\S]*?)<\/ul>/.exec(res.text)?.[1] ?? '';
    expect(problems.match(/<li>/g)).toHaveLength(3);
    expect(problems).toContain('اندازهٔ کاغذ را انتخاب کنید');
    expect(problems).toContain('نوع PDF را انتخاب کنید');
    expect(problems).toContain('یکی از زبان‌هایی را');
    expect(res.text).toMatch(
      /<a href="\/booklets\/rights\/print\?lang(=|&#x3D;)fa&amp;language(=|&#x3D;)de&amp;with(=|&#x3D;)&amp;size(=|&#x3D;)a3[^"]*">بازگشت به گزینه‌های چاپ<\/a>/,
    );
  });

  it('a missing language or a repeated parameter is refused, not guessed', async () => {
    const missing = await request(app).get('/booklets/rights/print/pdf?lang=en&size=a5');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Choose one of the languages this booklet is published in.');
    const repeated = await request(app).get('/booklets/rights/print/pdf?lang=en&language=uk&size=a4&size=a5');
    expect(repeated.status).toBe(400);
    expect(repeated.text).toContain('Choose a paper size: A4, A5 or US Letter.');
  });

  it('an unknown booklet is a 404, a malformed one a 400, never a 500', async () => {
    expect((await request(app).get('/booklets/nope/print/pdf?language=uk')).status).toBe(404);
    const bad = await request(app).get(`/booklets/${'x'.repeat(300)}/print/pdf?language=uk`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
  });
});
