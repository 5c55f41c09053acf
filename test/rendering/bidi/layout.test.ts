import bidiFactory from 'bidi-js';
import { drawTextFor, fontkitReverses, layoutParagraph, LaidOutLine, ParagraphInput } from '../../../src/rendering/bidi';
import { fiveEach, plain, recordingMeasurer, visualLine } from './helpers';

const bidi = bidiFactory();

const ARABIC = 'اتصل بالرقم 916 (مجاناً) واقرأ Law on the Right to Obtain Information قبل الزيارة.';
const PERSIAN = 'شما می‌توانید با شماره 916 تماس بگیرید و Law on the Right to Obtain Information را بخوانید.';

function layout(text: string, overrides: Partial<ParagraphInput> = {}) {
  return layoutParagraph({
    spans: [plain(text)],
    dir: 'rtl',
    width: 10_000,
    measure: fiveEach,
    defaultScript: 'arabic',
    ...overrides,
  });
}

function onlyLine(lines: LaidOutLine[]): LaidOutLine {
  expect(lines).toHaveLength(1);
  return lines[0] as LaidOutLine;
}

/** The line as bidi-js alone would show it (reordered and mirrored character by character). */
function referenceVisual(text: string, dir: 'ltr' | 'rtl'): string {
  const levels = bidi.getEmbeddingLevels(text, dir);
  return bidi.getReorderedString(text, levels);
}

describe('a right-to-left paragraph on one line', () => {
  const line = onlyLine(layout(ARABIC).lines);

  it('reads, once fontkit has reversed what it reverses, exactly as the Unicode bidi algorithm orders it', () => {
    expect(visualLine(line, fontkitReverses)).toBe(referenceVisual(ARABIC, 'rtl'));
  });

  it('puts the first logical Arabic word in the rightmost run', () => {
    const rightmost = line.runs[line.runs.length - 1];
    expect(rightmost?.text.startsWith('اتصل')).toBe(true);
    expect(rightmost?.level).toBe(1);
  });

  it('keeps the number 916 as one left-to-right run drawn with the Arabic font', () => {
    const number = line.runs.find((r) => r.text === '916');
    expect(number).toMatchObject({ drawText: '916', level: 2, font: { script: 'arabic' } });
  });

  it('keeps the Latin phrase in reading order, drawn with the Latin font', () => {
    const latin = line.runs.find((r) => r.text.startsWith('Law'));
    expect(latin).toMatchObject({ drawText: 'Law on the Right to Obtain Information', level: 2 });
    expect(latin?.font.script).toBe('latin');
    const order = line.runs.map((r) => r.text);
    // Visually, left to right: the end of the sentence, the Latin phrase, "(free) and read", 916, "call the number".
    expect(order.indexOf(latin?.text ?? '')).toBeLessThan(order.indexOf('916'));
  });

  it('mirrors the brackets of a right-to-left run in the text handed to fontkit', () => {
    const bracketRun = line.runs.find((r) => r.text.includes('(مجاناً)'));
    expect(bracketRun?.level).toBe(1);
    // fontkit reverses this run (it starts with Arabic letters), so it gets the logical text with
    // mirrored brackets; reversed, ")" comes first from the left, which is drawn as "(".
    expect(bracketRun?.drawText).toContain(')مجاناً(');
  });

  it('right-aligns the line and places runs edge to edge', () => {
    const last = line.runs[line.runs.length - 1];
    expect((last?.x ?? 0) + (last?.width ?? 0)).toBeCloseTo(10_000, 6);
    line.runs.slice(1).forEach((run, i) => {
      const previous = line.runs[i];
      expect(run.x).toBeCloseTo((previous?.x ?? 0) + (previous?.width ?? 0), 6);
    });
  });
});

describe('a Persian paragraph with a zero-width non-joiner', () => {
  const line = onlyLine(layout(PERSIAN).lines);

  it('matches the bidi reference order', () => {
    expect(visualLine(line, fontkitReverses)).toBe(referenceVisual(PERSIAN, 'rtl'));
  });

  it('keeps the ZWNJ inside its Arabic-font run, so shaping sees it', () => {
    const run = line.runs.find((r) => r.text.includes('می‌توانید'));
    expect(run?.font.script).toBe('arabic');
  });
});

