import { wordDiff } from '../../src/admin/diff';

const render = (before: string, after: string) =>
  wordDiff(before, after)
    .map((p) => (p.kind === 'same' ? p.text : `<${p.kind}>${p.text}</${p.kind}>`))
    .join('');

describe('the word diff of a source section', () => {
  it('marks added and removed words and keeps the rest', () => {
    expect(render('Call 916 (free of charge).', 'Call 916 or 917 (free of charge).')).toBe('Call 916 <ins>or 917 </ins>(free of charge).');
    expect(render('- In person\n- In writing', '- In person\n- By post')).toBe('- In person\n- <del>In writing</del><ins>By post</ins>');
    expect(render('Звернення розглядається 15 днів.', 'Звернення розглядається 7 робочих днів.')).toBe(
      'Звернення розглядається <del>15</del><ins>7 робочих</ins> днів.',
    );
  });

  it('the parts give back both texts exactly, whitespace and line breaks included', () => {
    const cases = [
      ['', 'new text'],
      ['old text', ''],
      ['same', 'same'],
      ['a  b\n\nc', 'a b\nc d'],
      ['يمكنك طلب المعلومات', 'يمكنك طلب المعلومات مجانًا'],
      ['x y z', 'z y x'],
    ];
    for (const [before, after] of cases as [string, string][]) {
      const parts = wordDiff(before, after);
      expect(
        parts
          .filter((p) => p.kind !== 'ins')
          .map((p) => p.text)
          .join(''),
      ).toBe(before);
      expect(
        parts
          .filter((p) => p.kind !== 'del')
          .map((p) => p.text)
          .join(''),
      ).toBe(after);
    }
  });

  it('stays bounded on very long texts that share nothing', () => {
    const before = Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 5000 }, (_, i) => `b${i}`).join(' ');
    const started = Date.now();
    expect(wordDiff(before, after)).toEqual([
      { kind: 'del', text: before },
      { kind: 'ins', text: after },
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
