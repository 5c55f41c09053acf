import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capturedOutput } from '../helpers/streams';
import request from 'supertest';
import { createApp } from '../../src/app';
import { run } from '../../src/cli';
import { composeServices } from '../../src/compose';
import { openDatabase } from '../../src/storage/db';
import { extractPdf } from '../helpers/pdf';
import { coverage, ENGINES, pageRegions, percent, readPages } from '../helpers/reading';

/**
 * A language the service has never seen, added the way the institution would: through the CLI,
 * then a translation file imported, published through the API, and read as readers read it (the
 * page, and the PDF in the three engines readers' apps use). No code knows these languages.
 * Test fixtures, not sample content: two short sections each.
 */
interface NewLanguage {
  flags: string[];
  code: string;
  dir: 'ltr' | 'rtl';
  title: string;
  sections: { id: string; title: string; paragraphs: string[] }[];
}

const ARMENIAN: NewLanguage = {
  flags: ['--code', 'hy', '--native', 'Հայերեն', '--english', 'Armenian', '--script', 'Armn', '--fallback', 'ru', '--aliases', 'hy-AM'],
  code: 'hy',
  dir: 'ltr',
  title: 'Ինչպես դիմել Մարդու իրավունքների պաշտպանին',
  sections: [
    {
      id: 'who-can-help',
      title: 'Ով կարող է օգնել',
      paragraphs: [
        'Մարդու իրավունքների պաշտպանը պաշտպանում է բոլոր մարդկանց իրավունքները, այդ թվում՝ օտարերկրացիների և ապաստան հայցողների։',
        'Դիմելն անվճար է և գաղտնի։',
      ],
    },
    {
      id: 'ways-to-reach-us',
      title: 'Ինչպես կապվել մեզ հետ',
      paragraphs: [
        'Զանգահարեք 916 համարով անվճար կամ գրեք մեզ էլեկտրոնային փոստով։',
        'Կարող եք նաև գալ մեր գրասենյակ աշխատանքային ժամերին։',
      ],
    },
  ],
};

const TIGRINYA: NewLanguage = {
  flags: ['--code', 'ti', '--native', 'ትግርኛ', '--english', 'Tigrinya', '--script', 'Ethi'],
  code: 'ti',
  dir: 'ltr',
  title: 'ንኣምቡድስማን ብኸመይ ትረኽብዎ',
  sections: [
    {
      id: 'who-can-help',
      title: 'መን ክሕግዘኩም ይኽእል',
      paragraphs: ['ኣምቡድስማን መሰላት ኩሉ ሰብ ይሕሉ፣ ንወጻእተኛታትን ዑቕባ ሓተትትን ውን።', 'ምሕታት ብነጻን ብምስጢርን እዩ።'],
    },
    {
      id: 'ways-to-reach-us',
      title: 'ብኸመይ ክትረኽቡና ትኽእሉ',
      paragraphs: ['ብነጻ ናብ 916 ደውሉ ወይ ብኢመይል ጽሓፉልና።', 'ኣብ ናይ ስራሕ ሰዓታት ናብ ቤት ጽሕፈትና ውን ክትመጹ ትኽእሉ።'],
    },
  ],
};

const URDU: NewLanguage = {
  flags: ['--code', 'ur', '--native', 'اردو', '--english', 'Urdu', '--script', 'Arab'],
  code: 'ur',
  dir: 'rtl',
  title: 'محتسب سے رابطہ کیسے کریں',
  sections: [
    {
      id: 'who-can-help',
      title: 'کون مدد کر سکتا ہے',
      paragraphs: [
        'انسانی حقوق کا کمشنر ہر شخص کے حقوق کی حفاظت کرتا ہے، بشمول غیر ملکیوں اور پناہ کے متلاشیوں کے۔',
        'یہ مفت اور رازدارانہ ہے۔',
      ],
    },
    {
      id: 'ways-to-reach-us',
      title: 'ہم سے رابطے کے طریقے',
      paragraphs: ['916 پر مفت فون کریں یا ہمیں ای میل لکھیں۔', 'آپ دفتری اوقات میں ہمارے دفتر بھی آ سکتے ہیں۔'],
    },
  ],
};

const ENGLISH_SOURCE = `---
title: How to contact the Ombudsman
subject: Who the Ombudsman is and how to reach the office
author: Commissioner for Human Rights (Ombudsman)
edition: 2026-11
status: published
source: true
---

# Who can help {#who-can-help}

The Commissioner protects the rights of everyone, including foreigners and asylum seekers.

It is free and confidential.

# Ways to reach us {#ways-to-reach-us}

Call 916 free of charge or write to us by e-mail.

You can also come to our office during working hours.
`;

