import path from 'node:path';
import Database from 'better-sqlite3';
import { integrityProblems } from '../../src/storage/db';
import { createKey, ServerProcess, startServer, tempDir, removeTempDirs } from './server-process';

/** One write the server answered 200 to: it must be in the database after any crash. */
interface Acknowledged {
  slug: string;
  lang: string;
  section: string;
  seq: number;
  title: string;
  body: string;
}

const BOOKLETS = ['right-to-information', 'contact-the-ombudsman'];
const LANGUAGES = ['uk', 'ru', 'az', 'ar', 'fa'];
/** Below the API's 120 writes per key per minute, so no stream is slowed down by the rate limit. */
const MAX_WRITES_PER_STREAM = 110;

const text = (slug: string, lang: string, seq: number): { title: string; body: string } => ({
  title: `Розділ ${seq} — ${lang}`,
  body: `${slug}/${lang} write #${seq}: ґанок, їжак, єнот, ʼ; Azərbaycan ğ ı İ ş; العربية فارسی ۱۲۳.`,
});

/**
 * Writes sections of one booklet language one after the other (each write needs the ETag the
 * previous one returned), rotating over its sections, until stopped or the server goes away.
 */
async function stream(
  base: string,
  key: string,
  slug: string,
  lang: string,
  acked: Acknowledged[],
  stopped: () => boolean,
): Promise<number> {
  const headers = { Authorization: `Bearer ${key}` };
  const url = `${base}/api/v1/booklets/${slug}/translations/${lang}`;
  const draft = await fetch(`${url}?version=draft`, { headers });
  let etag = draft.headers.get('etag') as string;
  const sections = ((await draft.json()) as { sections: { id: string }[] }).sections.map((s) => s.id);
  let failed = 0;
  for (let seq = 1; seq <= MAX_WRITES_PER_STREAM && !stopped(); seq++) {
    const section = sections[seq % sections.length]!;
    const body = text(slug, lang, seq);
    try {
      const res = await fetch(`${url}/sections/${section}`, {
        method: 'PUT',
        headers: { ...headers, 'Content-Type': 'application/json', 'If-Match': etag },
        body: JSON.stringify(body),
      });
      if (res.status !== 200) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      etag = res.headers.get('etag') as string;
      acked.push({ slug, lang, section, seq, ...body });
    } catch (e) {
      // The server was killed: this write is not acknowledged, and nothing more can be sent.
      if (!stopped()) throw e;
      failed++;
      break;
    }
  }
  return failed;
}

afterAll(() => removeTempDirs());

describe('crash safety: SIGKILL during a stream of API writes', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server) server.child.kill('SIGKILL');
  });

  it('every acknowledged write is present after a restart, and integrity_check passes', async () => {
    const dir = tempDir('booklets-crash-');
    const dbPath = path.join(dir, 'booklets.db');
    server = await startServer(dbPath);
    const keys = await Promise.all(
      BOOKLETS.flatMap((slug) => LANGUAGES.map((lang) => createKey(dbPath, 'translator', `Crash test ${slug} ${lang}`, [lang]))),
    );

    const acked: Acknowledged[] = [];
    let killed = false;
    const started = Date.now();
    const streams = BOOKLETS.flatMap((slug, b) =>
      LANGUAGES.map((lang, l) => stream(server!.base, keys[b * LANGUAGES.length + l]!, slug, lang, acked, () => killed)),
    );
    // Kill mid-stream: once a good number of writes went through, without waiting for a quiet moment.
    while (acked.length < 400 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
    const first = server;
    first.child.kill('SIGKILL');
    killed = true;
    const writingMs = Date.now() - started;
    expect(await first.exited).toBe('SIGKILL');
    const failedInFlight = (await Promise.all(streams)).reduce((a, b) => a + b, 0);
    const acknowledged = acked.length;
    expect(acknowledged).toBeGreaterThanOrEqual(400);

    // The restarted server checks the database's integrity before it serves anything.
    const restartStarted = Date.now();
    server = await startServer(dbPath);
    const restartMs = Date.now() - restartStarted;
    expect(server.output()).not.toMatch(/integrity check/);

    for (const slug of BOOKLETS) {
      for (const lang of LANGUAGES) {
        const key = keys[BOOKLETS.indexOf(slug) * LANGUAGES.length + LANGUAGES.indexOf(lang)]!;
        const headers = { Authorization: `Bearer ${key}` };
        const mine = acked.filter((a) => a.slug === slug && a.lang === lang);
        const history = (await (
          await fetch(`${server.base}/api/v1/booklets/${slug}/translations/${lang}/history`, { headers })
        ).json()) as {
          revisions: { title: string; body: string }[];
        };
        const kept = new Set(history.revisions.map((r) => `${r.title}\u0000${r.body}`));
        expect({ slug, lang, missing: mine.filter((a) => !kept.has(`${a.title}\u0000${a.body}`)) }).toEqual({ slug, lang, missing: [] });
        // Each section shows its last acknowledged text, or a later write that committed just
        // before the kill but whose answer never arrived.
        const draft = (await (
          await fetch(`${server.base}/api/v1/booklets/${slug}/translations/${lang}?version=draft`, { headers })
        ).json()) as {
          sections: { id: string; body: string }[];
        };
        for (const s of draft.sections) {
          const last = mine.filter((a) => a.section === s.id).pop();
          if (!last) continue;
          const seq = Number(/write #(\d+):/.exec(s.body)?.[1] ?? -1);
          expect({ section: s.id, seq: seq >= last.seq }).toEqual({ section: s.id, seq: true });
        }
      }
    }

    expect(await server.stop()).toBe(0);
    server = undefined;
    const db = new Database(dbPath, { readonly: true });
    expect(integrityProblems(db)).toEqual([]);
    const find = db.prepare(`SELECT COUNT(*) FROM section_revisions WHERE title = ? AND body = ? AND lang = ?`).pluck();
    expect(acked.filter((a) => (find.get(a.title, a.body, a.lang) as number) !== 1)).toEqual([]);
    db.close();

    console.log(
      `crash safety: ${acknowledged} writes acknowledged by 10 concurrent streams in ${writingMs} ms ` +
        `(${Math.round((acknowledged / writingMs) * 1000)} writes/s), SIGKILL with ${failedInFlight} in flight; ` +
        `restart to /healthz 200 in ${restartMs} ms; all ${acknowledged} present, integrity_check ok`,
    );
  }, 90_000);
});
