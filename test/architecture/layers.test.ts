import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

/**
 * The flow of the service, bottom to top: each folder (or top-level file) of src/ belongs to one
 * layer and imports only from its own layer and the layers below. A request comes in at the top
 * and goes down; data comes up. docs/architecture.md draws the same picture.
 */
const LAYERS: readonly (readonly string[])[] = [
  // Shared vocabulary and the database.
  ['errors', 'identifiers', 'paths', 'types', 'storage'],
  // Languages and interface text; the booklet text format.
  ['i18n', 'content'],
  // What the institution keeps and changes: booklets, translations and their workflow, languages,
  // interface strings, who may do what, the audit log, webhooks, download counts.
  ['booklets', 'translations', 'languages', 'interface-strings', 'auth', 'audit', 'webhooks', 'stats'],
  // Turning content into pages and PDFs (layout, then HTML and PDF), and the render cache.
  ['rendering'],
  // HTTP: the reader-facing site, the partner API, /admin, and what watches requests.
  ['http', 'site', 'api', 'admin', 'observability'],
  // Putting it together and starting it: the app, configuration, the server, the CLI, the export.
  ['app', 'compose', 'config', 'server', 'shutdown', 'cli', 'export'],
];

const layerOf = new Map(LAYERS.flatMap((areas, layer) => areas.map((a) => [a, layer] as const)));

/** The folder (or top-level file, without .ts) of src/ a path is in. */
function areaOf(file: string): string {
  const parts = path.relative(SRC, file).split(path.sep);
  return parts.length === 1 ? (parts[0] as string).replace(/\.ts$/, '') : (parts[0] as string);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports and re-exports of a source (type-only ones too: they tie the layers as much). */
function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return source.statements.flatMap((s) => {
    if (!(ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) || !s.moduleSpecifier || !ts.isStringLiteral(s.moduleSpecifier))
      return [];
    const spec = s.moduleSpecifier.text;
    return spec.startsWith('.') ? [path.join(path.dirname(file), spec)] : [];
  });
}

/** Imports that go up the flow, as "src/a/x.ts (layer) -> b (layer)". */
function upwardImports(files: { file: string; text: string }[]): string[] {
  return files.flatMap(({ file, text }) => {
    const from = areaOf(file);
    return importsOf(file, text).flatMap((target) => {
      const to = areaOf(target);
      const [a, b] = [layerOf.get(from), layerOf.get(to)];
      if (a === undefined || b === undefined || b <= a) return [];
      return [`${path.relative(ROOT, file)} (${from}, layer ${a + 1}) imports ${to} (layer ${b + 1})`];
    });
  });
}

describe('imports go one way down the flow', () => {
  const files = sourceFiles(SRC).map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));

  it('every folder and top-level file of src/ has a layer', () => {
    const areas = [...new Set(files.map((f) => areaOf(f.file)))].sort();
    expect(areas.filter((a) => !layerOf.has(a))).toEqual([]);
  });

  it('no file imports from a layer above its own', () => {
    expect(upwardImports(files)).toEqual([]);
  });

  it('the check finds an import that goes up', () => {
    const file = path.join(SRC, 'storage', 'example.ts');
    expect(upwardImports([{ file, text: "import { apiRoutes } from '../api';" }])).toHaveLength(1);
    expect(upwardImports([{ file, text: "import type { AppDeps } from '../app';" }])).toHaveLength(1);
    expect(upwardImports([{ file, text: "import { AppError } from '../errors';" }])).toEqual([]);
  });
});
