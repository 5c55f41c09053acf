import crypto from 'node:crypto';
import type { AuditLog } from '../audit/log';
import { conflict, notFound, ProblemField, unprocessable } from '../errors';
import type { StringsSource } from '../i18n';
import { DEFAULT_LANGUAGE, Languages } from '../i18n/languages';
import { checkIfMatch } from '../translations/etag';
import type { Actor } from '../translations/types';
import { StringCatalog, StringKey, stringProblems } from './catalog';
import { exportStringsXliff, parseStringsXliff } from './xliff';
import type { InterfaceStringStore, StringRevision, StringsState } from './store';

/** Where the text a reader of a language sees for a key comes from. */
export type StringOrigin = 'published' | 'draft' | 'locale-file' | 'fallback' | 'english';

export interface StringView {
  key: string;
  /** The English text it is translated from. */
  english: string;
  /** The plural category, for plural forms. */
  plural: string | null;
  /** The language's current text: its latest own translation, else what stands in for it. */
  text: string;
  origin: StringOrigin;
  /** The language `text` is in (the fallback's code for "fallback", "en" for "english"). */
  textLang: string;
  /** The latest saved revision of the key (0: none); send it back as `baseRevision`. */
  revision: number;
  /** The text readers see from the database (null: none published, the locale file or fallback shows). */
  published: string | null;
  placeholders: string[];
}

export interface StringsView {
  lang: string;
  status: StringsState | 'missing';
  /** Counts the writes to the language's strings. */
  revision: number;
  etag: string;
  publishedAt: string | null;
  /** Share of the keys with the language's own translation (locale file, draft or published). */
  completeness: number;
  strings: StringView[];
}

/** One string as sent: its text and, optionally, the revision it was based on (0: none). */
export interface StringEdit {
  key: string;
  text: string;
  base?: number;
}

export type StringOutcome =
  | { key: string; kind: 'saved'; revision: number }
  | { key: string; kind: 'unchanged' }
  | { key: string; kind: 'invalid'; fields: ProblemField[] }
  | { key: string; kind: 'conflict'; current: { text: string; revision: number } };

const etagOf = (lang: string, revision: number): string => `"strings.${lang}.${revision}"`;

/**
 * Translations of the interface strings made in the service, with the workflow of booklet text:
 * every save is a revision; a language's strings go draft -> in-review -> published, and readers
 * (the translator, pages, PDFs) see only published ones, laid over the locale file. Also the
 * `StringsSource` of the translator: its stamp changes with every publication.
 */
export class InterfaceStringService implements StringsSource {
  private memoVersion = Number.NaN;
  private digest = '';
  private publishedMemo = new Map<string, Record<string, string>>();

  constructor(
    private readonly store: InterfaceStringStore,
    readonly catalog: StringCatalog,
    private readonly languages: Languages,
    private readonly audit: AuditLog,
  ) {}

  private refresh(): void {
    const v = this.store.version();
    if (v === this.memoVersion) return;
    const rows = this.store.allPublished();
    this.publishedMemo = new Map();
    for (const r of rows) {
      let strings = this.publishedMemo.get(r.lang);
      if (!strings) this.publishedMemo.set(r.lang, (strings = {}));
      strings[r.key] = r.text;
    }
    // Nothing published: no stamp, so outputs cached before strings were translatable stay valid.
    this.digest =
      rows.length === 0
        ? ''
        : crypto
            .createHash('sha256')
            .update(JSON.stringify(rows.map((r) => [r.lang, r.key, r.text])))
            .digest('base64url')
            .slice(0, 12);
    this.memoVersion = v;
  }

  stamp(): string {
    this.refresh();
    return this.digest;
  }

  published(lang: string): Record<string, string> {
    this.refresh();
    return this.publishedMemo.get(lang) ?? {};
  }

  /** 404 for a language the service does not have. */
  private language(lang: string): void {
    if (!this.languages.find(lang)) throw notFound(`There is no language "${lang}" on this service.`);
  }

  /** English is the source: its strings are the locale file's. */
  private writable(lang: string): void {
    this.language(lang);
    if (lang === DEFAULT_LANGUAGE) {
      throw unprocessable('English is the source of the interface strings: change locales/en/common.json instead.', [
        { field: 'lang', message: 'is the source language', code: 'sourceLanguage' },
      ]);
    }
  }

  /** The text of a key that a reader of a language sees without the language's own translation. */
  private standIn(lang: string, key: string): { text: string; origin: StringOrigin; textLang: string } {
    for (const code of this.languages.fallbackChain(lang)) {
      if (code === DEFAULT_LANGUAGE) break;
      const text = this.published(code)[key] ?? this.catalog.localeFile(code).get(key);
      if (text) return { text, origin: 'fallback', textLang: code };
    }
    return {
      text: this.catalog.keys(lang).find((k) => k.key === key)?.english ?? this.catalog.english.get(key) ?? '',
      origin: 'english',
      textLang: DEFAULT_LANGUAGE,
    };
  }

