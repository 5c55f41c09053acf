import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { TFunction } from 'i18next';
import type { Languages } from '../i18n/languages';
import type { Translator } from '../i18n';
import type { AdminPrincipal } from './sessions';

export type AdminPage = 'login' | 'dashboard' | 'edit' | 'history' | 'error' | 'confirm' | 'languages' | 'strings';

/** What every admin page shares. */
export interface AdminChrome {
  lang: string;
  title: string;
  principal?: AdminPrincipal | undefined;
  csrf?: string | undefined;
  current?: 'dashboard' | 'languages';
}

/**
 * The pages of /admin: handlebars templates from templates/admin/, compiled once, escaped by
 * default, and a small stylesheet served under an immutable, content-hashed URL.
 */
export class AdminViews {
  readonly css: string;
  readonly cssHash: string;
  /** The script that asks before leaving an edit page with unsent changes (the pages work without it). */
  readonly js: string;
  readonly jsHash: string;
  private readonly hbs = Handlebars.create();
  private readonly layout: HandlebarsTemplateDelegate;
  private readonly pages: Record<AdminPage, HandlebarsTemplateDelegate>;

  /** The languages of the service, as the interface strings know them. */
  get languages(): Languages {
    return this.translator.languages;
  }

  constructor(
    templatesDir: string,
    private readonly translator: Translator,
    /** The site stylesheet's URL (it changes with its content). */
    private readonly siteCssHref: () => string,
  ) {
    const dir = path.join(templatesDir, 'admin');
    const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
    this.css = read('admin.css');
    this.cssHash = crypto.createHash('sha256').update(this.css).digest('hex').slice(0, 12);
    this.js = read('admin.js');
    this.jsHash = crypto.createHash('sha256').update(this.js).digest('hex').slice(0, 12);
    this.hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
    this.hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => {
      const t = (options.data as { root: { t: TFunction } }).root.t;
      return t(key, options.hash as Record<string, unknown>);
    });
    const compile = (name: string): HandlebarsTemplateDelegate => this.hbs.compile(read(`${name}.hbs`), { strict: false });
    this.hbs.registerPartial('conflict', read('conflict.hbs'));
    this.layout = compile('layout');
    this.pages = {
      login: compile('login'),
      dashboard: compile('dashboard'),
      edit: compile('edit'),
      history: compile('history'),
      error: compile('error'),
      confirm: compile('confirm'),
      languages: compile('languages'),
      strings: compile('strings'),
    };
  }

  get cssHref(): string {
    return `/admin/assets/admin.${this.cssHash}.css`;
  }

  get jsHref(): string {
    return `/admin/assets/admin.${this.jsHash}.js`;
  }

  /** The interface strings of a language. */
  t(lang: string): TFunction {
    return this.translator.t(lang);
  }

  /** A whole page: `model` goes to the page template, `chrome` to the layout. */
  render(page: AdminPage, chrome: AdminChrome, model: Record<string, unknown>): string {
    const t = this.translator.t(chrome.lang);
    const body = this.pages[page]({ ...model, t, lang: model.lang ?? chrome.lang, csrf: chrome.csrf ?? model.csrf });
    const user = chrome.principal ? { name: chrome.principal.displayName, roleLabel: t(`admin.role.${chrome.principal.role}`) } : undefined;
    return this.layout({
      t,
      lang: chrome.lang,
      dir: this.translator.languages.get(chrome.lang).dir,
      title: chrome.title,
      user,
      csrf: chrome.csrf,
      current: chrome.current,
      body,
      siteCssHref: this.siteCssHref(),
      adminCssHref: this.cssHref,
      adminJsHref: page === 'edit' ? this.jsHref : undefined,
    });
  }
}
