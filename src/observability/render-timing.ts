import type { HtmlRenderer } from '../rendering/html';
import type { PdfJob, PdfJobRenderer } from '../rendering/pdf-job';
import type { Metrics } from './metrics';

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** "a4", "a5-booklet", "a4-archive", "a4-bilingual", …: the variant label of a PDF job. */
export function pdfVariantLabel(job: PdfJob): string {
  const { size, layout, profile } = job.variant;
  return [size, ...(layout !== 'pages' ? [layout] : []), ...(profile !== 'accessible' ? [profile] : []), ...(job.companion ? ['bilingual'] : [])].join('-');
}

/**
 * Times each PDF render (a cache miss): layout and pdfkit, in the worker pool when there is one,
 * including the wait for a free thread — the time a reader waits.
 */
export function timePdfJobs(render: PdfJobRenderer, metrics: Metrics): PdfJobRenderer {
  return async (job) => {
    const start = process.hrtime.bigint();
    const pdf = await render(job);
    metrics.observeRender('pdf', job.content.lang, pdfVariantLabel(job), seconds(start));
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
