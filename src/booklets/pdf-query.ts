import { z } from 'zod';
import { badRequest, ProblemField } from '../errors';
import { LANGUAGE_CODE } from '../identifiers';
import { PAGE_LAYOUTS, PAPER_SIZES, PDF_PROFILES } from '../rendering/pdf/options';

const once = (name: string, accepted: readonly string[]) =>
  z
    .string({ message: `${name} must be given once, as one of: ${accepted.join(', ')}` })
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(accepted as [string, ...string[]], { message: `${name} must be one of: ${accepted.join(', ')}` }));

/** Query parameters of a PDF download. Anything else in the query is ignored. */
const PdfQuerySchema = z.object({
  size: once('size', PAPER_SIZES).optional(),
  layout: once('layout', PAGE_LAYOUTS).optional(),
  profile: once('profile', PDF_PROFILES).optional(),
  with: z
    .string({ message: 'with must be given once, as a language code' })
    .max(12, 'with must be a language code such as "az"')
    .regex(LANGUAGE_CODE, 'with must be a language code such as "az"')
    .transform((v) => v.toLowerCase())
    .optional(),
});

export interface PdfQuery {
  size: (typeof PAPER_SIZES)[number];
  layout: (typeof PAGE_LAYOUTS)[number];
  profile: (typeof PDF_PROFILES)[number];
  with?: string;
}

/**
 * Reads size, layout, profile and with from a PDF URL's query; a bad value is a 400 whose message
 * lists the accepted values. `languages` are the booklet's published languages (for `with`).
 */
export function parsePdfQuery(query: unknown, lang: string, languages: readonly string[]): PdfQuery {
  const parsed = PdfQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const fields: ProblemField[] = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), message: i.message }));
    throw badRequest(fields.map((f) => f.message).join('; '), fields);
  }
  const q = parsed.data;
  const result: PdfQuery = {
    size: (q.size ?? 'a4') as PdfQuery['size'],
    layout: (q.layout ?? 'pages') as PdfQuery['layout'],
    profile: (q.profile ?? 'accessible') as PdfQuery['profile'],
  };
  if (result.layout === 'booklet' && result.size === 'letter') {
    throw badRequest('layout=booklet prints A5 pages on A4 sheets: use it with size=a4 or size=a5', [
      { field: 'size', message: 'must be a4 or a5 with layout=booklet' },
    ]);
  }
  if (q.with !== undefined) {
    const others = languages.filter((l) => l !== lang);
    if (!others.includes(q.with)) {
      const message = `with must be another language of this booklet: one of ${others.join(', ') || '(none)'}`;
      throw badRequest(message, [{ field: 'with', message }]);
    }
    result.with = q.with;
  }
  return result;
}
