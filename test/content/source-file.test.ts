import { parseSourceFile, SourceFileError } from '../../src/content/source-file';
import { sourceFileText } from '../factories/booklets';

function problems(text: string): string[] {
  try {
    parseSourceFile(text);
  } catch (e) {
    if (e instanceof SourceFileError) return e.problems.map((p) => `${p.line}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('booklet source files', () => {
  it('reads front matter and sections with their lines', () => {
    const file = parseSourceFile(sourceFileText({ source: true, translator: 'T', sections: [{ id: 'a', title: 'A', body: 'Text.' }] }));
    expect(file.meta).toEqual({
      title: 'Test booklet',
      subject: 'A booklet made by a test',
      author: 'Test author',
      edition: '2026-11',
      status: 'sample',
      translator: 'T',
      source: true,
      order: null,
    });
    expect(file.sections).toEqual([{ id: 'a', title: 'A', body: 'Text.', line: 11 }]);
  });

  it('reads the catalog order: a whole number from 1 to 9999', () => {
    const file = (order: string | number) => sourceFileText({ source: true, order, sections: [{ id: 'a', title: 'A', body: 'Text.' }] });
    expect(parseSourceFile(file(3)).meta.order).toBe(3);
    expect(parseSourceFile(file(9999)).meta.order).toBe(9999);
    for (const bad of ['0', '10000', '-1', '1.5', 'first', '']) {
      expect(problems(file(bad))).toEqual([
        "8: order must be a whole number from 1 to 9999: the booklet's place in the catalog, lower first",
      ]);
    }
  });

  it('reports the line of each problem', () => {
    const text = [
      '---',
      'title: T',
      'subject: S',
      'author: A',
      'edition: 2026-13',
      'status: final',
      '---',
      '',
      'Stray text',
      '# No id',
      '# Good {#good}',
      '',
      '[x](javascript:1)',
      '# Dup {#good}',
      'text',
    ].join('\n');
    expect(problems(text)).toEqual([
      '5: edition must be a month written YYYY-MM, e.g. 2026-11',
      '6: status must be one of sample, draft, in-review, published',
      '9: text before the first section: start a section with "# Title {#section-id}"',
      '10: section heading must look like "# Title {#section-id}"',
      expect.stringMatching(/^13: link address "javascript:1" must start with/),
      '14: section id "good" is used twice',
    ]);
  });

  it('requires front matter', () => {
    expect(problems('# A {#a}\n\ntext')).toEqual(expect.arrayContaining([expect.stringMatching(/^1: file must start with front matter/)]));
  });

  it('rejects a section without text and an id with capitals', () => {
    const text = sourceFileText({ sections: [{ id: 'Bad_Id', title: 'A', body: '' }] });
    expect(problems(text)).toEqual([
      '9: section id "Bad_Id" must use a-z, 0-9 and "-" (at most 64 characters)',
      '9: section "Bad_Id" has no text',
    ]);
  });
});
