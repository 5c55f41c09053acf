import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exportSite, EXPORT_PDF_EDITIONS, ExportSummary } from '../../src/export/site';
import { Manifest, ManifestSchema } from '../../src/export/manifest';
import { editionOf } from '../../src/rendering/service';
import { createTestApp } from '../helpers/app';
import { references, sectionTexts, visibleText } from '../helpers/html-scan';

const BASE_URL = 'https://booklets.example.org';
const { deps } = createTestApp(path.join(__dirname, '../../booklets'), { baseUrl: BASE_URL });
const root = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'booklets-export-')), 'site');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.pdf': 'application/pdf',
  '.json': 'application/json',
};

/**
 * The plainest static file server: the URL path names a file under `dir`; a folder serves its
 * index.html; nothing is rewritten (no extension guessing, no fallbacks).
 */
function staticServer(dir: string): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let file: string;
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      file = path.join(dir, pathname);
      if (!file.startsWith(dir)) throw new Error('outside');
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const body = fs.readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** Every file under dir, as relative paths with forward slashes. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else out.push(path.relative(dir, path.join(d, e.name)).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Links that stay inside the exported site (not another scheme, not a fragment of the same page). */
const isInternal = (value: string): boolean => !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.startsWith('//') && !value.startsWith('#');

let summary: ExportSummary;
let manifest: Manifest;

beforeAll(async () => {
  summary = await exportSite(deps, root, { baseUrl: BASE_URL });
  manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8')));
}, 300_000);

describe('static export of the sample catalog', () => {
  it('lists every file exactly once in the manifest, with its true size and SHA-256', () => {
    const onDisk = listFiles(root).filter((f) => f !== 'manifest.json');
    const listed = manifest.files.map((f) => f.path);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(onDisk);
    for (const f of manifest.files) {
      const bytes = fs.readFileSync(path.join(root, f.path));
      expect({ path: f.path, bytes: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }).toEqual({
        path: f.path,
        bytes: f.bytes,
        sha256: f.sha256,
      });
    }
    expect(summary.files).toBe(onDisk.length + 1);
    expect(summary.bytes).toBe(manifest.files.reduce((n, f) => n + f.bytes, 0));
    // "Exported 2 booklets in 6 languages": languages counted once, however many booklets have them.
    expect(summary.booklets).toBe(manifest.booklets.length);
    expect(summary.languages).toBe(new Set(manifest.booklets.flatMap((b) => b.languages.map((l) => l.lang))).size);
    // No temporary folder is left next to the export.
    expect(fs.readdirSync(path.dirname(root))).toEqual(['site']);
  });

  it('has every booklet in every published language: page, offline copy and every PDF edition, with the current edition ids', () => {
    const catalog = deps.booklets.catalog();
    expect(catalog.length).toBe(2);
    for (const entry of catalog) {
      for (const { lang } of entry.languages) {
        const content = deps.booklets.read(entry.slug, lang);
        const files = manifest.files.filter((f) => f.slug === entry.slug && f.lang === lang);
        for (const f of files) expect(f.edition).toBe(editionOf(content));
        expect(files.filter((f) => f.kind === 'page').map((f) => f.path)).toEqual([`booklets/${entry.slug}/${lang}.html`]);
        expect(files.filter((f) => f.kind === 'offline').map((f) => f.path)).toEqual([`booklets/${entry.slug}/${lang}.offline.html`]);
        const pdfs = files
          .filter((f) => f.kind === 'pdf')
          .map((f) => f.variant)
          .sort();
        const expected = [
          'a4',
          'a4-archive',
          'a4-booklet',
          'a5',
          'letter',
          ...(lang === entry.sourceLang ? [] : [`a4-with-${entry.sourceLang}`]),
        ].sort();
        expect(pdfs).toEqual(expected);
      }
      const published = manifest.booklets.find((b) => b.slug === entry.slug);
      expect(published?.languages.map((l) => [l.lang, l.edition])).toEqual(
        entry.languages.map((l) => [l.lang, editionOf(deps.booklets.read(entry.slug, l.lang))]),
      );
    }
    expect(EXPORT_PDF_EDITIONS).toHaveLength(6);
    expect(
      manifest.files
        .filter((f) => f.kind === 'catalog')
        .map((f) => f.path)
        .sort(),
    ).toEqual(
      [
        'index.html',
        ...deps.languages
          .active()
          .filter((l) => l.code !== 'en')
          .map((l) => `index.${l.code}.html`),
      ].sort(),
    );
  });

  it('every PDF in the manifest is a PDF', () => {
    const pdfs = manifest.files.filter((f) => f.kind === 'pdf');
    // Five editions in each language of a booklet, and one with the source text in each of its translations.
    expect(pdfs.length).toBe(deps.booklets.catalog().reduce((n, e) => n + e.languages.length * 5 + (e.languages.length - 1), 0));
    for (const f of pdfs) {
      const bytes = fs.readFileSync(path.join(root, f.path));
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/);
      expect(f.contentType).toBe('application/pdf');
    }
  });

  it('a plain static file server serves it as a working site: crawling from / finds no broken link', async () => {
    const server = await staticServer(root);
    try {
      const seen = new Map<string, number>();
      const queue: { url: string; from: string }[] = [{ url: `${server.base}/`, from: '(start)' }];
      const broken: string[] = [];
      const badFragments: string[] = [];
      const pages = new Map<string, string>();
      while (queue.length > 0) {
        const { url, from } = queue.shift() as { url: string; from: string };
        const address = url.split('#')[0] as string;
        if (seen.has(address)) continue;
        const res = await fetch(address);
        seen.set(address, res.status);
        if (res.status !== 200) {
          broken.push(`${address} (linked from ${from}): ${res.status}`);
          continue;
        }
        if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) {
          await res.arrayBuffer();
          continue;
        }
        const html = await res.text();
        pages.set(address, html);
        for (const ref of references(html)) {
          if (ref.value.startsWith('#')) {
            const id = ref.value.slice(1);
            if (id && !html.includes(`id="${id}"`)) badFragments.push(`${address}: ${ref.value}`);
            continue;
          }
          if (!isInternal(ref.value)) continue;
          expect(ref.value).not.toMatch(/^\//); // relative, so it also works from file:// and in a sub-folder
          queue.push({ url: new URL(ref.value, address).href, from: address });
        }
      }
      expect(broken).toEqual([]);
      expect(badFragments).toEqual([]);
      // Every page, offline copy, catalog and the stylesheet can be reached by following links.
      const reachable = new Set([...seen.keys()].map((u) => decodeURIComponent(new URL(u).pathname).replace(/^\//, '') || 'index.html'));
      for (const f of manifest.files.filter((x) => x.kind !== 'pdf')) expect(reachable).toContain(f.path);
      expect(reachable).toContain('booklets/right-to-information/uk.pdf');
      expect(pages.size).toBeGreaterThanOrEqual(6 + 2 * 6 * 2);
    } finally {
      await server.close();
    }
  });

  it('every relative link in every exported page also resolves when the files are opened from file://', () => {
    let checked = 0;
    for (const f of manifest.files.filter((x) => x.path.endsWith('.html'))) {
      const file = path.join(root, f.path);
      const html = fs.readFileSync(file, 'utf8');
      for (const ref of references(html)) {
        if (!isInternal(ref.value)) continue;
        const target = new URL(ref.value, pathToFileURL(file));
        expect(target.protocol).toBe('file:');
        const resolved = fileURLToPath(new URL(target.pathname, 'file://'));
        // A folder does not open its index.html from file://: every link names a file.
        if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile())
          throw new Error(`${f.path}: ${ref.value} does not resolve to a file`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("the exported pages are the service's pages: same text, same languages, right to left for ar and fa", () => {
    for (const lang of ['uk', 'ar', 'fa']) {
      const html = fs.readFileSync(path.join(root, `booklets/right-to-information/${lang}.html`), 'utf8');
      const dir = lang === 'uk' ? 'ltr' : 'rtl';
      expect(html).toContain(`<html lang="${lang}" dir="${dir}">`);
      const text = visibleText(html);
      for (const piece of sectionTexts(deps.render.layout(deps.booklets.read('right-to-information', lang)))) expect(text).toContain(piece);
      const refs = references(html).map((r) => r.value);
      expect(refs).toContain(`../../assets/site.${deps.html.cssHash}.css`);
      expect(refs).toContain(`${lang}.pdf`);
      expect(refs).toContain(`${lang}.offline.html`);
      expect(refs).toContain(lang === 'en' ? '../../index.html' : `../../index.${lang}.html`);
      // There is no print page in a static site: no link to it.
      expect(refs.some((r) => r.includes('print'))).toBe(false);
    }
    const index = fs.readFileSync(path.join(root, 'index.uk.html'), 'utf8');
    const refs = references(index).map((r) => r.value);
    expect(refs).toEqual(
      expect.arrayContaining([
        'index.html',
        'index.ar.html',
        'booklets/right-to-information/uk.html',
        'assets/site.' + deps.html.cssHash + '.css',
      ]),
    );
  });

  it("the offline copies are the service's offline copies, byte for byte", async () => {
    const content = deps.booklets.read('contact-the-ombudsman', 'fa');
    const served = await deps.render.offlineHtml(content);
    expect(fs.readFileSync(path.join(root, 'booklets/contact-the-ombudsman/fa.offline.html')).equals(served.body)).toBe(true);
  });

  it('refuses to write into the non-empty folder again without --force, and changes nothing', async () => {
    const before = manifest.files.map((f) => [f.path, fs.statSync(path.join(root, f.path)).mtimeMs]);
    await expect(exportSite(deps, root, { baseUrl: BASE_URL })).rejects.toThrow(/is not empty.*--force/s);
    expect(manifest.files.map((f) => [f.path, fs.statSync(path.join(root, f.path)).mtimeMs])).toEqual(before);
  });
});
