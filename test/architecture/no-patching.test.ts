import fs from 'node:fs';
import path from 'node:path';
import { Finding, scanSource } from './patching-scan';

const SRC = path.join(__dirname, '..', '..', 'src');

/**
 * The adapters between our PDF code and pdfkit/fontkit, the files under src/rendering/pdf/pdfkit/:
 * pdfkit has no public API for what they do (object streams, batched content, shared font subsets,
 * the structure tree, bookmarks, XMP escaping, fontkit's glyph cache), so they — and only they — may
 * replace pdfkit's methods and read its underscore fields. test/rendering/pdf/pdfkit/internals.test.ts
 * checks that what they rely on exists.
 */
const ADAPTER_FOLDER = 'rendering/pdf/pdfkit/';
const ADAPTERS = /^rendering\/pdf\/pdfkit\/[a-z-]+\.ts$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function scanTree(): Finding[] {
  return sourceFiles(SRC).flatMap((file) => {
    const relative = path.relative(SRC, file).split(path.sep).join('/');
    const adapter = ADAPTERS.test(relative);
    return scanSource(relative, fs.readFileSync(file, 'utf8'), adapter).filter(
      // Adapters may replace pdfkit's methods; nothing else may, and nobody may trap properties.
      (f) => !(adapter && f.rule.startsWith('assigns a function')),
    );
  });
}

const show = (findings: Finding[]) => findings.map((f) => `src/${f.file}:${f.line} ${f.rule}: ${f.text}`).join('\n');

describe('no code patches another object', () => {
  it("no file in src/ overwrites another object's method, traps a property or reads a private field (outside the pdfkit/fontkit adapters)", () => {
    const findings = scanTree();
    expect(show(findings)).toBe('');
  });

  it('the adapters that may reach into pdfkit and fontkit are few, and are the files under src/rendering/pdf/pdfkit/', () => {
    const files = sourceFiles(SRC).map((file) => path.relative(SRC, file).split(path.sep).join('/'));
    const adapters = files.filter((f) => ADAPTERS.test(f));
    expect(adapters.length).toBeGreaterThan(0);
    expect(adapters.length).toBeLessThanOrEqual(8);
    // Every file under the folder is one (no subfolders or other names that would escape the rule).
    expect(files.filter((f) => f.startsWith(ADAPTER_FOLDER) && !ADAPTERS.test(f))).toEqual([]);
  });
});

describe('the patching check', () => {
  const rulesOf = (text: string, adapter = false) => scanSource('example.ts', text, adapter).map((f) => f.rule);

  it('catches a method of another object overwritten with an arrow function, a function or a bound method', () => {
    expect(rulesOf('html.booklet = (...args) => render(...args);')).toHaveLength(1);
    expect(rulesOf("doc['end'] = function () { return 1; };")).toHaveLength(1);
    expect(rulesOf('renderer.catalog = other.catalog.bind(other);')).toHaveLength(1);
    expect(rulesOf('Foo.prototype.bar = 1;')).toEqual(['assigns to a prototype']);
  });

  it("catches a property trap, Express's private trust setting and a private handle", () => {
    expect(rulesOf("Object.defineProperty(req, 'route', { get: () => 1 });")[0]).toMatch(/defineProperty/);
    expect(rulesOf("const trust = app.get('trust proxy fn');")[0]).toMatch(/trust proxy fn/);
    expect(rulesOf('const fd = socket._handle.fd;')).toContain('uses a private _handle');
    expect(rulesOf('for (const layer of (router as unknown as { stack: RouteLayer[] }).stack) {}')).toEqual([
      "reads a router's stack of layers (Express internals)",
    ]);
    expect(rulesOf('const layers = app.router.stack;')).toHaveLength(1);
    expect(rulesOf('const trace = error.stack;')).toEqual([]);
  });

  it('catches a private field read outside an adapter, and lets an adapter read it', () => {
    expect(rulesOf('const glyphs = font._glyphs;')).toEqual(['reaches into a private field (_glyphs)']);
    expect(rulesOf('const glyphs = font._glyphs;', true)).toEqual([]);
  });

  it('leaves alone what only looks like a patch: comments, strings, own fields and plain values', () => {
    const text = [
      '// html.booklet = () => 1; Object.defineProperty(x, "y", {});',
      "const words = 'x.method = () => y; trust proxy fn is private';",
      'class A { f = 1; constructor() { this.run = () => 1; } run: () => number; }',
      'chrome.homeHref = links.catalog(lang);',
      'const piece = { ...first, draw: (top: number) => first.draw(top) };',
    ].join('\n');
    expect(rulesOf(text)).toEqual([]);
  });
});
