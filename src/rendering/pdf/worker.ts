import { move } from 'piscina';
import type { LayoutDocument } from '../layout/model';
import { renderPdf } from './index';

/**
 * Worker-thread entry of the render pool: renders one layout model and hands the bytes back
 * without copying them (the buffer is transferred). Fonts stay parsed in this thread between jobs.
 */
export default async function renderInWorker(doc: LayoutDocument): Promise<Uint8Array> {
  const pdf = await renderPdf(doc);
  const bytes = new Uint8Array(pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength));
  return move(bytes) as Uint8Array;
}
