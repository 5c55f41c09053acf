import { BodySyntaxError, parseBody } from '../content/markdown';
import { ProblemField, unprocessable } from '../errors';

const MAX_TITLE = 300;
const MAX_BODY = 100_000;

/**
 * Control characters (other than tab and line breaks), U+FFFE/U+FFFF and unpaired surrogates: no
 * reader sees them, XML 1.0 (XLIFF) cannot carry them, and they would block a language's export.
 * Returns the first one as "U+XXXX", or undefined.
 */
export function unshowableCharacter(text: string): string | undefined {
  const m =
    // eslint-disable-next-line no-control-regex -- control characters are what this finds
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(
      text,
    );
  return m ? `U+${(m[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** Title and body rules, with 422 naming the field and the line. */
export function validateSection(input: { title: string; body: string }): void {
  const fields: ProblemField[] = [];
  if (input.title.trim() === '') fields.push({ field: 'title', message: 'must not be empty', code: 'empty' });
  if (input.title.length > MAX_TITLE)
    fields.push({
      field: 'title',
      message: `must be at most ${MAX_TITLE} characters`,
      code: 'tooLong',
      params: { max: MAX_TITLE, length: input.title.length },
    });
  if (/[\r\n]/.test(input.title)) fields.push({ field: 'title', message: 'must be one line', code: 'oneLine' });
  if (input.body.trim() === '') fields.push({ field: 'body', message: 'must not be empty', code: 'empty' });
  if (input.body.length > MAX_BODY)
    fields.push({
      field: 'body',
      message: `must be at most ${MAX_BODY} characters`,
      code: 'tooLong',
      params: { max: MAX_BODY, length: input.body.length },
    });
  for (const field of ['title', 'body'] as const) {
    const bad = unshowableCharacter(input[field]);
    if (bad)
      fields.push({
        field,
        message: `contains ${bad}, a character that cannot be shown, printed or exported to XLIFF: remove it`,
        code: 'unshowable',
        params: { char: bad },
      });
  }
  if (fields.length === 0) fields.push(...bodySyntaxProblems(input.body));
  if (fields.length > 0) throw unprocessable(fields.map((f) => `${f.field} ${f.message}`).join('; '), fields);
}

/** The body's Markdown problems, one field per problem with its line. */
function bodySyntaxProblems(body: string): ProblemField[] {
  try {
    parseBody(body);
    return [];
  } catch (e) {
    if (!(e instanceof BodySyntaxError)) throw e;
    return e.problems.map((p) => ({
      field: 'body',
      message: `line ${p.line}: ${p.message}`,
      code: p.code,
      params: { line: p.line, ...p.params },
    }));
  }
}
