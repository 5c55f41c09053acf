import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { PROBLEMS } from '../../src/errors';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Where a source makes an AppError directly, or declares an Express error handler (four parameters typed as one). */
function findings(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') {
      found.push(`${file}:${line} new AppError(…): use a named factory of src/errors.ts`);
    }
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && node.typeName.text === 'ErrorRequestHandler') {
      found.push(`${file}:${line} an error handler: errors are answered by src/http/error-handler.ts only`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('one error vocabulary', () => {
  it('no file but src/errors.ts makes an AppError directly, and no file but src/http/error-handler.ts answers errors', () => {
    const all = sourceFiles(SRC).flatMap((full) => {
      const file = path.relative(ROOT, full).split(path.sep).join('/');
      return findings(file, fs.readFileSync(full, 'utf8')).filter(
        (f) =>
          !(file === 'src/errors.ts' && f.includes('new AppError')) &&
          !(file === 'src/http/error-handler.ts' && f.includes('error handler')),
      );
    });
    expect(all).toEqual([]);
  });

  it('the check catches both', () => {
    expect(findings('x.ts', "throw new AppError('not-found', 'gone');")).toHaveLength(1);
    expect(findings('x.ts', 'const h: ErrorRequestHandler = (err, req, res, next) => next();')).toHaveLength(1);
    expect(findings('x.ts', "throw notFound('gone');")).toEqual([]);
  });

  it('every problem id has one status and is documented in docs/api.md with it', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
    for (const [id, status] of Object.entries(PROBLEMS)) {
      const row = doc.split('\n').find((l) => l.includes(`\`/problems/${id}\``));
      expect({ id, row: row?.startsWith(`| ${status} |`) }).toEqual({ id, row: true });
    }
  });
});
