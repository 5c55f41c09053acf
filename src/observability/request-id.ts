import crypto from 'node:crypto';

/** What an incoming X-Request-Id may look like to be kept: ≤ 64 characters of [A-Za-z0-9._-]. */
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The id of a request: the caller's X-Request-Id when it is sane (a proxy in front may have set
 * one, so lines of both can be joined), else a new random one. Anything else — too long, other
 * characters, several values — is replaced, never logged.
 */
export function requestIdOf(header: string | string[] | undefined): string {
  if (typeof header === 'string' && ACCEPTED.test(header)) return header;
  return crypto.randomUUID();
}
