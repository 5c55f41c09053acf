import querystring from 'node:querystring';
import type { Request, RequestHandler } from 'express';
import { AppError, badRequest, payloadTooLarge, unsupportedMediaType } from '../errors';

export interface FormLimits {
  /** Largest form accepted, in bytes (as sent, percent-encoded). */
  limit: number;
  /** Most fields a form may have. */
  parameterLimit: number;
  /**
   * How much of a larger form is kept, to show back what was typed: `limit` for anyone, up to
   * this for requests `keepsMore` says come from a session (so nobody unknown can make the server
   * hold more than `limit`).
   */
  keepLimit: number;
  keepsMore?: (req: Request) => boolean;
  /** A larger form is still read (and thrown away) up to this many bytes, so the answer can be sent; beyond it the connection is cut. */
  drainLimit: number;
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
    /** Bytes of the whole form as sent. */
    public readonly receivedBytes: number,
    public readonly limitBytes: number,
    /** The fields of the part that was kept (the last one may be cut). */
    public readonly arrived: ArrivedField[],
  ) {
    super('payload-too-large', `The form has ${receivedBytes} bytes; at most ${limitBytes} are accepted. Nothing was changed.`, [], {
      receivedBytes,
      limitBytes,
    });
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
    const refused = refusedEncoding(req);
    if (refused) {
      next(refused);
      return;
    }
    const keep = limits.keepsMore?.(req) ? Math.max(limits.limit, limits.keepLimit) : limits.limit;
    readBody(req, keep, limits.drainLimit, (err, body, received) => next(err ?? acceptForm(req, body, received, limits)));
  };
}

/** A form in another character set than UTF-8, or compressed: 415. */
function refusedEncoding(req: Request): AppError | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
  if (charset && !['utf-8', 'utf8'].includes(charset.toLowerCase())) return unsupportedMediaType('Send the form in UTF-8.');
  if ((req.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity')
    return unsupportedMediaType('Send the form without Content-Encoding.');
  return undefined;
}

/**
 * Reads a request body to its end, keeping its first `keep` bytes; `done` gets them and the number
 * of bytes received, or the error of a body that did not arrive whole. A body over `drainLimit` is
 * cut off: the connection is destroyed and `done` is never called.
 */
function readBody(
  req: Request,
  keep: number,
  drainLimit: number,
  done: (err: Error | undefined, body: Buffer, received: number) => void,
): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  let received = 0;
  let finished = false;
  const finish = (err?: Error): void => {
    if (finished) return;
    finished = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    done(err, Buffer.concat(chunks), received);
  };
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (kept < keep) {
      const part = chunk.subarray(0, keep - kept);
      chunks.push(part);
      kept += part.length;
    }
    // Read to the end so the answer reaches the sender; a sender that goes on and on is cut off.
    if (received > drainLimit) {
      finished = true;
      req.destroy();
    }
  };
  const onEnd = (): void => finish();
  const onError = (e: Error): void => finish(badRequest(`The form did not arrive whole: ${e.message}`));
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
}

/**
 * The body of a whole form (or its kept part) as `req.body`; the error to answer with when the
 * form is too large, not UTF-8 form data, or has too many fields.
 */
function acceptForm(req: Request, body: Buffer, received: number, limits: FormLimits): Error | undefined {
  if (received > limits.limit) return new FormTooLargeError(received, limits.limit, arrivedFields(body, body.length < received));
  try {
    req.body = parseForm(body);
  } catch (e) {
    return e as Error;
  }
  const count = Object.values(req.body as Record<string, string | string[]>).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
  // Too many fields: refused, but the fields stay on the request so the page can show them back.
  return count > limits.parameterLimit
    ? payloadTooLarge(`The form has ${count} fields; at most ${limits.parameterLimit} are accepted.`)
    : undefined;
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

/** The fields of (the first part of) a form, decoded leniently; when `cut`, the last one is cut short. */
function arrivedFields(prefix: Buffer, cut: boolean): ArrivedField[] {
  const parts = lenient.decode(prefix).split('&');
  return parts.flatMap((part, i) => {
    const eq = part.indexOf('=');
    if (eq <= 0) return [];
    const last = cut && i === parts.length - 1;
    // A percent escape cut at the end of the kept part is dropped rather than shown as "%D".
    const raw = last ? part.slice(eq + 1).replace(/%[0-9A-Fa-f]?$/, '') : part.slice(eq + 1);
    return [{ name: decodeLeniently(part.slice(0, eq)), value: decodeLeniently(raw), cut: last }];
  });
}

/** Percent-decoding that keeps what cannot be decoded and drops a character cut in half at the end; one pass. */
function decodeLeniently(text: string): string {
  const out = Buffer.allocUnsafe(Buffer.byteLength(text));
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25 && HEX.test(text.slice(i + 1, i + 3))) {
      out[n++] = parseInt(text.slice(i + 1, i + 3), 16);
      i += 2;
    } else if (c === 0x2b) {
      out[n++] = 0x20;
    } else if (c < 0x80) {
      out[n++] = c;
    } else {
      const cp = text.codePointAt(i) as number;
      n += out.write(String.fromCodePoint(cp), n);
      if (cp > 0xffff) i++;
    }
  }
  return lenient.decode(out.subarray(0, n)).replace(/\uFFFD+$/, '');
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** A field's text: a repeated field (sent twice) is its values joined as paragraphs; undefined when it holds no text. */
export function fieldText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string').join('\n\n') : undefined;
}

/** The request's form fields (empty when there is none). */
export const formFields = (req: Request): Record<string, unknown> => (req.body as Record<string, unknown> | undefined) ?? {};
