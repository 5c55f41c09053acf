import { preconditionFailed, preconditionRequired } from './errors';

/** The ETag of a language of a booklet at a revision. */
export function languageEtag(slug: string, lang: string, revision: number): string {
  return `"${slug}.${lang}.${revision}"`;
}

/**
 * Checks If-Match against the current ETag: 428 without it, 412 when stale. "*" matches only an
 * existing resource.
 */
export function checkIfMatch(header: string | undefined, current: string, exists: boolean): void {
  if (header === undefined || header.trim() === '') throw preconditionRequired(current);
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') ? !exists : !tags.includes(current)) throw preconditionFailed(current);
}
