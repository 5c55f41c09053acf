import querystring from 'node:querystring';
import type { Request, RequestHandler } from 'express';
import { AppError, badRequest, unsupportedMediaType } from '../errors';

export interface FormLimits {
  /** Largest form accepted, in bytes (as sent, percent-encoded). */
  limit: number;
  /** Most fields a form may have. */
  parameterLimit: number;
  /** A larger form is still read up to this many bytes, to show back what arrived; then the connection closes. */
  readLimit: number;
}

/** A field of a refused form as far as it arrived. */
export interface ArrivedField {
  name: string;
  value: string;
  /** The form was cut inside this field's value. */
  cut: boolean;
}

/** A form too large to accept: 413, with the fields that arrived, so the page can show them back. */
export class FormTooLargeError extends AppError {
  constructor(
    /** Bytes of the whole form as sent (exact unless `complete` is false). */
    public readonly receivedBytes: number,
    public readonly limitBytes: number,
    public readonly arrived: ArrivedField[],
    /** False when the sender was stopped before the end of the form (beyond the read limit). */
    public readonly complete: boolean,
  ) {
    super(413, 'payload-too-large', `The form has ${receivedBytes} bytes; at most ${limitBytes} are accepted. Nothing was changed.`, [], { receivedBytes, limitBytes });
    this.name = 'FormTooLargeError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Reads a posted form (application/x-www-form-urlencoded, UTF-8) into `req.body`. Unlike a plain
 * body parser, a form over the limit is not thrown away: its first `limit` bytes are kept and the
 * 413 carries the fields that arrived, so a translator sees their text again with its exact size.
 * A body with broken percent-encoding (`%ZZ`, `%E0%A4%A`) or bytes that are not UTF-8 is a 400 and
 * changes nothing: a form parser would keep such text as it is and save it.
 */
export function formParser(limits: FormLimits): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('application/x-www-form-urlencoded')) {
      next();
      return;
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
    if (charset && charset.toLowerCase() !== 'utf-8') {
      next(unsupportedMediaType('Send the form in UTF-8.'));
      return;
    }
    if ((req.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity') {
      next(unsupportedMediaType('Send the form without Content-Encoding.'));
      return;
    }
    const chunks: Buffer[] = [];
    let kept = 0;
    let received = 0;
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (err) {
        next(err);
        return;
      }
      const body = Buffer.concat(chunks);
      if (received > limits.limit) {
        const complete = received <= limits.readLimit;
        if (!complete) {
          // Stop reading; the answer closes the connection.
          req.pause();
          res.setHeader('Connection', 'close');
        }
        next(new FormTooLargeError(received, limits.limit, arrivedFields(body), complete));
        return;
      }
      try {
        req.body = parseForm(body);
      } catch (e) {
        next(e);
        return;
      }
      const count = Object.values(req.body as Record<string, string | string[]>).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
      // Too many fields: refused, but the fields stay on the request so the page can show them back.
      next(count > limits.parameterLimit ? new AppError(413, 'payload-too-large', `The form has ${count} fields; at most ${limits.parameterLimit} are accepted.`) : undefined);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (kept < limits.limit) {
        const part = chunk.subarray(0, limits.limit - kept);
        chunks.push(part);
        kept += part.length;
      }
      if (received > limits.readLimit) finish();
    };
    const onEnd = (): void => finish();
    const onError = (e: Error): void => finish(new AppError(400, 'bad-request', `The form did not arrive whole: ${e.message}`));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  };
}

/** A whole form body, checked to be UTF-8 with valid percent-encoding. */
function parseForm(body: Buffer): Record<string, string | string[]> {
  let text: string;
  try {
    text = utf8.decode(body);
    decodeURIComponent(text.replace(/\+/g, ' ')); // throws URIError on broken percent-encoding
  } catch {
    throw badRequest('The form is not valid UTF-8 form data.');
  }
  if (text === '') return {};
  return { ...querystring.parse(text, '&', '=', { maxKeys: 0 }) } as Record<string, string | string[]>;
}

/** The fields of the first part of a form, decoded leniently; the last one may be cut. */
function arrivedFields(prefix: Buffer): ArrivedField[] {
  const text = lenient.decode(prefix);
  const parts = text.split('&');
  return parts.flatMap((part, i) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return [];
    const name = decodeLeniently(part.slice(0, eq));
    // A percent escape cut at the end of the prefix is dropped rather than shown as "%D".
    const raw = i === parts.length - 1 ? part.slice(eq + 1).replace(/%[0-9A-Fa-f]?$/, '') : part.slice(eq + 1);
    return [{ name, value: decodeLeniently(raw), cut: i === parts.length - 1 }];
  });
}

/** Percent-decoding that keeps what cannot be decoded and drops a character cut in half. */
function decodeLeniently(text: string): string {
  const parts = (text.replace(/\+/g, ' ').match(/%[0-9A-Fa-f]{2}|[^%]+|%/g) ?? []).map((token) =>
    /^%[0-9A-Fa-f]{2}$/.test(token) ? Buffer.from([parseInt(token.slice(1), 16)]) : Buffer.from(token, 'utf8'));
  return lenient.decode(Buffer.concat(parts)).replace(/\uFFFD+$/, '');
}

/** The request's form fields (empty when there is none). */
export const formFields = (req: Request): Record<string, unknown> => (req.body as Record<string, unknown> | undefined) ?? {};
