import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest } from '../errors';
import { sendOutput } from '../http/send';
import type { HtmlRenderer } from '../rendering/html';
import { offlineCsp } from '../rendering/offline';
import type { RenderService } from '../rendering/service';
import type { ReadableBooklet } from '../booklets/service';

const DownloadSchema = z.literal('1', { message: 'download must be 1 (download=1 saves the booklet as one HTML file)' }).optional();

/** Whether a booklet page request asks for the offline copy (`?download=1`); any other value is a 400. */
export function wantsOfflineCopy(query: Request['query']): boolean {
  const parsed = DownloadSchema.safeParse(query.download);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'download must be 1';
    throw badRequest(message, [{ field: 'download', message }]);
  }
  return parsed.data === '1';
}

/**
 * Sends the offline copy (the caller names the file with Content-Disposition: attachment). Its Content-Security-Policy allows exactly its own inline stylesheet and
 * nothing else, replacing the site-wide policy for this one response.
 */
export async function sendOfflineCopy(
  req: Request,
  res: Response,
  deps: { render: RenderService; html: HtmlRenderer },
  content: ReadableBooklet,
): Promise<void> {
  const output = await deps.render.offlineHtml(content);
  res.setHeader('Content-Security-Policy', offlineCsp(deps.html.css));
  sendOutput(req, res, output);
}
