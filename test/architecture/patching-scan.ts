import ts from 'typescript';

/** One place where source code patches another object or reads a private field. */
export interface Finding {
  file: string;
  line: number;
  rule: string;
  text: string;
}

function isFunctionLike(node: ts.Expression): boolean {
  const inner = ts.isParenthesizedExpression(node) ? node.expression : node;
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return true;
  // `x.method = other.method.bind(other)`: a method replaced by a bound one.
  return ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind';
}

function isThis(node: ts.Expression): boolean {
  return node.kind === ts.SyntaxKind.ThisKeyword;
}

/**
 * Scans one TypeScript source (its syntax tree, so comments and strings of other text are never
 * matched) for:
 * - a function assigned to a property of an object other than `this` (`x.method = () => …`,
 *   `x['method'] = function …`, `X.prototype.m = …`): a method overwritten at run time;
 * - Object.defineProperty / defineProperties and Reflect.defineProperty: a property trap;
 * - Express's private `'trust proxy fn'` setting, a router's undocumented `stack` of layers, and
 *   `_handle` (Node's private handles);
 * - reading or writing an underscore-named field of another object (`x._font`), unless
 *   `privateFieldsAllowed` (the pdfkit/fontkit adapters).
 */
export function scanSource(file: string, text: string, privateFieldsAllowed = false): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, rule: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ file, line: line + 1, rule, text: node.getText(source).split('\n')[0]?.slice(0, 120) ?? '' });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      if ((ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && !isThis(target.expression)) {
        if (isFunctionLike(node.right)) report(node, "assigns a function to another object's property (overwrites a method)");
        else if (/\.prototype\b/.test(target.getText(source))) report(node, 'assigns to a prototype');
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(source).replace(/\s+/g, '');
      if (/^(Object\.defineProperty|Object\.defineProperties|Reflect\.defineProperty|Object\.setPrototypeOf)$/.test(callee)) {
        report(node, `calls ${callee} (a property trap or a changed prototype)`);
      }
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text === 'trust proxy fn') {
      report(node, "reads Express's private 'trust proxy fn' setting");
    }
    if (ts.isIdentifier(node) && node.text === '_handle') report(node, 'uses a private _handle');
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === 'stack' &&
      /\b(router|app)\b|stack:\s*\w*Layer/i.test(node.expression.getText(source))
    ) {
      report(node, "reads a router's stack of layers (Express internals)");
    }
    if (!privateFieldsAllowed) {
      if (ts.isPropertyAccessExpression(node) && !isThis(node.expression) && /^_[A-Za-z]/.test(node.name.text)) {
        report(node, `reaches into a private field (${node.name.text})`);
      }
      if (
        ts.isElementAccessExpression(node) &&
        ts.isStringLiteral(node.argumentExpression) &&
        /^_[A-Za-z]/.test(node.argumentExpression.text)
      ) {
        report(node, `reaches into a private field (${node.argumentExpression.text})`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}
