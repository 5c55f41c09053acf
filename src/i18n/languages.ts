import crypto from 'node:crypto';

/**
 * The languages the service publishes in. They are rows of the `languages` table (see
 * `LanguageStore`), added by staff with the CLI, the API or /admin; nothing in the code names one,
 * except the source language of the interface strings.
 */

export type Direction = 'ltr' | 'rtl';
/** An ISO 15924 script code as written in BCP 47 tags: 'Latn', 'Cyrl', 'Arab', 'Geor', 'Armn', 'Ethi', … */
export type Script = string;

export interface Language {
  /** Lower-case BCP 47 tag: "uk", "prs", "ckb", "sr-latn". */
  code: string;
  nativeName: string;
  englishName: string;
  dir: Direction;
  script: Script;
  /** The language whose interface strings fill gaps before the source language's ("prs" -> "fa"). */
  fallback: string | null;
  /** Other lower-case tags browsers send for this language ("fa-af" for Dari). */
  aliases: readonly string[];
  /** Intl numbering system ("arabext", "latn") where Intl's default for the tag is not what readers use. */
  numbering: string | null;
  /** Intl calendar ("gregory", "persian") where Intl's default for the tag is not what readers use. */
  calendar: string | null;
  /** Retired languages stay for history and editors; readers no longer see them. */
  retired: boolean;
}

/** The language interface strings are written in, and the last link of every fallback chain. */
export const DEFAULT_LANGUAGE = 'en';

/** The tag Intl formats dates and numbers with: the code plus the language's calendar and digits. */
export function intlLocale(language: Pick<Language, 'code' | 'numbering' | 'calendar'>): string {
  const ext = [language.calendar ? `-ca-${language.calendar}` : '', language.numbering ? `-nu-${language.numbering}` : ''].join('');
  return ext ? `${language.code}-u${ext}` : language.code;
}

/** Finds languages by code; the rendering stage and worker threads get one made from plain rows. */
export interface LanguageLookup {
  /** The language with this code (retired ones included), or undefined. */
  find(code: string): Language | undefined;
  /** The language with this code; throws for an unknown code (a programming error, not user input). */
  get(code: string): Language;
}

/** Where the list comes from: the database (LanguageStore) or a fixed list (tests, render threads). */
export interface LanguageSource {
  /** Changes whenever the list may have changed; cheap to ask. */
  version(): number;
  load(): Language[];
}

/**
 * The languages as the rest of the service sees them, reloaded when their source changes (a
 * language added by the CLI reaches a running server at its next request).
 */
export class Languages implements LanguageLookup {
  private loadedVersion = Number.NaN;
  private list: readonly Language[] = [];
  private current: readonly Language[] = [];
  private byCode = new Map<string, Language>();
  private byTag = new Map<string, Language>();
  private digest = '';

  constructor(private readonly source: LanguageSource) {}

  /** A fixed list (tests, render threads, tools). */
  static of(list: readonly Language[]): Languages {
    const copy = list.map((l) => ({ ...l }));
    return new Languages({ version: () => 0, load: () => copy });
  }

  private refresh(): void {
    const v = this.source.version();
    if (v === this.loadedVersion) return;
    this.list = Object.freeze(this.source.load().map((l) => Object.freeze({ ...l, aliases: Object.freeze([...l.aliases]) })));
    this.current = this.list.filter((l) => !l.retired);
    this.byCode = new Map(this.list.map((l) => [l.code, l]));
    this.byTag = new Map();
    for (const l of this.current) for (const alias of l.aliases) this.byTag.set(alias, l);
    for (const l of this.current) this.byTag.set(l.code, l);
    this.digest = crypto.createHash('sha256').update(JSON.stringify(this.list)).digest('base64url').slice(0, 12);
    this.loadedVersion = v;
  }

  /**
   * A digest of every language's definition: the same on every copy of the database for as long as
   * the table is the same. Part of content revisions, so pages and PDFs change with a language.
   */
  stamp(): string {
    this.refresh();
    return this.digest;
  }

  /** Every language, retired ones included, in the order readers are offered them. */
  all(): readonly Language[] {
    this.refresh();
    return this.list;
  }

  /** The languages readers are offered (not retired), in order. */
  active(): readonly Language[] {
    this.refresh();
    return this.current;
  }

  /** Codes of the languages readers are offered. */
  codes(): string[] {
    return this.active().map((l) => l.code);
  }

  find(code: string): Language | undefined {
    this.refresh();
    return this.byCode.get(code);
  }

  get(code: string): Language {
    const l = this.find(code);
    if (!l) throw new Error(`unknown language code "${code}"`);
    return l;
  }

  /** True for a language readers are offered. */
  isActive(code: string): boolean {
    return this.find(code)?.retired === false;
  }

  /**
   * The active language a BCP 47 tag asks for, in any case and with "_" or "-": the language itself,
   * one whose alias it is ("fa-AF" -> Dari), or the language of its primary subtag ("fa-IR" -> Persian).
   */
  match(tag: string): Language | undefined {
    this.refresh();
    const t = tag.toLowerCase().replace(/_/g, '-');
    const parts = t.split('-');
    for (let n = parts.length; n >= 1; n--) {
      const found = this.byTag.get(parts.slice(0, n).join('-'));
      if (found) return found;
    }
    return undefined;
  }

  /** The languages a language falls back to, in order (its fallback, theirs), without the source language. */
  fallbacks(code: string): string[] {
    const chain: string[] = [];
    let next = this.find(code)?.fallback ?? null;
    while (next && next !== DEFAULT_LANGUAGE && !chain.includes(next) && next !== code) {
      chain.push(next);
      next = this.find(next)?.fallback ?? null;
    }
    return chain;
  }

  /** Interface-string fallbacks of a language after itself: its fallbacks, then the source language. */
  fallbackChain(code: string): string[] {
    return code === DEFAULT_LANGUAGE ? [] : [...this.fallbacks(code), DEFAULT_LANGUAGE];
  }
}
