import { checkSection, ContentWarning, SAMPLE_LENGTH } from '../../src/rendering/checks';
import { parseBody } from '../../src/content/markdown';

const body = (text: string, script = 'Latn'): ContentWarning[] => checkSection({ title: 'Title', body: text }, script);
const codes = (warnings: ContentWarning[]): string[] => warnings.map((w) => `${w.field}:${w.line}:${w.code}`);

describe('content checks at save', () => {
  describe('Markdown the booklet format does not support', () => {
    it('a table is named at its first line, once, and is what the parser turns into one line of pipes', () => {
      const text = 'Offices:\n\n| City | Phone |\n|------|-------|\n| Baku | 916 |\n| Ganja | 917 |\n\nCall any of them.';
      expect(body(text)).toEqual([{ code: 'table', field: 'body', line: 3, sample: '| City | Phone |' }]);
      expect(parseBody(text)[1]).toEqual({
        type: 'paragraph',
        spans: [{ text: '| City | Phone | |------|-------| | Baku | 916 | | Ganja | 917 |', bold: false, italic: false }],
      });
    });

    it('finds tables without outer pipes (under a delimiter row) and without a delimiter row (rows starting with "|")', () => {
      expect(codes(body('City | Phone\n--- | :---:\nBaku | 916'))).toEqual(['body:1:table']);
      expect(codes(body('Intro\n| Baku | 916 |\n| Ganja | 917 |'))).toEqual(['body:2:table']);
    });

    it('an ordinary "|" in a sentence is not a table', () => {
      expect(body('Open Monday–Friday | 09:00–18:00\nCall 916 | write to us.')).toEqual([]);
      expect(body('| a lone line that starts with a pipe')).toEqual([]);
    });

    it('an image becomes "!" and a link, so it is named with what was typed', () => {
      const text = 'See the map: ![Map](https://example.org/map.png) for the office.';
      expect(body(text)).toEqual([{ code: 'image', field: 'body', line: 1, sample: '![Map](https://example.org/map.png)' }]);
      expect(parseBody(text)[0]).toMatchObject({
        spans: [{ text: 'See the map: !' }, { text: 'Map', href: 'https://example.org/map.png' }, { text: ' for the office.' }],
      });
      expect(body('![Map of the city of Baku](https://example.org/maps/baku.png)')[0]?.sample).toBe(
        '![Map of the city of Baku](https://exam…',
      );
      expect(codes(body('Logo: ![](https://example.org/logo.png)'))).toEqual(['body:1:image']);
    });

    it('"!" before a normal link in text is no image', () => {
      expect(body('Important! [Apply online](https://example.org/apply) today!')).toEqual([]);
    });

    it('raw HTML is named by its first tag, comment or entity: <b>x</b>, <script>, <br/>, &nbsp;', () => {
      expect(body('This is <b>x</b> bold.')).toEqual([{ code: 'html', field: 'body', line: 1, sample: '<b>' }]);
      expect(body('Text\n<script>alert("x")</script>')).toEqual([{ code: 'html', field: 'body', line: 2, sample: '<script>' }]);
      expect(codes(body('one<br/>two\n<p class="x">three</p>\n<!-- note -->\nfour&nbsp;five'))).toEqual([
        'body:1:html',
        'body:2:html',
        'body:3:html',
        'body:4:html',
      ]);
      expect(body('a&nbsp;<i>b</i>')[0]?.sample).toBe('&nbsp;');
    });

    it('angle brackets that are not HTML stay quiet: comparisons, placeholders, a "<" in a link address', () => {
      expect(body('If the child is < 18 and > 14, write to <your name>.')).toEqual([]);
      expect(body('Search [the register](https://example.org/find?q=a<b>&x=1) for it.')).toEqual([]);
      expect(body('Write to <ombudsman@ombudsman.gov.az> or see <https://ombudsman.gov.az>.')).toEqual([]);
    });

    it('HTML in a link text or in the title is still named', () => {
      expect(codes(body('[<b>Apply</b>](https://example.org)'))).toEqual(['body:1:html']);
      expect(checkSection({ title: '<b>Intro</b>', body: 'Text.' }, 'Latn')).toEqual([
        { code: 'html', field: 'title', line: 1, sample: '<b>' },
      ]);
    });

    it('escaped syntax is text and gives no warning', () => {
      expect(body('\\!\\[not an image\\](https://example.org) and \\[^1\\]')).toEqual([]);
    });

    it('footnotes (reference and note) are named, each line once', () => {
      expect(codes(body('The law[^1] says so[^2].\n\n[^1]: Law No. 1071-IIQ.'))).toEqual(['body:1:footnote', 'body:3:footnote']);
      expect(body('The law[^1] says so.')[0]?.sample).toBe('[^1]');
    });

    it('a setext heading (text over "===" or "---") is named at its text; a list or heading over dashes is not', () => {
      expect(codes(body('Your rights\n===========\n\nText.\n\nWhere to go\n---'))).toEqual([
        'body:1:setext-heading',
        'body:6:setext-heading',
      ]);
      expect(parseBody('Your rights\n===========')).toEqual([
        { type: 'paragraph', spans: [{ text: 'Your rights ===========', bold: false, italic: false }] },
      ]);
      expect(body('- item\n---\n\n## Heading\n---')).toEqual([]);
    });

    it('lines of a contact block are fields: no table or heading there', () => {
      expect(body(':::contact\nname: Office | Branch\nhours: Mon | Tue\n:::')).toEqual([]);
    });

    it('counts lines after Windows line ends as the parser does', () => {
      expect(codes(body('one\r\ntwo\r\n<b>three</b>'))).toEqual(['body:3:html']);
    });
  });

  describe('characters no PDF font can draw', () => {
    it('an emoji and a Chinese character are listed with their code points, once per line', () => {
      expect(body('Welcome 😀 to the office 😀.\nWe speak 中文.')).toEqual([
        {
          code: 'unsupported-characters',
          field: 'body',
          line: 1,
          sample: 'Welcome 😀 to the office 😀.',
          characters: [{ char: '😀', codePoint: 'U+1F600' }],
        },
        {
          code: 'unsupported-characters',
          field: 'body',
          line: 2,
          sample: 'We speak 中文.',
          characters: [
            { char: '中', codePoint: 'U+4E2D' },
            { char: '文', codePoint: 'U+6587' },
          ],
        },
      ]);
    });

    it('checks the title too, and skips the variation selector and joiner of an emoji sequence', () => {
      const warnings = checkSection({ title: 'Help ❤️', body: 'Family: 👨‍👩‍👧' }, 'Latn');
      expect(warnings.map((w) => [w.field, w.characters?.map((c) => c.codePoint)])).toEqual([
        ['title', ['U+2764']],
        ['body', ['U+1F468', 'U+1F469', 'U+1F467']],
      ]);
    });

    it('a long line gives a short sample around the first such character', () => {
      const line = `${'word '.repeat(30)}→ next ${'word '.repeat(30)}`;
      const [w] = body(line);
      expect([...(w?.sample ?? '')].length).toBeLessThanOrEqual(SAMPLE_LENGTH + 1);
      expect(w?.sample).toMatch(/^….*→ next.*…$/);
    });

    it('Persian with ZWNJ, Persian digits and Arabic letters gives no warning', () => {
      const fa = checkSection(
        {
          title: 'حق دسترسی به اطلاعات',
          body: 'می‌توانید درخواست خود را تا ۱۵ روز بفرستید.\n\n- شماره تلفن: ⁦+994 12 345 67 89⁩\n- نامه‌ها به زبان عربی: مرحباً بكم',
        },
        'Arab',
      );
      expect(fa).toEqual([]);
      expect(checkSection({ title: 'حقوقك', body: 'اتصل بالرقم 916 (مجاناً) — نص عربي مع Latin و Кирилиця.' }, 'Arab')).toEqual([]);
    });

    it('Ukrainian with ʼ, і, ї, є, ґ and Azerbaijani with ə, ğ, ı, İ, ş give no warning', () => {
      expect(checkSection({ title: 'Ваші права', body: 'Мʼякий знак, сімʼя, їжа, Європа, ґанок.' }, 'Cyrl')).toEqual([]);
      expect(checkSection({ title: 'Hüquqlarınız', body: 'Əlaqə, doğum, qız, İnsan, şəhər — 916 ₼.' }, 'Latn')).toEqual([]);
    });

    it('an unknown language is checked as Latin script instead of failing', () => {
      expect(codes(body('😀', 'xx'))).toEqual(['body:1:unsupported-characters']);
    });
  });

  it('lists warnings of a line in a fixed order, title first', () => {
    const warnings = checkSection({ title: 'Intro 😀', body: '😀 <b>x</b> ![a](https://example.org/a.png) [^1]' }, 'Latn');
    expect(codes(warnings)).toEqual([
      'title:1:unsupported-characters',
      'body:1:image',
      'body:1:html',
      'body:1:footnote',
      'body:1:unsupported-characters',
    ]);
  });
});

describe('long lines', () => {
  it('checks a line of a hundred thousand brackets in one pass', () => {
    const line = '[^'.repeat(30_000) + '![x]('.repeat(8_000) + '<b '.repeat(5_000);
    expect(checkSection({ title: 'T', body: line }, 'Latn').length).toBeGreaterThanOrEqual(0);
  });
});
