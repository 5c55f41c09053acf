import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { anchorsOf, brokenLinks, linksOf, slugOf } from './markdown-links';

const ROOT = path.resolve(__dirname, '..', '..');

/** The README, every page in docs/ and the booklet format's README: the documentation readers follow. */
function documentation(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort();
  return ['README.md', ...docs.map((name) => `docs/${name}`), 'booklets/README.md'];
}

/** A folder of Markdown files written for one test. */
function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'doc-links-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('documentation links', () => {
  it('every relative link in the README, docs/ and booklets/README.md leads to a file that exists, and every #anchor to a heading in it', () => {
    const files = documentation();
    expect(files).toEqual(expect.arrayContaining(['docs/api.md', 'docs/architecture.md', 'docs/operations.md', 'docs/speed.md']));
    const linked = files.flatMap((file) => linksOf(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(linked.length).toBeGreaterThan(20);
    expect(brokenLinks(ROOT, files)).toEqual([]);
  });

  it('the README links every page in docs/, and stays a first screen (at most 150 lines)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const targets = new Set(linksOf(readme).map(({ target }) => target.split('#')[0]));
    for (const page of documentation().filter((file) => file.startsWith('docs/'))) expect(targets).toContain(page);
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(150);
  });

  it('a link to a missing file, or to a heading its target does not have, is reported with its file and line', () => {
    const dir = folderWith({
      'README.md': '# Home\n\nSee [the API](docs/api.md#partner-api) and [speed](docs/speed.md).\n',
      'docs/api.md': '# API\n\n## Partner API\n\nBack [home](../README.md#home), to [nowhere](#webhooks).\n',
    });
    try {
      expect(brokenLinks(dir, ['README.md', 'docs/api.md'])).toEqual([
        { file: 'README.md', line: 3, target: 'docs/speed.md', problem: 'no file docs/speed.md' },
        { file: 'docs/api.md', line: 5, target: '#webhooks', problem: 'no heading #webhooks in docs/api.md' },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('links inside code, and addresses with a scheme, are not followed', () => {
    const dir = folderWith({
      'README.md': [
        '# Home',
        'Inline `[not a link](missing.md)` code, [a site](https://example.org/x.md) and [mail](mailto:a@example.org).',
        '```md',
        '[also not a link](missing.md)',
        '```',
      ].join('\n'),
    });
    try {
      expect(brokenLinks(dir, ['README.md'])).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('anchors are GitHub slugs: lower case, spaces to "-", punctuation removed, letters of every script kept', () => {
    expect(slugOf('Editing pages for translators and editors (`/admin`)')).toBe('editing-pages-for-translators-and-editors-admin');
    expect(slugOf('Languages: `languages.json`')).toBe('languages-languagesjson');
    expect(slugOf('Stopping, crashes and robustness')).toBe('stopping-crashes-and-robustness');
    expect(slugOf('1b. http-render')).toBe('1b-http-render');
    expect(slugOf('Права на інформацію')).toBe('права-на-інформацію');
    expect([...anchorsOf('# Notes\n\n## Notes\n\n```\n# not a heading\n```\n')]).toEqual(['notes', 'notes-1']);
  });
});
