import net from 'node:net';
import path from 'node:path';
import { documentText, extractPdf, normalizeSpace } from '../helpers/pdf';
import { fuzzCases } from './fuzz-cases';
import { createKey, ServerProcess, startServer, tempDir, removeTempDirs } from './server-process';

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const COUNT = 2400;
const CONCURRENCY = 16;

interface Outcome {
  name: string;
  status: number | null;
  /** Why there is no status: the server closed or reset the connection, or nothing came back. */
  note?: string;
  text: string;
}

/** Sends raw bytes on a fresh connection and reads whatever comes back until the server closes. */
function send(port: number, name: string, bytes: Buffer, waitMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = net.connect(port, '127.0.0.1');
    const finish = (note?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ name, status: status ? Number(status) : null, note: status ? undefined : (note ?? 'closed without an answer'), text });
    };
    const timer = setTimeout(() => finish('no answer in time'), waitMs);
    socket.on('connect', () => socket.write(bytes, () => undefined));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (e: NodeJS.ErrnoException) => finish(`connection ${e.code ?? e.message}`));
  });
}

/** A stack trace, a source path or a module path in a response. */
const LEAK = /\bat [\w$.<>[\] ]+ \([^)\n]*:\d+:\d+\)|node_modules|\/dist\/src\/|\/src\/[\w/-]+\.ts\b|SqliteError|TypeError:|RangeError:/;

const HOSTILE_TITLE = '<b onmouseover=alert(1)>{{title}}</b>';
const HOSTILE_BODY = [
  '<script>alert("x")</script> and {{constructor.constructor(\'return process\')()}} and {{> layout}} {{{raw}}}',
  '',
  '<img src=x onerror=alert(1)> </style><style>body{display:none}</style> &lt;b&gt; &amp; ${7*7} <%= 7*7 %>',
].join('\n');

afterAll(() => removeTempDirs());

describe('fuzzing the real server with malformed and hostile requests', () => {
  let server: ServerProcess | undefined;
  let dbPath = '';
  afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  it(`hostile content is stored as text and comes out escaped in the page and the PDF`, async () => {
    dbPath = path.join(tempDir('booklets-fuzz-'), 'booklets.db');
    server = await startServer(dbPath);
    const editor = await createKey(dbPath, 'editor', 'Fuzz editor');
    const headers = { Authorization: `Bearer ${editor}`, 'Content-Type': 'application/json' };
    const api = `${server.base}/api/v1/booklets/contact-the-ombudsman/translations/en`;
    const draft = await fetch(`${api}?version=draft`, { headers });
    let etag = draft.headers.get('etag') as string;
    const section = ((await draft.json()) as { sections: { id: string }[] }).sections[0]!.id;
    const put = await fetch(`${api}/sections/${section}`, {
      method: 'PUT',
      headers: { ...headers, 'If-Match': etag },
      body: JSON.stringify({ title: HOSTILE_TITLE, body: HOSTILE_BODY }),
    });
    expect(put.status).toBe(200);
    etag = put.headers.get('etag') as string;
    for (const action of ['review', 'publish']) {
      const res = await fetch(`${api}/${action}`, { method: 'POST', headers: { ...headers, 'If-Match': etag } });
      expect(res.status).toBe(200);
      etag = res.headers.get('etag') as string;
    }

    const html = await (await fetch(`${server.base}/booklets/contact-the-ombudsman/en`)).text();
    expect(html).not.toMatch(/<script|<img src=x|<style>body|<b onmouseover/i);
    expect(html).toContain('&lt;script&gt;alert(');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).toContain('<h2>&lt;b onmouseover&#x3D;alert(1)&gt;{{title}}&lt;/b&gt;</h2>');
    expect(html).toContain('{{constructor.constructor(');
    expect(html).toContain('{{&gt; layout}} {{{raw}}}');
    expect(html).toContain('&amp;lt;b&amp;gt; &amp;amp;');

    const pdf = await fetch(`${server.base}/booklets/contact-the-ombudsman/en.pdf`);
    expect(pdf.status).toBe(200);
    const text = normalizeSpace(documentText(await extractPdf(Buffer.from(await pdf.arrayBuffer()))));
    expect(text).toContain('<script>alert(');
    expect(text).toContain('{{constructor.constructor(');
    expect(text).toContain('<b onmouseover=alert(1)>{{title}}</b>');
    expect(text).toContain('&lt;b&gt; &amp;');
  }, 120_000);

  it(`${COUNT} malformed or hostile requests (seed ${SEED}): no 5xx, no stack trace, the server stays up`, async () => {
    const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => createKey(dbPath, 'translator', `Fuzz translator ${i}`, ['uk'])));
    const translation = '/api/v1/booklets/right-to-information/translations/uk';
    const draft = await fetch(`${server!.base}${translation}?version=draft`, { headers: { Authorization: `Bearer ${keys[0]}` } });
    let etag = draft.headers.get('etag') as string;
    const sectionIds = ((await draft.json()) as { sections: { id: string }[] }).sections.map((s) => s.id);
    const cases = fuzzCases(SEED, COUNT, { translation, sectionIds, keys, etag: () => etag });

    const started = Date.now();
    const outcomes: Outcome[] = new Array(cases.length);
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        const c = cases[i]!;
        outcomes[i] = await send(server!.port, c.name, c.bytes, c.complete ? 15_000 : 1_500);
        // A successful XLIFF import moves the language on: later uploads need its new ETag.
        const newTag = outcomes[i].status === 200 ? /\r\nETag: ("[^"]+")/i.exec(outcomes[i].text)?.[1] : undefined;
        if (newTag && /^"right-to-information\.uk\./.test(newTag)) etag = newTag;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const ms = Date.now() - started;

    const serverErrors = outcomes
      .filter((o) => o.status !== null && o.status >= 500)
      .map((o) => `${o.status} ${o.name}: ${o.text.slice(0, 300)}`);
    const leaks = outcomes.filter((o) => LEAK.test(o.text)).map((o) => `${o.name}: ${LEAK.exec(o.text)?.[0]}`);
    const hung = outcomes.filter((o, i) => o.note === 'no answer in time' && cases[i]!.complete).map((o) => o.name);
    expect(serverErrors).toEqual([]);
    expect(leaks).toEqual([]);
    expect(hung).toEqual([]);
    expect(server!.child.exitCode).toBeNull();
    const health = await fetch(`${server!.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(server!.output()).not.toMatch(/"level":"?(error|50)|request failed/);

    if (process.env.FUZZ_VERBOSE) for (const o of outcomes) if (o.status === null) console.log(o.note, o.name);
    const byStatus = new Map<string, number>();
    for (const o of outcomes) byStatus.set(String(o.status ?? o.note), (byStatus.get(String(o.status ?? o.note)) ?? 0) + 1);
    console.log(
      `fuzz (seed ${SEED}): ${outcomes.length} requests in ${ms} ms, ${CONCURRENCY} at a time; answers: ` +
        [...byStatus]
          .sort()
          .map(([k, v]) => `${k}×${v}`)
          .join(', ') +
        '; 0 5xx, 0 stack traces, /healthz 200',
    );
  }, 120_000);
});
