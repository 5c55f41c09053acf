import type { RequestHandler } from 'express';
import { readOnly } from '../errors';
import { setErrorFormat } from './error-handler';

/** Methods that only read. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * On a read-only copy: API writes are refused with 503 read-only (the problem names the primary
 * instance); reads go on as usual.
 */
export function refuseApiWrites(primaryUrl: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (READS.has(req.method)) {
      next();
      return;
    }
    throw readOnly(primaryUrl);
  };
}

/**
 * On a read-only copy, /admin (signing in, editing) is refused whatever the method: a page in the
 * editor's language says that this copy is read-only and where to go instead.
 */
export function refuseEditing(primaryUrl: string | undefined): RequestHandler {
  return (_req, res) => {
    setErrorFormat(res, 'html');
    throw readOnly(primaryUrl);
  };
}