describe('breaking lines in logical order', () => {
  const words = 'Кожен має право на доступ до інформації; ґрунтовні відповіді — їхнє завдання, заявʼю';

  it('never exceeds the width, breaks only at spaces here, and loses no character', () => {
    const { lines, text } = layout(words, { dir: 'ltr', defaultScript: 'latin', width: 120 });
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(120);
    expect(lines.map((l) => text.slice(l.start, l.end)).join(' ')).toBe(words);
    expect(lines.every((l) => l.runs.every((r) => !r.drawText.includes('-')))).toBe(true);
  });

  it('starts a right-to-left paragraph with its first logical words on the first line, each line right-aligned', () => {
    const { lines } = layout(ARABIC, { width: 150 });
    expect(lines.length).toBeGreaterThan(2);
    expect(lines[0]?.runs.some((r) => r.text.startsWith('اتصل'))).toBe(true);
    for (const line of lines) {
      const last = line.runs[line.runs.length - 1];
      expect((last?.x ?? 0) + (last?.width ?? 0)).toBeCloseTo(150, 6);
      expect(line.width).toBeLessThanOrEqual(150);
    }
  });

  it('cuts a word longer than the line between characters, without adding a hyphen', () => {
    const url = 'https://ombudsman.az/az/view/pages/very/long/address/that/does/not/fit';
    const { lines, text } = layout(`See ${url}`, { dir: 'ltr', defaultScript: 'latin', width: 100 });
    const joined = lines.map((l) => text.slice(l.start, l.end)).join('');
    expect(joined.replace(' ', '')).toBe(`See${url}`);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(100);
  });

  it('never breaks after a hyphen inside a word, where poppler would join the two halves without it', () => {
    for (const word of ['e-poçt', 'QHT-dən', '𝐀-form']) {
      const text = `Write to ${word}`;
      // Room for "Write to e-" (11 characters) but not for the whole line.
      const { lines, text: laid } = layout(text, { dir: 'ltr', defaultScript: 'latin', width: 60 });
      expect(lines.map((l) => laid.slice(l.start, l.end).trim())).toEqual(['Write to', word]);
    }
    // A hyphen between spaces is no part of a word.
    const { lines, text } = layout('one - two', { dir: 'ltr', defaultScript: 'latin', width: 25 });
    expect(lines.map((l) => text.slice(l.start, l.end).trim())).toEqual(['one -', 'two']);
  });

  it('collapses runs of whitespace and drops spaces at line ends', () => {
    const { lines, text } = layout('  one \n two\t\tthree  ', { dir: 'ltr', defaultScript: 'latin' });
    expect(text).toBe('one two three');
    expect(onlyLine(lines).runs.map((r) => r.drawText)).toEqual(['one two three']);
  });
});

describe('styles, links and fonts', () => {
  it('splits runs at style and link boundaries and keeps the link address on its run', () => {
    const { lines } = layoutParagraph({
      spans: [plain('Read '), { text: 'the law', bold: true, italic: false, href: 'https://e-qanun.az/' }, plain(' today.')],
      dir: 'ltr',
      width: 1000,
      measure: fiveEach,
      defaultScript: 'latin',
    });
    const runs = onlyLine(lines).runs;
    expect(runs.map((r) => r.text)).toEqual(['Read ', 'the law', ' today.']);
    expect(runs[1]).toMatchObject({ href: 'https://e-qanun.az/', font: { bold: true, script: 'latin' }, x: 25 });
  });

  it('measures every piece with the font it will be drawn in', () => {
    const { measure, calls } = recordingMeasurer();
    layoutParagraph({ spans: [plain(ARABIC)], dir: 'rtl', width: 10_000, measure, defaultScript: 'arabic' });
    expect(calls.find((c) => c.text.startsWith('Law'))?.font.script).toBe('latin');
    expect(calls.find((c) => c.text.startsWith('اتصل'))?.font.script).toBe('arabic');
  });

  it('draws digits in a left-to-right paragraph with the Latin font', () => {
    const line = onlyLine(layout('Call 916 free', { dir: 'ltr', defaultScript: 'latin' }).lines);
    expect(line.runs).toHaveLength(1);
    expect(line.runs[0]?.font.script).toBe('latin');
  });
});

describe('isolated phone numbers and Arabic-Indic digits', () => {
  const phone = '+994 12 345-67-89';

  it('keeps an isolated phone number in its written order inside Arabic, and never draws the isolates', () => {
    const line = onlyLine(layout(`الهاتف: \u2066${phone}\u2069`).lines);
    const number = line.runs.filter((r) => /\d/.test(r.text));
    expect(number.map((r) => r.drawText).join('')).toBe(phone);
    expect(line.runs.every((r) => !/[\u2066-\u2069]/.test(r.drawText + r.text))).toBe(true);
    expect(line.runs[line.runs.length - 1]?.text).toBe('الهاتف: ');
  });

  it('without isolation lets the digit groups follow the bidi rules, as browsers do', () => {
    const line = onlyLine(layout(`الهاتف: ${phone}`).lines);
    expect(visualLine(line, fontkitReverses)).toBe(referenceVisual(`الهاتف: ${phone}`, 'rtl'));
  });

  it('pre-reverses Arabic-Indic digits, which fontkit reverses although they read left to right', () => {
    const line = onlyLine(layout('الصفحة ٣ من ١٢').lines);
    const twelve = line.runs.find((r) => r.text === '١٢');
    expect(twelve).toMatchObject({ level: 2, drawText: '٢١' });
    expect(visualLine(line, fontkitReverses)).toBe(referenceVisual('الصفحة ٣ من ١٢', 'rtl'));
  });
});

describe('drawTextFor', () => {
  it.each([
    ['Latin text at an even level stays as it is', 'Law 1071', 0, 'Law 1071'],
    ['Arabic at an odd level is left for fontkit to reverse', 'مجاناً', 1, 'مجاناً'],
    ['an odd run fontkit would not reverse is reversed here', '(1', 1, '1('],
    ['Arabic-Indic digits at an even level are pre-reversed for fontkit', '٩١٦', 2, '٦١٩'],
    ['Persian digits likewise', '۹۱۶', 2, '۶۱۹'],
  ])('%s', (_name, text, level, expected) => {
    expect(drawTextFor(text, level)).toBe(expected);
  });

  it('keeps combining marks after their base when it reverses', () => {
    expect(drawTextFor('a\u0301b', 1)).toBe('ba\u0301');
  });
});
