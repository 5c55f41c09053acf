import { z } from 'zod';
import { badRequest, ProblemField } from '../errors';
import { LANGUAGE_CODE } from '../identifiers';
import { BOOKLET_SHEET, PAGE_LAYOUTS, PAPER_SIZES, PDF_PROFILES } from '../rendering/pdf/options';
import { DEFAULT_VARIANT, Variant } from '../rendering/variant';

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

/** The query parameters a PDF address may carry: the print variant. */
export const PDF_QUERY_PARAMS: readonly string[] = Object.keys(PdfQuerySchema.shape);

/**
 * Reads size, layout, profile and with from a PDF address's query; a bad value is a 400 whose message
 * lists the accepted values. Whether `with` names another language of the booklet is checked by
 * requireCompanion, once the booklet is known.
 */
export function parsePdfQuery(query: unknown): Variant {
  const parsed = PdfQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const fields: ProblemField[] = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'query'), message: i.message }));
    throw badRequest(fields.map((f) => f.message).join('; '), fields);
  }
  const q = parsed.data;
  const variant: Variant = {
    size: (q.size ?? DEFAULT_VARIANT.size) as Variant['size'],
    layout: (q.layout ?? DEFAULT_VARIANT.layout) as Variant['layout'],
    profile: (q.profile ?? DEFAULT_VARIANT.profile) as Variant['profile'],
    ...(q.with !== undefined ? { with: q.with } : {}),
  };
  if (variant.layout === 'booklet' && variant.size !== BOOKLET_SHEET) {
    throw badRequest('layout=booklet prints A5 pages on A4 sheets: leave size out or use size=a4', [
      { field: 'size', message: 'must be a4 (or left out) with layout=booklet' },
    ]);
  }
  return variant;
}

/** 400 unless the second language of a bilingual variant is another of the booklet's `languages`. */
export function requireCompanion(variant: Variant, lang: string, languages: readonly string[]): void {
  if (variant.with === undefined) return;
  const others = languages.filter((l) => l !== lang);
  if (!others.includes(variant.with)) {
    const message = `with must be another language of this booklet: one of ${others.join(', ') || '(none)'}`;
    throw badRequest(message, [{ field: 'with', message }]);
  }
}
