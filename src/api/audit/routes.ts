import type { Routes } from '../../http/methods';
import { requireRole } from '../../http/auth';
import type { ApiDeps } from '../deps';
import { query } from '../request';
import { AuditQuery } from './schema';

/** /audit (admins): who changed what, newest first, a page at a time. */
export function addAuditRoutes(router: Routes, deps: ApiDeps): void {
  router.get('/audit', (req, res) => {
    requireRole(req, 'admin');
    const { limit, before } = query(req, AuditQuery);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ entries: deps.audit.list(limit, before) });
  });
}
