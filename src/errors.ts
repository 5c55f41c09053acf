/**
 * The one error module. Code throws these typed errors; one middleware (src/http/errors.ts) turns
 * them into application/problem+json (RFC 9457) for the API and a localized page for HTML routes.
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

export class AppError extends Error {
  constructor(
    /** HTTP status. */
    public readonly status: number,
    /** Stable, machine-readable id, also the last part of the problem type URI. */
    public readonly code: string,
    message: string,
    public readonly fields: ProblemField[] = [],
    /** Extra members for the problem document (e.g. the current revision on a 412). */
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
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
    super(400, 'invalid-choice', fields.map((f) => f.message).join(' '), fields);
    this.name = 'InvalidChoiceError';
  }
}

export const badRequest = (message: string, fields: ProblemField[] = []): AppError =>
  new AppError(400, 'bad-request', message, fields);

export const notFound = (message: string): AppError => new AppError(404, 'not-found', message);

export const methodNotAllowed = (message: string): AppError => new AppError(405, 'method-not-allowed', message);

export const conflict = (message: string, extra: Record<string, unknown> = {}): AppError =>
  new AppError(409, 'conflict', message, [], extra);

export const unprocessable = (message: string, fields: ProblemField[] = []): AppError =>
  new AppError(422, 'unprocessable-content', message, fields);

export const payloadTooLarge = (message: string): AppError => new AppError(413, 'payload-too-large', message);

export const unsupportedMediaType = (message: string): AppError =>
  new AppError(415, 'unsupported-media-type', message);

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

export const tooManyRequests = (message: string): AppError => new AppError(429, 'too-many-requests', message);
