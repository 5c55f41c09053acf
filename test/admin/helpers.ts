import request from 'supertest';
import type { Express } from 'express';
import { makeBookletsDir, smallBooklet } from '../factories/booklets';
import { createTestApp } from '../helpers/app';
import type { ComposeOptions } from '../../src/compose';

/** scrypt made cheap for tests: the cost parameters are stored with every hash, so this is exercised the same way. */
export const CHEAP_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSWORD = 'correct horse battery staple';

/** An app with the small en/uk booklet, a uk translator, an editor (passwords) and keys. */
export function adminSetup(options: ComposeOptions = {}) {
  const { app, deps } = createTestApp(makeBookletsDir({ rights: smallBooklet() }), {
    pdf: async () => Buffer.from('%PDF-1.7 test'),
    ...options,
    admin: { scrypt: CHEAP_SCRYPT, ...options.admin },
  });
  deps.admin.users.create({ name: 'olena', role: 'translator', languages: ['uk'], password: PASSWORD });
  deps.admin.users.create({ name: 'editor', role: 'editor', password: PASSWORD });
  return { app, deps };
}

/** The value of the first form field `name` on a page (HTML entities decoded). */
export function field(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m) throw new Error(`no field "${name}" on the page`);
  return (m[1] as string)
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Signs in through the login form and returns an agent that keeps the session cookie. */
export async function signIn(app: Express, credentials: { username: string; password: string } | { key: string }) {
  const agent = request.agent(app);
  const page = await agent.get('/admin/login');
  const csrf = field(page.text, 'csrf');
  const form = 'key' in credentials ? { method: 'key', key: credentials.key } : { method: 'password', ...credentials };
  const res = await agent
    .post('/admin/login')
    .type('form')
    .send({ csrf, ...form });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 500)}`);
  return agent;
}

/** The text of a page without tags (for assertions on what a reader of the page sees). */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Decodes the HTML entities handlebars writes. */
const unescape = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The fields of the edit page's sections form as a browser would send them (hidden fields, titles,
 * texts; no button): what a person who changed nothing would post.
 */
export function sectionsForm(html: string): Record<string, string> {
  const start = html.indexOf('<form class="sections"');
  if (start < 0) throw new Error('no sections form on the page');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*\bname="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    if (/type="checkbox"/.test(tag) && !/\bchecked\b/.test(tag)) continue;
    fields[m[1] as string] = unescape(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[m[1] as string] = unescape(m[2] as string);
  return fields;
}

/** The visible text of one section's article on the edit page. */
export function sectionText(html: string, id: string): string {
  const at = html.indexOf(`id="s-${id}"`);
  const start = at < 0 ? -1 : html.lastIndexOf('<article', at);
  if (start < 0) throw new Error(`no section "${id}" on the page`);
  return visibleText(html.slice(start, html.indexOf('</article>', start)));
}
