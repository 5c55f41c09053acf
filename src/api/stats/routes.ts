import type { Routes } from '../../http/methods';
import { requireRole } from '../../http/auth';
import { statsPeriod } from '../../stats/period';
import type { ApiDeps } from '../deps';
import { query } from '../request';
import { StatsQuery } from './schema';

/**
 * /stats/downloads?from=&to=&booklet= (editors and admins): download counts per day, booklet,
 * language and format.
 */
export function addStatsRoutes(router: Routes, deps: ApiDeps): void {
  router.get('/stats/downloads', (req, res) => {
    requireRole(req, 'editor');
    const asked = query(req, StatsQuery);
    const { from, to } = statsPeriod(asked, deps.downloads.today());
    if (asked.booklet !== undefined) deps.booklets.sourceOf(asked.booklet);
    const rows = deps.downloads.query(from, to, asked.booklet);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      from,
      to,
      booklet: asked.booklet ?? null,
      total: rows.reduce((n, r) => n + r.count, 0),
      downloads: rows.map((r) => ({ day: r.day, booklet: r.slug, lang: r.lang, format: r.format, count: r.count })),
    });
  });
}
