import type { BookletRepository, SectionRevisionRow } from '../booklets/repository';
import type { Translator } from '../i18n';
import type { DB } from '../storage/db';
import { LoginCsrf } from './csrf';
import { FailureLimiter } from './limiter';
import type { ScryptParams } from './passwords';
import { DEFAULT_SESSION_LIMITS, SessionLimits, SessionService } from './sessions';
import { UserService } from './users';
import { AdminViews } from './views';

export interface AdminOptions {
  /** scrypt cost for new passwords (tests use a cheaper one). */
  scrypt?: ScryptParams;
  sessions?: SessionLimits;
  /** Failed sign-ins allowed per user name and per client within the window (default 5 per 15 min). */
  loginLimit?: { limit: number; windowMs: number };
  now?: () => Date;
  /** IANA time zone of the times shown (default: the host's). */
  timeZone?: string;
}

/** Everything /admin needs besides the content services it shares with the API. */
export interface AdminServices {
  users: UserService;
  sessions: SessionService;
  views: AdminViews;
  loginCsrf: LoginCsrf;
  limiter: FailureLimiter;
  /** IANA time zone of the times shown. */
  timeZone: string;
  /** A section revision by id (the source text a translation was made from, for the diff). */
  revision(id: number): SectionRevisionRow | undefined;
}

/** Builds the services of /admin for one database. */
export function createAdminServices(
  db: DB,
  repo: BookletRepository,
  translator: Translator,
  templatesDir: string,
  siteCssHref: () => string,
  options: AdminOptions = {},
): AdminServices {
  const now = options.now ?? (() => new Date());
  const limit = options.loginLimit ?? { limit: 5, windowMs: 15 * 60 * 1000 };
  return {
    users: new UserService(db, now, options.scrypt),
    sessions: new SessionService(db, options.sessions ?? DEFAULT_SESSION_LIMITS, now),
    views: new AdminViews(templatesDir, translator, siteCssHref),
    loginCsrf: new LoginCsrf(),
    limiter: new FailureLimiter(limit.limit, limit.windowMs, () => now().getTime()),
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    revision: (id) => repo.revisionById(id),
  };
}
