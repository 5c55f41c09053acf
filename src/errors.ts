/**
 * The one error vocabulary. Every error the service gives has a stable id (the last part of its
 * problem type, `/problems/<id>`) with one HTTP status, listed in PROBLEMS; code throws them through
 * the named factories below. One handler (src/http/error-handler.ts) turns them into
 * application/problem+json (RFC 9457) for the API and files, and a page in the reader's or editor's
 * language for pages and /admin. The command line prints their messages.
 */

export interface ProblemField {
  field: string;
  /** English, for API clients and logs. */
  message: string;
  /** Stable id of the problem, for interfaces that say it in the user's language (locales: `validation.<code>`). */
  code?: string;
  /** Values the localized message needs (a limit, a line number, a character). */
  params?: Record<string, string | number>;
}

/** Every problem id the service gives, with its HTTP status. */
export const PROBLEMS = {
  'bad-request': 400,
  'bad-encoding': 400,
  'invalid-json': 400,
  'invalid-choice': 400,
  'incomplete-form': 400,
  usage: 400,
  unauthorized: 401,
  'signed-out': 401,
  forbidden: 403,
  csrf: 403,
  'cross-origin-refused': 403,
  'not-found': 404,
  'method-not-allowed': 405,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'range-not-satisfiable': 416,
  'unprocessable-content': 422,
  'precondition-required': 428,
  'too-many-requests': 429,
  'too-many-sign-ins': 429,
  'internal-error': 500,
  busy: 503,
  'read-only': 503,
} as const;

export type ProblemId = keyof typeof PROBLEMS;

/** An error from a library (a body parser) with a 4xx status of its own. */
type ClientErrorStatus = 400 | 401 | 403 | 404 | 405 | 406 | 409 | 411 | 412 | 413 | 414 | 415 | 416 | 417 | 422 | 428 | 429 | 431;

export class AppError extends Error {
  /** HTTP status. */
  public readonly status: number;

  constructor(
    /** Stable, machine-readable id, also the last part of the problem type URI. */
    public readonly code: ProblemId | 'client-error',
    message: string,
    public readonly fields: ProblemField[] = [],
    /** Extra members for the problem document (e.g. the current revision on a 412). */
    public readonly extra: Record<string, unknown> = {},
    /** Only for 'client-error': the status a library gave. */
    status?: ClientErrorStatus,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = code === 'client-error' ? (status ?? 400) : PROBLEMS[code];
  }
}

/**
 * A form (the print page) submitted with choices that cannot be used. The field messages are
 * already in the reader's language: the error page lists them, with a link back to the form.
 */
export class InvalidChoiceError extends AppError {
  constructor(
    fields: ProblemField[],
    /** The form to go back to, with the link text in the reader's language. */
    public readonly back: { href: string; label: string },
  ) {
    super('invalid-choice', fields.map((f) => f.message).join(' '), fields);
    this.name = 'InvalidChoiceError';
  }
}

export const badRequest = (message: string, fields: ProblemField[] = []): AppError => new AppError('bad-request', message, fields);

/** An address or body with broken percent-encoding or bytes that are not UTF-8. */
export const badEncoding = (): AppError =>
  new AppError('bad-encoding', 'The address or body contains invalid percent-encoding or characters.');

/** A JSON body that does not parse, or is not an object. */
export const invalidJson = (notAnObject: boolean): AppError =>
  new AppError('invalid-json', notAnObject ? 'The request body must be a JSON object.' : 'The request body is not valid JSON.');

/** A workflow or restore form of /admin whose revision cannot be used: nothing changed. */
export const incompleteForm = (problem: ProblemField): AppError =>
  new AppError(
    'incomplete-form',
    `The form is incomplete or not valid, so nothing was changed: revision ${problem.message}. Reload the page and try again.`,
    [{ ...problem, code: 'incompleteForm' }],
  );

/** A command line the CLI cannot use. */
export const usage = (message: string): AppError => new AppError('usage', message);

/** A request that needs credentials it lacks (an API key, the metrics token). */
export const unauthorized = (message: string): AppError => new AppError('unauthorized', message);

/** An /admin form sent without a session. */
export const signedOut = (): AppError => new AppError('signed-out', 'You are not signed in, or your session has ended.');

export const forbidden = (message: string): AppError => new AppError('forbidden', message);

/** A form whose CSRF token is missing or wrong. */
export const csrfRefused = (): AppError =>
  new AppError('csrf', 'The form token is missing or wrong: the form was not sent from this site or is out of date.');

/** A cross-origin request other than a plain public read. */
export const crossOriginRefused = (): AppError =>
  new AppError(
    'cross-origin-refused',
    'Other sites may only read public data from this API (GET or HEAD, without Authorization or other credentials).',
  );

export const notFound = (message: string): AppError => new AppError('not-found', message);

export const methodNotAllowed = (message: string): AppError => new AppError('method-not-allowed', message);

export const conflict = (message: string, extra: Record<string, unknown> = {}): AppError => new AppError('conflict', message, [], extra);

/** 412: someone else changed it since the client read it; nothing was written. */
export const preconditionFailed = (current: string): AppError =>
  new AppError(
    'precondition-failed',
    `This was changed since you read it (the current revision is ${current}). Nothing was written: read it again and reapply your change.`,
    [],
    { currentRevision: current },
  );

/** 428: a write without If-Match could overwrite someone else's work. */
export const preconditionRequired = (current: string): AppError =>
  new AppError('precondition-required', "Send If-Match with the ETag you last read, so that nobody's work is overwritten.", [], {
    currentRevision: current,
  });

export const payloadTooLarge = (message: string, extra: Record<string, unknown> = {}): AppError =>
  new AppError('payload-too-large', message, [], extra);

export const unsupportedMediaType = (message: string): AppError => new AppError('unsupported-media-type', message);

/** A Range header outside the file. */
export const rangeNotSatisfiable = (range: string, length: number): AppError =>
  new AppError('range-not-satisfiable', `The range "${range.slice(0, 100)}" is outside the ${length} bytes of this file.`);

export const unprocessable = (message: string, fields: ProblemField[] = []): AppError =>
  new AppError('unprocessable-content', message, fields);

export const tooManyRequests = (message: string): AppError => new AppError('too-many-requests', message);

/** Too many failed sign-ins to /admin from an account or address. */
export const tooManySignIns = (waitSeconds: number): AppError =>
  new AppError('too-many-sign-ins', 'Too many failed sign-ins: wait and try again.', [], { minutes: Math.ceil(waitSeconds / 60) });

/** A 4xx a library gave (a body parser), with its message only when the library says it may be shown. */
export const clientError = (status: ClientErrorStatus, message: string): AppError => new AppError('client-error', message, [], {}, status);

/** A write to a read-only copy (READ_ONLY=1): the primary instance takes writes. */
export const readOnly = (primaryUrl?: string): AppError =>
  new AppError(
    'read-only',
    `This copy is read-only: it serves readers from a backup of the primary instance. Write to ${primaryUrl ?? 'the primary instance'} instead.`,
    [],
    primaryUrl ? { primary: primaryUrl } : {},
  );

/** Anything unexpected: no detail reaches the client. */
export const internalError = (): AppError => new AppError('internal-error', 'The server could not complete the request. Please try again.');

/** Human title per status, used as the problem "title". */
export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Whether an error is the service's "not found" (a 404 of any kind). */
export const isNotFound = (e: unknown): boolean => e instanceof AppError && e.status === 404;
