import { z } from 'zod';

/**
 * A path inside an export: forward slashes, no "..", no leading slash, only the characters the
 * exporter itself writes. Checked again when a previous manifest is read, because --force deletes
 * the files an earlier manifest lists: a tampered manifest must not reach outside the folder.
 */
export const ExportPathSchema = z
  .string()
  .max(200)
  // Every segment starts with a letter or digit, so "." and ".." segments cannot occur.
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, 'must be a relative path inside the export');

export const FILE_KINDS = ['catalog', 'page', 'offline', 'pdf', 'css'] as const;

export const ManifestFileSchema = z.object({
  path: ExportPathSchema,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string(),
  kind: z.enum(FILE_KINDS),
  slug: z.string().optional(),
  lang: z.string().optional(),
  /** The edition id (as in the service's immutable URLs) of the booklet text in this file. */
  edition: z.string().optional(),
  /** PDF variant: size, layout, profile and companion language, e.g. "a4", "a4-booklet", "a4-with-en". */
  variant: z.string().optional(),
});

export const ManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  /** The online service the offline copies and PDFs link to. */
  baseUrl: z.string(),
  defaultLanguage: z.string(),
  booklets: z.array(
    z.object({
      slug: z.string(),
      sourceLang: z.string(),
      languages: z.array(z.object({ lang: z.string(), title: z.string(), edition: z.string(), publishedAt: z.string() })),
    }),
  ),
  /** Every file of the export except manifest.json itself, each exactly once, sorted by path. */
  files: z.array(ManifestFileSchema),
});

export type ManifestFile = z.infer<typeof ManifestFileSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * The file paths listed by a previous export's manifest, or undefined when there is none or it is
 * not one of ours (then --force only overwrites, it never deletes).
 */
export function previousFiles(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = z.object({ format: z.literal(1), files: z.array(z.object({ path: ExportPathSchema })) }).safeParse(json);
  return parsed.success ? parsed.data.files.map((f) => f.path) : undefined;
}
