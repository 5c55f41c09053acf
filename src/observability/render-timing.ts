import type { HtmlRenderer } from '../rendering/html';
import type { PdfJob, PdfJobRenderer } from '../rendering/pdf-job';
import type { Metrics } from './metrics';
import { variantMetricLabel } from '../rendering/variant';

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Times each PDF render (a cache miss): layout and pdfkit, in the worker pool when there is one,
 * including the wait for a free thread — the time a reader waits.
 */
export function timePdfJobs(render: PdfJobRenderer, metrics: Metrics): PdfJobRenderer {
  return async (job) => {
    const start = process.hrtime.bigint();
    const pdf = await render(job);
    metrics.observeRender('pdf', job.content.lang, variantMetricLabel({ ...job.variant, with: job.companion?.lang }), seconds(start));
    return pdf;
  };
}

/**
 * Times the HTML templates of booklet pages (variant "page", or "offline" for the self-contained
 * copy) and of the catalog (variant "catalog"). Only misses reach the renderer: hits come from the
 * render cache.
 */
export function timeHtmlRenderer(html: HtmlRenderer, metrics: Metrics): HtmlRenderer {
  const booklet = html.booklet.bind(html);
  const catalog = html.catalog.bind(html);
  html.booklet = (...args: Parameters<HtmlRenderer['booklet']>) => {
    const start = process.hrtime.bigint();
    const out = booklet(...args);
    metrics.observeRender('html', args[0].lang, args[1].inlineCss ? 'offline' : 'page', seconds(start));
    return out;
  };
  html.catalog = (...args: Parameters<HtmlRenderer['catalog']>) => {
    const start = process.hrtime.bigint();
    const out = catalog(...args);
    metrics.observeRender('html', args[0].lang, 'catalog', seconds(start));
    return out;
  };
  return html;
}
