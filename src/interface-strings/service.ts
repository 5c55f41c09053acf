import type { AuditLog } from '../audit/log';
import { conflict, notFound, unprocessable } from '../errors';
import type { StringsSource } from '../i18n';
import { DEFAULT_LANGUAGE, Languages } from '../i18n/languages';
import { checkIfMatch } from '../translations/etag';
import type { Actor } from '../translations/types';
import { StringCatalog, StringKey, stringProblems } from './catalog';
import { PublishedStrings } from './published';
import { saveStrings, SaveDeps } from './save';
import type { InterfaceStringStore } from './store';
import { StringEdit, StringOutcome, StringsView, stringsEtag } from './types';
import { stringsView } from './view';
import { exportStringsXliff, parseStringsXliff } from './xliff';

export type { StringEdit, StringOrigin, StringOutcome, StringsView, StringView } from './types';

/**
 * Translations of the interface strings made in the service, with the workflow of booklet text:
 * every save is a revision; a language's strings go draft -> in-review -> published, and readers
 * (the translator, pages, PDFs) see only published ones, laid over the locale file. Also the
 * `StringsSource` of the translator: its stamp changes with every publication.
 *
 * The view of a language is built in `view.ts`, saves are checked and written in `save.ts`, the
 * published strings and their stamp are kept in `published.ts`.
 */
export class InterfaceStringService implements StringsSource {
  private readonly deps: SaveDeps;

  constructor(
    private readonly store: InterfaceStringStore,
    readonly catalog: StringCatalog,
    private readonly languages: Languages,
    private readonly audit: AuditLog,
  ) {
    this.deps = { store, catalog, languages, audit, published: new PublishedStrings(store) };
  }

  stamp(): string {
    return this.deps.published.stamp();
  }

  published(lang: string): Record<string, string> {
    return this.deps.published.of(lang);
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

  /** Every key of a language with its English text, current text and where that comes from. */
  view(lang: string): StringsView {
    this.language(lang);
    return stringsView(this.deps, lang);
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
   * Saves strings, each checked and compared with the revision it was based on (see `saveStrings`);
   * problems are reported, never dropped, unless `allOrNothing` refuses them all.
   */
  save(
    lang: string,
    edits: readonly StringEdit[],
    actor: Actor,
    ifMatch?: string,
    allOrNothing = false,
  ): { outcomes: StringOutcome[]; view: StringsView } {
    this.writable(lang);
    return saveStrings(this.deps, lang, edits, actor, ifMatch, allOrNothing);
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
      if (ifMatch !== undefined && ifMatch.trim() !== '') checkIfMatch(ifMatch, stringsEtag(lang, row?.revision ?? 0), true);
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
