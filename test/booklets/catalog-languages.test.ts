import path from 'node:path';
import { importCatalog } from '../../src/booklets/importer';
import { composeServices } from '../../src/compose';
import { openDatabase } from '../../src/storage/db';

describe('importing the sample catalog', () => {
  it('adds the languages its languages.json brings, then their booklet files', () => {
    const deps = composeServices(openDatabase(':memory:'), { processMetrics: false });
    const summary = importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../booklets'));
    expect(summary.addedLanguages).toEqual(['prs', 'ps', 'ckb', 'tr', 'ka']);
    expect(deps.languages.match('fa-AF')?.code).toBe('prs');
    expect(deps.languages.match('ps-AF')?.code).toBe('ps');
    expect(deps.booklets.languagesOf('contact-the-ombudsman').languages).toEqual(expect.arrayContaining(['prs', 'ps', 'ckb', 'tr', 'ka']));
    // A second import adds nothing and changes nothing.
    expect(importCatalog(deps.repo, deps.languageAdmin, path.join(__dirname, '../../booklets'))).toMatchObject({
      addedLanguages: [],
      newRevisions: 0,
    });
  });
});
