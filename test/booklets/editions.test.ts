import { importCatalog } from '../../src/booklets/importer';
import { composeServices } from '../../src/compose';
import { BOOKLETS_DIR } from '../../src/paths';
import { editionOf } from '../../src/rendering/service';
import { openDatabase } from '../../src/storage/db';

const SLUG = 'right-to-information';

/** A database of the sample booklets, imported at `importedAt`, with its own clock. */
function service(importedAt: string) {
  let now = new Date(importedAt);
  const deps = composeServices(openDatabase(':memory:'), { now: () => now });
  importCatalog(deps.repo, deps.languageAdmin, BOOKLETS_DIR);
  /** Publishes the Ukrainian text with its first section's body replaced, at `at`. */
  const publishUk = (body: string, at: string): void => {
    now = new Date(at);
    const booklet = deps.repo.findBooklet(SLUG);
    if (!booklet) throw new Error('no sample booklet');
    const revisions = deps.repo.latestRevisions(booklet.id, 'uk');
    const first = revisions[0];
    if (!first) throw new Error('no Ukrainian text');
    const id = deps.repo.addSectionRevision({
      sectionId: first.sectionId,
      lang: 'uk',
      title: first.title,
      body,
      sourceRevisionId: first.sourceRevisionId,
      minor: false,
      createdBy: 'editor',
    });
    const ids = new Map(revisions.map((r) => [r.sectionId, r.sectionId === first.sectionId ? id : r.revisionId]));
    deps.repo.publish(booklet.id, 'uk', deps.repo.latestMeta(booklet.id, 'uk')?.id as number, ids, 'editor');
  };
  return { deps, publishUk };
}

describe('editions (the content hash in year-long URLs)', () => {
  it('change with every publication', () => {
    const { deps, publishUk } = service('2026-11-01T09:00:00.000Z');
    const before = editionOf(deps.booklets.read(SLUG, 'uk'));
    publishUk('Кожен має право на інформацію.', '2026-11-02T09:00:00.000Z');
    expect(editionOf(deps.booklets.read(SLUG, 'uk'))).not.toBe(before);
  });

  it('are never reused for other content, even when a restored older database gives out the same publication ids again', () => {
    // Two databases alike up to a point — as the live one and a backup of it restored later — that
    // each publish different text next, and so give the same publication id to different content.
    const live = service('2026-11-01T09:00:00.000Z');
    const restored = service('2026-11-01T09:00:00.000Z');
    expect(editionOf(restored.deps.booklets.read(SLUG, 'uk'))).toBe(editionOf(live.deps.booklets.read(SLUG, 'uk')));
    live.publishUk('Перша редакція: ґрунтовна відповідь протягом 5 днів.', '2026-11-10T09:00:00.000Z');
    restored.publishUk('Інша редакція: відповідь протягом 10 днів.', '2026-11-20T09:00:00.000Z');
    const a = live.deps.booklets.read(SLUG, 'uk');
    const b = restored.deps.booklets.read(SLUG, 'uk');
    expect(a.sections[0]?.body).not.toBe(b.sections[0]?.body);
    // A CDN that keeps edition URLs for a year must never get other bytes under the same URL.
    expect(editionOf(b)).not.toBe(editionOf(a));
  });
});