function translationFile(l: NewLanguage): string {
  const body = l.sections.map((s) => `# ${s.title} {#${s.id}}\n\n${s.paragraphs.join('\n\n')}\n`).join('\n');
  return `---\ntitle: ${l.title}\nsubject: ${l.sections[0]!.paragraphs[0]}\nauthor: ${l.sections[0]!.title}\nedition: 2026-11\nstatus: in-review\ntranslator: Test fixture\n---\n\n${body}`;
}

/** The PDFs are kept here to look at (pdftoppm -r 60 -png). */
const ARTIFACTS = path.join(__dirname, '../../test-artifacts/new-languages');

/** Runs the CLI in-process against the folder's database and booklets. */
function cli(dir: string, ...argv: string[]): { code: number; out: string; err: string } {
  const { out, err, text } = capturedOutput();
  const saved = { db: process.env.DATABASE_PATH, dir: process.env.BOOKLETS_DIR };
  process.env.DATABASE_PATH = path.join(dir, 'booklets.db');
  process.env.BOOKLETS_DIR = path.join(dir, 'booklets');
  try {
    return { code: run(argv, out, err), ...text() };
  } finally {
    for (const [key, value] of [
      ['DATABASE_PATH', saved.db],
      ['BOOKLETS_DIR', saved.dir],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe.each([ARMENIAN, TIGRINYA, URDU])('a language added through the CLI: $code', (l) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `new-language-${l.code}-`));
  fs.mkdirSync(path.join(dir, 'booklets', 'contact'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'booklets', 'contact', 'en.md'), ENGLISH_SOURCE);
  let deps: ReturnType<typeof composeServices>;
  let app: ReturnType<typeof createApp>;
  let pdf: Buffer;

  afterAll(() => {
    deps?.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is unknown to the importer until added; then added, its file imported and published', async () => {
    expect(cli(dir, 'import').code).toBe(0);
    fs.writeFileSync(path.join(dir, 'booklets', 'contact', `${l.code}.md`), translationFile(l));
    const before = cli(dir, 'import');
    expect(before.code).toBe(1);
    expect(before.err).toMatch(new RegExp(`${l.code}\\.md:0: file name must be the code of a language of the service`));

    const added = cli(dir, 'languages', 'add', ...l.flags);
    expect(added).toMatchObject({ code: 0, err: '' });
    expect(cli(dir, 'import')).toMatchObject({ code: 0 });

    deps = composeServices(openDatabase(path.join(dir, 'booklets.db')), { processMetrics: false });
    app = createApp({ ...deps, onServerError: () => undefined });
    const editor = deps.keys.create({ name: 'Editor', role: 'editor' }).key;
    const auth = { Authorization: `Bearer ${editor}` };
    const draft = await request(app).get(`/api/v1/booklets/contact/translations/${l.code}?version=draft`).set(auth);
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe('in-review');
    const published = await request(app)
      .post(`/api/v1/booklets/contact/translations/${l.code}/publish`)
      .set(auth)
      .set('If-Match', draft.headers.etag as string);
    expect(published.status).toBe(200);
  });

  it('has a page in its language and direction, offered in the pickers', async () => {
    const page = await request(app).get(`/booklets/contact/${l.code}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<html lang="${l.code}" dir="${l.dir}">`);
    for (const s of l.sections) for (const p of s.paragraphs) expect(page.text).toContain(p);
    expect((await request(app).get('/booklets/contact/en')).text).toContain(`hreflang="${l.code}"`);
    expect((await request(app).get(`/?lang=${l.code}`)).text).toContain(`<html lang="${l.code}"`);
  });

  it('has a PDF whose text pdf.js, PDFium and poppler all read back: every word and word pair', async () => {
    const res = await request(app)
      .get(`/booklets/contact/${l.code}.pdf`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    pdf = res.body as Buffer;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, `${l.code}.pdf`), pdf);
    const extracted = await extractPdf(pdf);
    expect(extracted.lang).toBe(l.code);
    expect(extracted.title).toBe(l.title);
    const paragraphs = l.sections.flatMap((s) => [s.title, ...s.paragraphs]);
    for (const engine of ENGINES) {
      const reading = [...(await readPages(engine, pdf, extracted, pageRegions(extracted))).values()].join('\n');
      const c = coverage(paragraphs, reading, engine);
      expect({
        engine,
        words: percent(c.wordsFound, c.words),
        pairs: percent(c.pairsFound, c.pairs),
        missing: [...c.missingWords, ...c.missingPairs],
      }).toEqual({ engine, words: 100, pairs: 100, missing: [] });
    }
  });
});

describe('a language whose script the PDF renderer cannot draw', () => {
  it('is refused with a message naming the script, and nothing is added', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-language-my-'));
    try {
      fs.mkdirSync(path.join(dir, 'booklets'));
      const refused = cli(dir, 'languages', 'add', '--code', 'my', '--native', 'မြန်မာဘာသာ', '--english', 'Burmese', '--script', 'Mymr');
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/Myanmar/);
      expect(cli(dir, 'languages', 'list').out).not.toMatch(/^my /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
