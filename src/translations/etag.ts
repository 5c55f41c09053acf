import { preconditionFailed, preconditionRequired } from '../errors';

/** The ETag of a language of a booklet at a revision (the latest text, which writes change). */
export function languageEtag(slug: string, lang: string, revision: number): string {
  return `"${slug}.${lang}.${revision}"`;
}

/**
 * The ETag of a language's published text, which differs from the latest text's: a write based on
 * the published text must not pass for one based on the draft (If-Match), and a reader of the draft
 * must not be told it has not changed (If-None-Match) because it has the published text.
 */
export function publishedEtag(slug: string, lang: string, publicationId: number): string {
  return `"${slug}.${lang}.published.${publicationId}"`;
}

/**
 * Checks If-Match against the current ETag: 428 without it, 412 when stale. "*" matches only an
 * existing resource. The comparison is strong (RFC 9110): a weak tag (W/"…") never matches.
 */
export function checkIfMatch(header: string | undefined, current: string, exists: boolean): void {
  if (header === undefined || header.trim() === '') throw preconditionRequired(current);
  const tags = strongTags(header);
  if (tags.includes('*') ? !exists : !tags.includes(current)) throw preconditionFailed(current);
}

/** Whether an If-Match header names `current` (strongly) or is "*". */
export function ifMatchIncludes(header: string, current: string): boolean {
  const tags = strongTags(header);
  return tags.includes('*') || tags.includes(current);
}

/** The tags of an If-Match header that can match: weak ones (W/"…") never do. */
function strongTags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => !t.startsWith('W/'));
}
