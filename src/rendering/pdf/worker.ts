import { move } from 'piscina';
import type { LayoutDocument } from '../layout/model';
import { renderPdf } from './index';
import type { PdfOptions } from './options';

/** A render job: the layout model and how to print it (both plain data, cloned into the thread). */
export interface PdfJob {
  doc: LayoutDocument;
  options: PdfOptions;
}

/**
 * Worker-thread entry of the render pool: renders one job and hands the bytes back without
 * copying them (the buffer is transferred). Fonts stay parsed in this thread between jobs.
 */
export default async function renderInWorker({ doc, options }: PdfJob): Promise<Uint8Array> {
  const pdf = await renderPdf(doc, options);
  const bytes = new Uint8Array(pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength));
  return move(bytes) as Uint8Array;
}
