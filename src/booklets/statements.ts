import type { Statement } from 'better-sqlite3';
import type { DB } from '../storage/db';

type Prepare = (sql: string) => Statement;

/** Every statement of the booklet repository, prepared once per database connection. */
export function prepareStatements(db: DB) {
  const p: Prepare = (sql) => db.prepare(sql);
  return {
    ...bookletStatements(p),
    ...sectionStatements(p),
    ...revisionStatements(p),
    ...metaStatements(p),
    ...languageStatements(p),
    ...publicationStatements(p),
  };
}

/** Booklets, their place in the catalog, and the service's language codes. */
function bookletStatements(p: Prepare) {
  return {
    allBooklets: p(
      `SELECT id, slug, source_lang AS sourceLang, created_at AS createdAt, position FROM booklets ORDER BY position IS NULL, position, id`,
    ),
    setPosition: p(`UPDATE booklets SET position = ? WHERE id = ?`),
    bookletBySlug: p(`SELECT id, slug, source_lang AS sourceLang, created_at AS createdAt, position FROM booklets WHERE slug = ?`),
    insertBooklet: p(`INSERT INTO booklets (slug, source_lang, created_at) VALUES (?, ?, ?)`),
    countBooklets: p(`SELECT COUNT(*) AS n FROM booklets`),
    languageCodes: p(`SELECT code FROM languages ORDER BY position, code`),
  };
}

/** A booklet's sections: placed in order, retired rather than deleted. */
function sectionStatements(p: Prepare) {
  return {
    sections: p(`SELECT id, key, position FROM sections WHERE booklet_id = ? AND retired = 0 ORDER BY position`),
    allSections: p(`SELECT id, key, position, retired FROM sections WHERE booklet_id = ?`),
    insertSection: p(`INSERT INTO sections (booklet_id, key, position) VALUES (?, ?, ?)`),
    placeSection: p(`UPDATE sections SET position = ?, retired = 0 WHERE id = ?`),
    retireSection: p(`UPDATE sections SET retired = 1 WHERE id = ?`),
  };
}

/** Section revisions: the latest of each section, one by id, the history, and changes of the source. */
function revisionStatements(p: Prepare) {
  return {
    latestRevisions: p(`
      SELECT r.id AS revisionId, s.id AS sectionId, s.key, s.position, r.lang, r.title, r.body,
             r.source_revision_id AS sourceRevisionId
      FROM sections s
      JOIN section_revisions r ON r.id = (
        SELECT MAX(id) FROM section_revisions WHERE section_id = s.id AND lang = ?)
      WHERE s.booklet_id = ? AND s.retired = 0
      ORDER BY s.position`),
    insertRevision: p(`
      INSERT INTO section_revisions (section_id, lang, title, body, source_revision_id, minor, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    sourceChanges: p(`
      SELECT 1 FROM section_revisions
      WHERE section_id = ? AND lang = ? AND minor = 0 AND id > ? AND id <= ? LIMIT 1`),
    history: p(`
      SELECT r.id AS revisionId, s.key AS sectionId, r.title, r.body, r.source_revision_id AS sourceRevisionId,
             r.minor, r.created_at AS createdAt, r.created_by AS createdBy
      FROM section_revisions r JOIN sections s ON s.id = r.section_id
      WHERE s.booklet_id = ? AND r.lang = ? ORDER BY r.id DESC LIMIT ?`),
    revisionById: p(`
      SELECT r.id AS revisionId, s.id AS sectionId, s.key, s.position, r.lang, r.title, r.body,
             r.source_revision_id AS sourceRevisionId, s.booklet_id AS bookletId
      FROM section_revisions r JOIN sections s ON s.id = r.section_id WHERE r.id = ?`),
  };
}

/** Title, subject, author, edition and translator of a language, as revisions. */
function metaStatements(p: Prepare) {
  return {
    latestMeta: p(`
      SELECT id, title, subject, author, edition, translator, sample FROM meta_revisions
      WHERE booklet_id = ? AND lang = ? ORDER BY id DESC LIMIT 1`),
    metaById: p(`SELECT id, title, subject, author, edition, translator, sample FROM meta_revisions WHERE id = ?`),
    insertMeta: p(`
      INSERT INTO meta_revisions (booklet_id, lang, title, subject, author, edition, translator, sample, created_at, created_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  };
}

/** The workflow row of each language of a booklet: state, revision, visibility. */
function languageStatements(p: Prepare) {
  return {
    languages: p(`SELECT lang, state, revision FROM booklet_languages WHERE booklet_id = ? ORDER BY lang`),
    upsertLanguage: p(`
      INSERT INTO booklet_languages (booklet_id, lang, state, revision) VALUES (?, ?, ?, 1)
      ON CONFLICT (booklet_id, lang) DO UPDATE SET state = excluded.state, revision = revision + 1`),
    setVisible: p(`UPDATE booklet_languages SET visible = ?, revision = revision + 1 WHERE booklet_id = ? AND lang = ?`),
    language: p(`SELECT lang, state, revision, visible FROM booklet_languages WHERE booklet_id = ? AND lang = ?`),
  };
}

/** Publications: the section revisions frozen as what readers of a language see. */
function publicationStatements(p: Prepare) {
  return {
    latestPublication: p(`
      SELECT id, lang, meta_revision_id AS metaRevisionId, created_at AS createdAt FROM publications
      WHERE booklet_id = ? AND lang = ? ORDER BY id DESC LIMIT 1`),
    publishedLanguages: p(`
      SELECT p.id, p.lang, p.meta_revision_id AS metaRevisionId, p.created_at AS createdAt FROM publications p
      JOIN booklet_languages l ON l.booklet_id = p.booklet_id AND l.lang = p.lang
      WHERE p.booklet_id = ? AND l.visible = 1
        AND p.id = (SELECT MAX(id) FROM publications WHERE booklet_id = p.booklet_id AND lang = p.lang)
      ORDER BY p.lang`),
    insertPublication: p(`
      INSERT INTO publications (booklet_id, lang, meta_revision_id, created_at, created_by) VALUES (?, ?, ?, ?, ?)`),
    insertPublicationSection: p(`INSERT INTO publication_sections (publication_id, section_id, revision_id) VALUES (?, ?, ?)`),
    publicationSections: p(`
      SELECT r.id AS revisionId, s.id AS sectionId, s.key, s.position, r.lang, r.title, r.body,
             r.source_revision_id AS sourceRevisionId
      FROM publication_sections ps
      JOIN sections s ON s.id = ps.section_id
      JOIN section_revisions r ON r.id = ps.revision_id
      WHERE ps.publication_id = ? AND s.retired = 0
      ORDER BY s.position`),
  };
}
