/**
 * The XLIFF export and import as translators' tools use them: the `xliff` npm package (i18next's
 * converter, used by many tools) reads the exported file with xliff2js, the test changes one
 * target in its JavaScript form, and js2xliff writes the file that is imported. The package keeps
 * one source and one target per unit, drops segment states and note categories, and writes
 * units without segment ids.
 */
import path from 'node:path';
import request from 'supertest';
import { js2xliff, xliff2js, XliffJs, XliffJsGroup, XliffJsUnit } from 'xliff';
import { LANGUAGE_CODES } from '../factories/languages';
import { createTestApp } from '../helpers/app';

const BOOKLET = 'right-to-information';
const { app, deps } = createTestApp(path.join(__dirname, '../../booklets'), { pdf: async () => Buffer.from('%PDF') });
const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
const auth = { Authorization: `Bearer ${editor}` };
const url = (lang: string) => `/api/v1/booklets/${BOOKLET}/translations/${lang}/xliff`;

interface Text {
  id: string;
  title: string;
  body: string;
}
/** Every section's title and body in the language's draft, as the API gives them. */
async function texts(lang: string): Promise<Text[]> {
  const res = await request(app).get(`/api/v1/booklets/${BOOKLET}/translations/${lang}?version=draft`).set(auth);
  expect(res.status).toBe(200);
  return (res.body as { sections: Text[] }).sections.map(({ id, title, body }) => ({ id, title, body }));
}

async function exportAsTool(lang: string): Promise<{ js: XliffJs; etag: string }> {
  const res = await request(app).get(url(lang)).set(auth);
  expect(res.status).toBe(200);
  return { js: await xliff2js(res.text), etag: res.headers.etag as string };
}

async function importFromTool(lang: string, js: XliffJs, etag: string): Promise<request.Response> {
  const xml = await js2xliff(js);
  return request(app).put(url(lang)).set(auth).set('If-Match', etag).set('Content-Type', 'application/xliff+xml').send(xml);
}

const isGroup = (entry: XliffJsUnit | XliffJsGroup | undefined): entry is XliffJsGroup => entry !== undefined && 'groupUnits' in entry;

/** The unit that holds one field of a section, as the tool read it. */
function fieldUnit(js: XliffJs, section: string, field: 'title' | 'body'): XliffJsUnit {
  const group = js.resources[BOOKLET]?.[section];
  if (!isGroup(group)) throw new Error(`no group "${section}" in the tool's reading`);
  const unit = group.groupUnits[`${section}.${field}`];
  if (unit === undefined || isGroup(unit)) throw new Error(`no unit "${section}.${field}" in group "${section}"`);
  return unit;
}

describe('XLIFF through the xliff npm package (xliff2js / js2xliff)', () => {
  it('the tool reads one source and one target per field, with the right text, for every section', async () => {
    const [uk, en] = [await texts('uk'), await texts('en')];
    const { js } = await exportAsTool('uk');
    expect([js.sourceLanguage, js.targetLanguage]).toEqual(['en', 'uk']);
    expect(Object.keys(js.resources)).toEqual([BOOKLET]);
    const groups = js.resources[BOOKLET] ?? {};
    expect(Object.keys(groups)).toEqual(uk.map((s) => s.id));
    for (const section of uk) {
      const group = groups[section.id];
      expect(isGroup(group) && Object.keys(group.groupUnits)).toEqual([`${section.id}.title`, `${section.id}.body`]);
      const source = en.find((s) => s.id === section.id);
      expect(fieldUnit(js, section.id, 'title')).toMatchObject({ source: source?.title, target: section.title });
      expect(fieldUnit(js, section.id, 'body')).toMatchObject({ source: source?.body, target: section.body });
    }
  });

  it.each(LANGUAGE_CODES.filter((l) => l !== 'en'))('%s: a file the tool read and wrote back unchanged changes nothing', async (lang) => {
    const before = await texts(lang);
    const { js, etag } = await exportAsTool(lang);
    const res = await importFromTool(lang, js, etag);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(0);
    expect(await texts(lang)).toEqual(before);
  });

  it('a body changed in the tool changes that body in the Ukrainian draft and nothing else', async () => {
    const before = await texts('uk');
    const { js, etag } = await exportAsTool('uk');
    const body =
      'Запит безкоштовний. Копії можуть коштувати ₴ 2 за сторінку — «див. закон», обʼєкт ґрунт.\n\n- перший пункт\n- другий пункт';
    fieldUnit(js, 'fees', 'body').target = body;
    const res = await importFromTool('uk', js, etag);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(1);
    expect(res.headers.etag).not.toBe(etag);
    expect(await texts('uk')).toEqual(before.map((s) => (s.id === 'fees' ? { ...s, body } : s)));
  });

  it('a title changed in the tool changes that title in the Ukrainian draft and nothing else', async () => {
    const before = await texts('uk');
    const first = before[0] as Text;
    const { js, etag } = await exportAsTool('uk');
    fieldUnit(js, first.id, 'title').target = 'Кому ця брошура';
    const res = await importFromTool('uk', js, etag);
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(1);
    expect(await texts('uk')).toEqual(before.map((s) => (s.id === first.id ? { ...s, title: 'Кому ця брошура' } : s)));
  });
});
