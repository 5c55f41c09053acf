import type { PageLayout, PaperSize, PdfProfile } from './pdf/options';

/**
 * One print variant of a booklet's PDF, as a reader's address asks for it: everything that makes one
 * PDF differ from another apart from the booklet and its language. Every name a variant has — in
 * cache keys and the export's manifest, in file names, in metrics and in download counts — is made
 * here from this one value.
 */
export interface Variant {
  size: PaperSize;
  layout: PageLayout;
  profile: PdfProfile;
  /** The second language of a bilingual edition. */
  with?: string | undefined;
  /** A preview of unpublished text (never under a reader's address). */
  draft?: boolean | undefined;
}

/** A4, one page per side, tagged for accessibility: the PDF a booklet's page links to. */
export const DEFAULT_VARIANT: Readonly<Variant> = { size: 'a4', layout: 'pages', profile: 'accessible' };

/** The parts in which a variant differs from the default, in a fixed order. */
function differences(v: Variant): { size?: string; layout?: string; profile?: string } {
  return {
    ...(v.size !== DEFAULT_VARIANT.size ? { size: v.size } : {}),
    ...(v.layout !== DEFAULT_VARIANT.layout ? { layout: v.layout } : {}),
    ...(v.profile !== DEFAULT_VARIANT.profile ? { profile: v.profile } : {}),
  };
}

/**
 * A short, stable, complete name: "a4", "a4-booklet-with-az", "a4-archive-draft". Cache keys and the
 * export's manifest use it; a draft never shares a name with a published PDF.
 */
export function variantName(v: Variant): string {
  const d = differences(v);
  return [v.size, d.layout, d.profile, v.with ? `with-${v.with}` : undefined, v.draft === true ? 'draft' : undefined]
    .filter(Boolean)
    .join('-');
}

/** What a downloaded file's name adds to `<slug>-<lang>`: "" for the default, "-booklet-az". */
export function variantFileSuffix(v: Variant): string {
  const d = differences(v);
  const parts = [d.size, d.layout, d.profile, v.with].filter(Boolean);
  return parts.length > 0 ? `-${parts.join('-')}` : '';
}

/** The metric label of renders: "a4", "a4-booklet", "a4-archive-bilingual" (languages are a label of their own). */
export function variantMetricLabel(v: Variant): string {
  const d = differences(v);
  return [v.size, d.layout, d.profile, v.with ? 'bilingual' : undefined].filter(Boolean).join('-');
}

/** The format download counts keep: "pdf" for the default, else "pdf-booklet", "pdf-bilingual", … */
export function variantDownloadFormat(v: Variant): string {
  const d = differences(v);
  const parts = [d.size, d.layout, d.profile, v.with ? 'bilingual' : undefined].filter(Boolean);
  return parts.length > 0 ? `pdf-${parts.join('-')}` : 'pdf';
}
