import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Block } from '../../../src/content/blocks';
import { missingCharacters } from '../../../src/rendering/coverage';
import type { FontFamilyName } from '../../../src/rendering/fonts/families';
import type { LayoutDocument } from '../../../src/rendering/layout/model';
import { renderPdf } from '../../../src/rendering/pdf';
import { shapeForPdf } from '../../../src/rendering/pdf/text/shaping';
import { layoutText } from '../../../src/rendering/pdf/text/text';
import { themeFor } from '../../../src/rendering/pdf/pages/theme';
import { layoutDocument, paragraph, section, span } from '../../factories/layout';
import { sectionParagraphs } from '../../helpers/booklet-text';
import { extractPdf } from '../../helpers/pdf';
import { coverage, ENGINES, pageRegions, percent, readPages } from '../../helpers/reading';

// Booklets in scripts with a font family of their own besides Noto Sans and Vazirmatn: laid out,
// drawn with their family's font, and read back by PDFium, poppler and pdf.js. The PDFs are written
// to test-artifacts/scripts/ to look at (pdftoppm -r 60 -png).

interface Sample {
  lang: string;
  script: string;
  dir: 'ltr' | 'rtl';
  family: FontFamilyName;
  fontName: RegExp;
  title: string;
  paragraphs: string[];
}

const SAMPLES: Sample[] = [
  {
    lang: 'ka',
    script: 'Geor',
    dir: 'ltr',
    family: 'georgian',
    fontName: /NotoSansGeorgian/,
    title: 'ინფორმაციის მიღების უფლება',
    paragraphs: [
      'ყველას აქვს უფლება მიიღოს ინფორმაცია სახელმწიფო დაწესებულებებიდან, მიზეზის ახსნის გარეშე.',
      'დარეკეთ ნომერზე 916 უფასოდ ან მოგვწერეთ ელფოსტაზე ombudsman@ombudsman.az (ორშაბათი–პარასკევი).',
    ],
  },
  {
    lang: 'hy',
    script: 'Armn',
    dir: 'ltr',
    family: 'armenian',
    fontName: /NotoSansArmenian/,
    title: 'Տեղեկատվություն ստանալու իրավունք',
    paragraphs: [
      'Յուրաքանչյուր ոք իրավունք ունի տեղեկատվություն ստանալ պետական մարմիններից՝ առանց պատճառը բացատրելու։',
      'Զանգահարեք 916 համարով անվճար կամ գրեք ombudsman@ombudsman.az հասցեով։',
    ],
  },
  {
    lang: 'ti',
    script: 'Ethi',
    dir: 'ltr',
    family: 'ethiopic',
    fontName: /NotoSansEthiopic/,
    title: 'መሰል ምርካብ ሓበሬታ',
    paragraphs: ['ኩሉ ሰብ ካብ መንግስታዊ ትካላት ሓበሬታ ናይ ምርካብ መሰል ኣለዎ፣ ምኽንያት ከይሃበ።', 'ብነጻ ናብ 916 ደውሉ ወይ ናብ ombudsman@ombudsman.az ጽሓፉ።'],
  },
  {
    lang: 'he',
    script: 'Hebr',
    dir: 'rtl',
    family: 'hebrew',
    fontName: /NotoSansHebrew/,
    title: 'הזכות לקבל מידע',
    paragraphs: [
      'לכל אדם יש זכות לקבל מידע מרשויות הציבור, בלי להסביר מדוע הוא מבקש אותו.',
      'התקשרו למספר 916 בחינם או כתבו אלינו בדואר אלקטרוני.',
    ],
  },
];

/** A one-section booklet in the sample's language (interface labels stay English). */
function sampleDocument(s: Sample): LayoutDocument {
  const blocks: Block[] = [
    paragraph(s.paragraphs[0] as string),
    { type: 'list', ordered: false, items: [[span(s.paragraphs[1] as string)]] },
    paragraph(span(s.title, { bold: true }), span(' — '), span(s.paragraphs[0] as string, { italic: true })),
  ];
  const frame = { lang: s.lang, dir: s.dir, script: s.script };
  return layoutDocument('en', { ...frame, title: s.title, sections: [{ ...section('en', 's1', s.title, blocks), ...frame }] });
}

const ARTIFACTS = path.join(__dirname, '../../../test-artifacts/scripts');

describe.each(SAMPLES)('a booklet in $lang ($script)', (s) => {
  const doc = sampleDocument(s);
  let bytes: Buffer;
  beforeAll(async () => {
    bytes = await renderPdf(doc);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, `${s.lang}.pdf`), bytes);
  });

  it(`is drawn with the ${s.family} family, with a glyph for every character`, () => {
    expect(missingCharacters(doc)).toEqual([]);
    for (const text of [s.title, ...s.paragraphs]) expect(shapeForPdf(`${s.family}-regular`, text).ids).not.toContain(0);
    const [line] = layoutText([span(s.paragraphs[0] as string)], { dir: s.dir, script: s.script }, 10_000, themeFor('a4').styles.body);
    expect(line?.line.runs.map((r) => r.font.script)).toEqual([s.family]);
    const fonts = execFileSync('pdffonts', ['-'], { input: bytes }).toString();
    expect(fonts).toMatch(s.fontName);
  });

  it.each(ENGINES)('reads back in %s: every word of the section, and every pair of words in order', async (engine) => {
    const pdf = await extractPdf(bytes);
    const reading = [...(await readPages(engine, bytes, pdf, pageRegions(pdf))).values()].join('\n');
    const c = coverage(sectionParagraphs(doc.sections[0]!, doc), reading, engine);
    expect({
      words: percent(c.wordsFound, c.words),
      pairs: percent(c.pairsFound, c.pairs),
      missing: [...c.missingWords, ...c.missingPairs],
    }).toEqual({ words: 100, pairs: 100, missing: [] });
  });
});

describe('a run of another script inside a paragraph', () => {
  const body = themeFor('a4').styles.body;
  const runs = (text: string, frame: { dir: 'ltr' | 'rtl'; script: string }) =>
    (layoutText([span(text)], frame, 10_000, body)[0]?.line.runs ?? []).map((r) => [r.text, r.font.script]);

  it("gets its script's family: a Georgian note in an English paragraph", () => {
    expect(runs('Call 916 (ask for ნინო ბერიძე) today.', { dir: 'ltr', script: 'Latn' })).toEqual([
      ['Call 916 (ask for ', 'latin'],
      ['ნინო ბერიძე) ', 'georgian'], // punctuation and spaces follow the letter before them
      ['today.', 'latin'],
    ]);
  });

  it('and an Armenian word in a Persian paragraph', () => {
    const found = runs('نام او Արամ است', { dir: 'rtl', script: 'Arab' });
    expect(found).toContainEqual(['Արամ', 'armenian']);
    expect(found.filter(([, f]) => f === 'arabic').map(([t]) => (t as string).trim())).toEqual(['است', 'نام او']);
  });
});