  /** Every key of a language with its English text, current text and where that comes from. */
  view(lang: string): StringsView {
    this.language(lang);
    const row = this.store.language(lang);
    const latest = new Map(this.store.latest(lang).map((r) => [r.key, r]));
    const published = this.published(lang);
    const file = this.catalog.localeFile(lang);
    const keys = this.catalog.keys(lang);
    let own = 0;
    const strings = keys.map((k): StringView => {
      const rev = latest.get(k.key);
      const base = {
        key: k.key,
        english: k.english,
        plural: k.plural ?? null,
        revision: rev?.id ?? 0,
        published: published[k.key] ?? null,
        placeholders: k.required,
      };
      if (lang === DEFAULT_LANGUAGE) {
        own++;
        return { ...base, text: k.english, origin: 'locale-file', textLang: lang };
      }
      if (rev && rev.text !== '') {
        own++;
        const isPublished = row?.publishedThrough != null && rev.id <= row.publishedThrough;
        return { ...base, text: rev.text, origin: isPublished ? 'published' : 'draft', textLang: lang };
      }
      const fromFile = file.get(k.key);
      if (fromFile) {
        own++;
        return { ...base, text: fromFile, origin: 'locale-file', textLang: lang };
      }
      return { ...base, ...this.standIn(lang, k.key) };
    });
    const revision = row?.revision ?? 0;
    return {
      lang,
      status: row?.state ?? 'missing',
      revision,
      etag: etagOf(lang, revision),
      publishedAt: row?.publishedAt ?? null,
      completeness: keys.length === 0 ? 1 : Math.round((own / keys.length) * 1000) / 1000,
      strings,
    };
  }

  /** Share of a language's keys it has its own translation for (0..1). */
  completeness(lang: string): number {
    return this.view(lang).completeness;
  }

  /** The key of a language, or a 422 naming it. */
  private key(lang: string, key: string): StringKey {
    const k = this.catalog.find(lang, key);
    if (!k)
      throw unprocessable(
        `"${key}" is not an interface string of ${lang} (keys are the dotted keys of locales/en/common.json, with ${lang}'s plural forms).`,
        [{ field: 'key', message: 'unknown key', code: 'unknownKey' }],
      );
    return k;
  }

  /**
   * Saves strings: each is checked (key, placeholders, length) and, when it has a `base`, refused as
   * a conflict if the key was saved since and the text differs from what is saved now. A text that
   * is what the language already has is left alone. The rest is saved together, in one
   * transaction with the state (draft) and the audit record; problems are reported, never dropped.
   */
  save(
    lang: string,
    edits: readonly StringEdit[],
    actor: Actor,
    ifMatch?: string,
    allOrNothing = false,
  ): { outcomes: StringOutcome[]; view: StringsView } {
    this.writable(lang);
    const checked = edits.map((edit) => {
      const k = this.catalog.find(lang, edit.key);
      const fields = k ? stringProblems(k, edit.text) : [{ field: 'key', message: 'unknown key', code: 'unknownKey' }];
      return { edit, fields };
    });
    return this.store.transaction(() => {
      const row = this.store.language(lang);
      if (ifMatch !== undefined && ifMatch.trim() !== '') checkIfMatch(ifMatch, etagOf(lang, row?.revision ?? 0), true);
      const latest = new Map<string, StringRevision>(this.store.latest(lang).map((r) => [r.key, r]));
      const file = this.catalog.localeFile(lang);
      const outcomes = checked.map(({ edit, fields }): StringOutcome => {
        if (fields.length > 0) return { key: edit.key, kind: 'invalid', fields };
        const rev = latest.get(edit.key);
        const current = rev ? rev.text : (file.get(edit.key) ?? '');
        const conflicted: StringOutcome = { key: edit.key, kind: 'conflict', current: { text: rev?.text ?? '', revision: rev?.id ?? 0 } };
        if (edit.base !== undefined) {
          // The text the person started from: a text left as it was is no change, whatever happened since.
          const loaded = edit.base === 0 ? (file.get(edit.key) ?? '') : this.store.revisionText(lang, edit.key, edit.base);
          if (loaded === undefined) return conflicted;
          if (edit.text === loaded || (edit.base === 0 && edit.text === '')) return { key: edit.key, kind: 'unchanged' };
        }
        if (edit.text === current || (!rev && edit.text === '')) return { key: edit.key, kind: 'unchanged' };
        if (edit.base !== undefined && edit.base !== (rev?.id ?? 0)) return conflicted;
        return { key: edit.key, kind: 'saved', revision: this.store.addRevision(lang, edit.key, edit.text, actor.name) };
      });
      const refused = outcomes.filter((o) => o.kind === 'invalid' || o.kind === 'conflict');
      if (allOrNothing && refused.length > 0) {
        throw unprocessable(
          `${refused.length} string(s) could not be saved (${refused
            .map((o) => o.key)
            .slice(0, 10)
            .join(', ')}); nothing was saved.`,
          refused.map((o) => ({ field: o.key, message: o.kind })),
        );
      }
      const saved = outcomes.filter((o) => o.kind === 'saved');
      if (saved.length > 0) {
        this.store.setState(lang, 'draft');
        this.audit.record({
          actor: actor.name,
          action: 'edit-interface-strings',
          target: `strings/${lang}`,
          before: row?.revision ?? 0,
          after: this.store.language(lang)?.revision ?? 0,
          detail: saved
            .map((o) => o.key)
            .join(', ')
            .slice(0, 1000),
        });
      }
      return { outcomes, view: this.view(lang) };
    });
  }

