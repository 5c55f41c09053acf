/**
 * Numbered schema migrations, applied in order at start-up. Never edit a migration that has shipped:
 * add the next number. Kept as TypeScript strings so the compiled service needs no extra files.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'content-with-revisions',
    sql: `
      CREATE TABLE booklets (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        source_lang TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

      -- Sections have stable keys; position orders them. Retired sections keep their history.
      CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        booklet_id INTEGER NOT NULL REFERENCES booklets(id),
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        retired INTEGER NOT NULL DEFAULT 0,
        UNIQUE (booklet_id, key)
      );

      -- Every edit of a section in a language is a new row; rows are never updated.
      -- source_revision_id: the source-language revision a translation was made from.
      CREATE TABLE section_revisions (
        id INTEGER PRIMARY KEY,
        section_id INTEGER NOT NULL REFERENCES sections(id),
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        source_revision_id INTEGER REFERENCES section_revisions(id),
        minor INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX section_revisions_by_section ON section_revisions (section_id, lang, id);

      -- Booklet metadata per language (title, subject, ...), also kept as revisions.
      CREATE TABLE meta_revisions (
        id INTEGER PRIMARY KEY,
        booklet_id INTEGER NOT NULL REFERENCES booklets(id),
        lang TEXT NOT NULL,
        title TEXT NOT NULL,
        subject TEXT NOT NULL,
        author TEXT NOT NULL,
        edition TEXT NOT NULL,
        translator TEXT,
        sample INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX meta_revisions_by_language ON meta_revisions (booklet_id, lang, id);

      -- Workflow state of each language of a booklet; revision counts every change (for ETags).
      CREATE TABLE booklet_languages (
        booklet_id INTEGER NOT NULL REFERENCES booklets(id),
        lang TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('draft', 'in-review', 'published')),
        revision INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (booklet_id, lang)
      );

      -- A publication freezes which revision of each section readers see. Readers only ever see
      -- the latest publication of a language.
      CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        booklet_id INTEGER NOT NULL REFERENCES booklets(id),
        lang TEXT NOT NULL,
        meta_revision_id INTEGER NOT NULL REFERENCES meta_revisions(id),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX publications_by_language ON publications (booklet_id, lang, id);

      CREATE TABLE publication_sections (
        publication_id INTEGER NOT NULL REFERENCES publications(id),
        section_id INTEGER NOT NULL REFERENCES sections(id),
        revision_id INTEGER NOT NULL REFERENCES section_revisions(id),
        PRIMARY KEY (publication_id, section_id)
      );
    `,
  },
  {
    version: 2,
    name: 'api-keys-and-audit',
    sql: `
      -- API keys: only a salted hash of the secret is kept. The public id (prefix) finds the row.
      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        public_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('translator', 'editor', 'admin')),
        languages TEXT,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      -- Every write: who, what, on which target, revisions before and after, when.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before_revision TEXT,
        after_revision TEXT,
        detail TEXT
      );
      CREATE INDEX audit_log_by_time ON audit_log (at);
    `,
  },
  {
    version: 3,
    name: 'language-visibility',
    sql: `
      -- Readers see a language while it has a publication and is not withdrawn, whatever the state
      -- of the next draft (editing a published translation starts a new draft; readers keep the
      -- published text until the next publication).
      ALTER TABLE booklet_languages ADD COLUMN visible INTEGER NOT NULL DEFAULT 0;
      UPDATE booklet_languages SET visible = 1 WHERE state = 'published';
    `,
  },
  {
    version: 4,
    name: 'webhooks',
    sql: `
      -- Partners' endpoints, notified when a language of a booklet is published. The secret signs
      -- each delivery (HMAC-SHA-256), so it is kept; it is shown to the admin once.
      CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        key_id INTEGER NOT NULL REFERENCES api_keys(id),
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      );

      -- One row per event per webhook; retried with back-off until delivered or given up.
      CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
        event TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at TEXT,
        failed_at TEXT,
        last_error TEXT
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
    `,
  },
  {
    version: 5,
    name: 'admin-users-and-sessions',
    sql: `
      -- People who sign in to /admin with a password (created with the users CLI command). The
      -- password is kept only as an scrypt hash with its salt and cost parameters.
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('translator', 'editor', 'admin')),
        languages TEXT,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );

      -- Signed-in sessions of /admin, by a user or by an API key. Only a SHA-256 hash of the
      -- session token is kept; times are milliseconds since the epoch (idle and absolute expiry).
      CREATE TABLE admin_sessions (
        id INTEGER PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        user_id INTEGER REFERENCES users(id),
        key_id INTEGER REFERENCES api_keys(id),
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        CHECK ((user_id IS NULL) <> (key_id IS NULL))
      );
    `,
  },
  {
    version: 6,
    name: 'download-counts',
    sql: `
      -- How often each booklet was downloaded, per day (UTC), language and format. Counts only:
      -- nothing about the readers (no address, no agent, no time of day).
      CREATE TABLE download_counts (
        day TEXT NOT NULL,
        slug TEXT NOT NULL,
        lang TEXT NOT NULL,
        format TEXT NOT NULL,
        count INTEGER NOT NULL CHECK (count >= 0),
        PRIMARY KEY (day, slug, lang, format)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'booklet-order',
    sql: `
      -- The place of a booklet in the catalog, lower first (the source file's "order"); booklets
      -- without one follow, oldest first.
      ALTER TABLE booklets ADD COLUMN position INTEGER CHECK (position IS NULL OR position BETWEEN 1 AND 9999);
    `,
  },
  {
    version: 8,
    name: 'languages',
    sql: `
      -- The languages the service publishes in: added, changed and retired by staff, never deleted
      -- while a revision, key, user or string refers to them. code is a lower-case BCP 47 tag.
      -- script: ISO 15924 code (fonts and the missing-character check follow it). fallback: the
      -- language whose interface strings fill the gaps before the source language's. aliases: JSON
      -- array of other tags browsers send for it (fa-af for Dari). numbering, calendar: Intl
      -- numbering system and calendar, only where Intl's default for the tag is not what readers use.
      CREATE TABLE languages (
        code TEXT PRIMARY KEY,
        native_name TEXT NOT NULL,
        english_name TEXT NOT NULL,
        dir TEXT NOT NULL CHECK (dir IN ('ltr', 'rtl')),
        script TEXT NOT NULL,
        fallback TEXT REFERENCES languages(code),
        aliases TEXT NOT NULL DEFAULT '[]',
        numbering TEXT,
        calendar TEXT,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        retired_at TEXT
      );
      -- The six languages the service was first published in, in the order readers are offered them.
      INSERT INTO languages (code, native_name, english_name, dir, script, position, created_at, updated_at) VALUES
        ('en', 'English', 'English', 'ltr', 'Latn', 1, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),
        ('az', 'Azərbaycanca', 'Azerbaijani', 'ltr', 'Latn', 2, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),
        ('uk', 'Українська', 'Ukrainian', 'ltr', 'Cyrl', 3, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),
        ('ru', 'Русский', 'Russian', 'ltr', 'Cyrl', 4, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),
        ('ar', 'العربية', 'Arabic', 'rtl', 'Arab', 5, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z'),
        ('fa', 'فارسی', 'Persian', 'rtl', 'Arab', 6, '2026-12-07T00:00:00.000Z', '2026-12-07T00:00:00.000Z');
    `,
  },
  {
    version: 9,
    name: 'interface-strings',
    sql: `
      -- Translations of the interface strings (the dotted keys of locales/en/common.json) made in
      -- the service. Every save is a new row; rows are never updated. An empty text takes the
      -- language's own translation of the key away again (the locale file or the fallback shows).
      CREATE TABLE interface_string_revisions (
        id INTEGER PRIMARY KEY,
        lang TEXT NOT NULL REFERENCES languages(code),
        key TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX interface_string_revisions_by_key ON interface_string_revisions (lang, key, id);

      -- The workflow of a language's interface strings: draft -> in-review -> published. revision
      -- counts the writes (ETags). published_through: the newest revision the publication holds;
      -- readers see, per key, its latest revision up to that id (revisions are only ever added).
      CREATE TABLE interface_string_languages (
        lang TEXT PRIMARY KEY REFERENCES languages(code),
        state TEXT NOT NULL CHECK (state IN ('draft', 'in-review', 'published')),
        revision INTEGER NOT NULL DEFAULT 0,
        published_through INTEGER,
        published_at TEXT,
        published_by TEXT,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'arabic-digits',
    sql: `
      -- Arabic booklets are read by people from Syria, Iraq and their neighbours, who write Arabic-Indic
      -- digits (٠١٢٣); Intl's default for a bare "ar" has been the Latin digits since CLDR 42. Only a
      -- row nobody has set is changed: staff choose otherwise in /admin (Languages, digits).
      UPDATE languages SET numbering = 'arab', updated_at = '2027-01-15T00:00:00.000Z'
        WHERE code = 'ar' AND numbering IS NULL;
    `,
  },
];
