import { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { KeyService } from '../auth/keys';
import { csrfRefused, tooManySignIns } from '../errors';
import { interfaceLanguage } from '../http/language';
import { LOGIN_COOKIE, readCookies, SESSION_COOKIE, setAdminCookie } from './csrf';
import { formParser } from './form-body';
import { CsrfField, form, safeNext } from './forms';
import type { AdminServices } from './index';

const LoginForm = z.discriminatedUnion(
  'method',
  [
    z.object({
      method: z.literal('password'),
      csrf: CsrfField,
      username: z.string({ message: 'the user name is missing' }).max(200, 'is too long'),
      password: z.string({ message: 'the password is missing' }).max(1024, 'is too long'),
      next: z.string().optional(),
    }),
    z.object({
      method: z.literal('key'),
      csrf: CsrfField,
      key: z.string({ message: 'the key is missing' }).max(300, 'is too long'),
      next: z.string().optional(),
    }),
  ],
  { message: 'method must be "password" or "key"' },
);

const LOGIN_PATH = '/admin/login';
const NONCE_SECONDS = 2 * 60 * 60;

type LoginDeps = { admin: AdminServices; keys: KeyService };

/** Sign-in (user name and password, or an API key) and sign-out. */
export function loginRoutes(deps: LoginDeps, sessionMaxSeconds: number): Router {
  const router = Router();
  router.get('/login', showSignIn(deps.admin));
  router.post(
    '/login',
    formParser({ limit: 16 * 1024, parameterLimit: 20, keepLimit: 16 * 1024, drainLimit: 64 * 1024 }),
    signIn(deps, sessionMaxSeconds),
  );
  return router;
}

/** The sign-in page, with a fresh double-submit token unless the browser already holds one. */
function sendSignInPage(
  admin: AdminServices,
  req: Request,
  res: Response,
  status: number,
  extra: { error?: string; username?: string; next?: string } = {},
): void {
  const lang = interfaceLanguage(req, admin.views.languages);
  const held = readCookies(req).get(LOGIN_COOKIE);
  let token = held ? admin.loginCsrf.tokenFor(held) : undefined;
  if (!token) {
    const issued = admin.loginCsrf.issue();
    token = issued.token;
    setAdminCookie(req, res, LOGIN_COOKIE, issued.nonce, LOGIN_PATH, NONCE_SECONDS);
  }
  const t = admin.views.t(lang);
  res
    .status(status)
    .type('html')
    .send(admin.views.render('login', { lang, title: t('admin.login.title') }, { ...extra, csrf: token }));
}

/** The sign-in page; someone already signed in goes on to /admin. */
function showSignIn(admin: AdminServices): RequestHandler {
  return (req, res) => {
    const token = readCookies(req).get(SESSION_COOKIE);
    if (token && admin.sessions.find(token)) {
      res.redirect(303, '/admin');
      return;
    }
    sendSignInPage(admin, req, res, 200, { next: safeNext(req.query.next) });
  };
}

/** Signs in with a user name and password or an API key, within the limit of failed attempts; a new session cookie on success. */
function signIn(deps: LoginDeps, sessionMaxSeconds: number): RequestHandler {
  const { admin } = deps;
  return async (req, res) => {
    // The token first: a forged or stale form is refused before anything else is looked at.
    if (!admin.loginCsrf.verify(readCookies(req).get(LOGIN_COOKIE), (req.body as Record<string, unknown> | undefined)?.csrf))
      throw csrfRefused();
    const input = form(req, LoginForm);
    const lang = interfaceLanguage(req, admin.views.languages);
    const t = admin.views.t(lang);
    // Counted in memory only, per user name (or key id) and per client address.
    const account = input.method === 'password' ? `user:${input.username.trim().toLowerCase()}` : `key:${input.key.slice(0, 13)}`;
    const limits = [account, `client:${req.ip ?? 'unknown'}`];
    const wait = admin.limiter.retryAfter(limits);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw tooManySignIns(wait);
    }
    const subject = await signInSubject(deps, input);
    if (!subject) {
      admin.limiter.fail(limits);
      sendSignInPage(admin, req, res, 401, {
        error: t(input.method === 'password' ? 'admin.login.failedPassword' : 'admin.login.failedKey'),
        username: input.method === 'password' ? input.username.slice(0, 64) : undefined,
        next: safeNext(input.next),
      });
      return;
    }
    admin.limiter.clear(account);
    const token = admin.sessions.create(subject);
    setAdminCookie(req, res, SESSION_COOKIE, token, '/admin', sessionMaxSeconds);
    setAdminCookie(req, res, LOGIN_COOKIE, '', LOGIN_PATH, 0);
    res.redirect(303, safeNext(input.next));
  };
}

/** Who the sign-in form names, when its password or key is right. */
async function signInSubject(
  deps: LoginDeps,
  input: z.infer<typeof LoginForm>,
): Promise<{ userId: number } | { keyId: number } | undefined> {
  if (input.method === 'password') {
    const user = await deps.admin.users.verify(input.username, input.password);
    return user ? { userId: user.id } : undefined;
  }
  const principal = deps.keys.verify(input.key.trim());
  return principal?.kind === 'key' ? { keyId: principal.keyId } : undefined;
}

/** Sign-out (a form with the session's CSRF token, checked before this runs). */
export function logout(admin: AdminServices) {
  return (req: Request, res: Response): void => {
    const token = readCookies(req).get(SESSION_COOKIE);
    if (token) admin.sessions.end(token);
    setAdminCookie(req, res, SESSION_COOKIE, '', '/admin', 0);
    res.redirect(303, '/admin/login');
  };
}
