import crypto from 'node:crypto';

/**
 * The Content-Security-Policy of a self-contained offline copy: nothing may load (default-src
 * 'none'), and the one inline stylesheet is allowed by its hash, so the file stays inert wherever
 * it is opened: from the service, from file://, or in a messaging app's viewer.
 */
export function offlineCsp(inlineCss: string): string {
  const hash = crypto.createHash('sha256').update(inlineCss, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}