  /** Saves one string (the API): 422 for an unknown key or a text with problems, 409 when it changed since `base`. */
  saveOne(lang: string, edit: StringEdit, actor: Actor, ifMatch?: string): { saved: boolean; view: StringsView } {
    this.writable(lang);
    this.key(lang, edit.key);
    const { outcomes, view } = this.save(lang, [edit], actor, ifMatch);
    const [o] = outcomes;
    if (o?.kind === 'invalid') throw unprocessable(`${edit.key}: ${o.fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, o.fields);
    if (o?.kind === 'conflict') {
      throw conflict(
        `"${edit.key}" was saved by someone else since revision ${edit.base ?? 0}: read it again and save over revision ${o.current.revision}.`,
        { current: o.current },
      );
    }
    return { saved: o?.kind === 'saved', view };
  }

  /** draft -> in-review (whoever may work on the language); draft | in-review -> published (editors: the caller checks). */
  transition(lang: string, action: 'review' | 'publish', actor: Actor, ifMatch?: string): StringsView {
    this.writable(lang);
    return this.store.transaction(() => {
      const row = this.store.language(lang);
      if (ifMatch !== undefined && ifMatch.trim() !== '') checkIfMatch(ifMatch, etagOf(lang, row?.revision ?? 0), true);
      const last = this.store.lastRevisionId(lang);
      if (!row || last === 0)
        throw unprocessable(
          `The ${lang} interface strings have no translations saved in the service yet: there is nothing to ${action === 'review' ? 'submit' : 'publish'}.`,
        );
      if (action === 'review') {
        if (row.state === 'in-review') return this.view(lang);
        if (row.state === 'published' && row.publishedThrough === last)
          throw unprocessable(`Nothing changed since the ${lang} interface strings were published.`);
        this.store.setState(lang, 'in-review');
      } else {
        // Publishing what is published as it is changes nothing (a retried request, a second click).
        if (row.state === 'published' && row.publishedThrough === last) return this.view(lang);
        this.store.publish(lang, last, actor.name);
      }
      this.audit.record({
        actor: actor.name,
        action: `${action}-interface-strings`,
        target: `strings/${lang}`,
        before: row.revision,
        after: this.store.language(lang)?.revision ?? 0,
      });
      return this.view(lang);
    });
  }

  /** The language's strings as XLIFF 2.0, and the ETag they were read at. */
  exportXliff(lang: string): { xml: string; etag: string } {
    this.writable(lang);
    const view = this.view(lang);
    const state = view.status === 'published' ? 'final' : view.status === 'in-review' ? 'reviewed' : 'translated';
    const xml = exportStringsXliff({
      targetLang: lang,
      units: view.strings.map((s) => {
        const own = s.origin === 'draft' || s.origin === 'published' || s.origin === 'locale-file';
        return {
          key: s.key,
          english: s.english,
          ...(own
            ? { target: s.text, state: s.origin === 'published' ? 'final' : s.origin === 'locale-file' ? 'final' : state }
            : { state: 'initial' as const }),
          ...(s.plural
            ? {
                note: `Plural form "${s.plural}" (Intl.PluralRules of ${lang}); the English text shown is its "${this.catalog.english.has(s.key) ? s.plural : 'other'}" form.`,
              }
            : {}),
        };
      }),
    });
    return { xml, etag: view.etag };
  }

  /**
   * Imports an XLIFF file of the language's strings: every unit is read and checked first (unknown
   * keys, placeholders, length: 422 naming each), then the changed ones are saved in one
   * transaction. Units without a target, or with an empty one, change nothing: import never takes
   * text away.
   */
  importXliff(lang: string, xml: string, actor: Actor, ifMatch?: string): { changed: number; view: StringsView } {
    this.writable(lang);
    const units = parseStringsXliff(xml, { targetLang: lang, keys: this.catalog.keys(lang).map((k) => k.key) });
    const edits = units.filter((u) => u.target !== undefined && u.target !== '').map((u) => ({ key: u.key, text: u.target as string }));
    const problems = edits.flatMap((e) => stringProblems(this.key(lang, e.key), e.text).map((f) => ({ ...f, field: `unit ${e.key}` })));
    if (problems.length > 0) {
      throw unprocessable(
        `Invalid XLIFF file: ${problems[0]?.field}: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was imported.`,
        problems,
      );
    }
    const { outcomes, view } = this.save(lang, edits, actor, ifMatch, true);
    return { changed: outcomes.filter((o) => o.kind === 'saved').length, view };
  }
}
