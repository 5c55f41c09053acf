import type { PdfJobRenderer } from '../rendering/pdf-job';
import { RenderRecorder, secondsSince } from '../rendering/recorder';
import { variantMetricLabel } from '../rendering/variant';

/**
 * Times each PDF render (a cache miss): layout and pdfkit, in the worker pool when there is one,
 * including the wait for a free thread — the time a reader waits. A decorator: it returns a new
 * renderer function around the given one and changes nothing of it. (HTML renders are timed by
 * HtmlRenderer itself, through the recorder it is constructed with.)
 */
export function timePdfJobs(render: PdfJobRenderer, recorder: RenderRecorder): PdfJobRenderer {
  return async (job) => {
    const start = process.hrtime.bigint();
    const pdf = await render(job);
    recorder.observeRender('pdf', job.content.lang, variantMetricLabel({ ...job.variant, with: job.companion?.lang }), secondsSince(start));
    return pdf;
  };
}
