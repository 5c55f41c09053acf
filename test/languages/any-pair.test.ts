import path from 'node:path';
import request from 'supertest';
import { createTestApp } from '../helpers/app';
import { extractPdf } from '../helpers/pdf';

const { app } = createTestApp(path.join(__dirname, '../../booklets'));
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('print editions with the languages the sample catalog adds', () => {
  it.each([
    ['ka', 'prs', ''],
    ['ps', 'tr', '&layout=booklet'],
    ['ckb', 'ka', '&layout=booklet&size=a4'],
  ])('a bilingual %s + %s edition%s names both languages and holds both texts', async (lang, other, extra) => {
    const res = await request(app).get(`/booklets/contact-the-ombudsman/${lang}.pdf?with=${other}${extra}`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const pdf = await extractPdf(res.body as Buffer);
    expect(pdf.lang).toBe(lang);
    const langs = new Set(
      pdf.pages
        .flatMap((p) => p.items.map((i) => i.str))
        .join(' ')
        .match(/[\p{Script=Georgian}\p{Script=Arabic}\p{Script=Latin}]/gu)
        ?.map((c) => (/\p{Script=Georgian}/u.test(c) ? 'Geor' : /\p{Script=Arabic}/u.test(c) ? 'Arab' : 'Latn')),
    );
    const scripts = (code: string): string => (({ ka: 'Geor', tr: 'Latn' }) as Record<string, string>)[code] ?? 'Arab';
    expect(langs).toContain(scripts(lang));
    expect(langs).toContain(scripts(other));
  });
});
