import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Languages are data (the `languages` table): no code path may single one out. The source code is
 * read with TypeScript's own scanner, so comments and examples inside longer messages ("such as
 * \"uk\"") do not count; a string literal that is exactly a language code does. The one exception
 * is the language the interface strings are written in (DEFAULT_LANGUAGE), and the migration that
 * seeds the first six rows.
 */
const ROOT = path.join(__dirname, '../..');
const CODES = ['en', 'az', 'uk', 'ru', 'ar', 'fa', 'prs', 'ps', 'ckb', 'kmr', 'ur', 'tr', 'fr', 'so', 'ti', 'ka', 'hy', 'he'];
const ALLOWED = new Map([['src/i18n/languages.ts', ["'en'"]]]);
const SEED = 'src/storage/migrations.ts';

function files(dir: string, ext: RegExp): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

function languageLiterals(file: string): string[] {
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    ts.LanguageVariant.Standard,
    fs.readFileSync(path.join(ROOT, file), 'utf8'),
  );
  const found: string[] = [];
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token === ts.SyntaxKind.CloseBraceToken) token = scanner.reScanTemplateToken(false);
    if (
      (token === ts.SyntaxKind.StringLiteral || token === ts.SyntaxKind.NoSubstitutionTemplateLiteral) &&
      CODES.includes(scanner.getTokenValue().toLowerCase())
    ) {
      found.push(scanner.getTokenText());
    }
  }
  return found;
}

describe('no language is singled out in the code', () => {
  it("no string literal in src/ is a language code (but the interface strings' own language)", () => {
    const offending = files('src', /\.ts$/)
      .filter((f) => f !== SEED)
      .flatMap((f) =>
        languageLiterals(f)
          .filter((lit) => !(ALLOWED.get(f) ?? []).includes(lit))
          .map((lit) => `${f}: ${lit}`),
      );
    expect(offending).toEqual([]);
  });

  it('no template or stylesheet names a language (:lang(), lang="…", (eq lang "…"))', () => {
    const pattern = new RegExp(`:lang\\(|lang="(${CODES.join('|')})"|"(${CODES.join('|')})"\\)|\\(eq [^)]*"(${CODES.join('|')})"`, 'g');
    const offending = files('templates', /\.(hbs|css)$/).flatMap((f) =>
      [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(pattern)].map((m) => `${f}: ${m[0]}`),
    );
    expect(offending).toEqual([]);
  });

  it('would notice one (the scanner sees literals, not comments)', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test-artifacts', 'branches-'));
    try {
      const file = path.join(dir, 'x.ts');
      fs.writeFileSync(file, "// 'fa' in a comment\nconst rtl = lang === 'fa' || `ar` === lang;\nconst msg = 'such as \"uk\"';\n");
      expect(languageLiterals(path.relative(ROOT, file))).toEqual(["'fa'", '`ar`']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
