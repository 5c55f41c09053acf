import type { AuditLog } from '../audit/log';
import { conflict, notFound, unprocessable } from '../errors';
import { DEFAULT_LANGUAGE, Language, Languages } from '../i18n/languages';
import { directionOf, languageProblems, ScriptCheck } from './rules';
import type { LanguageInput, LanguageUpdate } from './schema';
import type { LanguageStore } from './store';

export { importLanguages } from './import';
export type { ScriptCheck } from './rules';
export { LanguageInputSchema, LanguageUpdateSchema } from './schema';
export type { LanguageInput, LanguageUpdate } from './schema';

/**
 * Adds, changes, retires and deletes languages, refusing anything the service could not publish:
 * an unknown script, one without a font, a fallback that loops, an alias another language has
 * (`rules.ts`). What a request may send is in `schema.ts`; languages a booklets folder brings are
 * added by `import.ts`.
 */
export class LanguageService {
  constructor(
    private readonly store: LanguageStore,
    readonly languages: Languages,
    private readonly audit: AuditLog,
    private readonly checkScript: ScriptCheck,
  ) {}

  list(): readonly Language[] {
    return this.languages.all();
  }

  get(code: string): Language {
    const l = this.languages.find(code.toLowerCase());
    if (!l) throw notFound(`There is no language "${code}" on this service.`);
    return l;
  }

  add(input: LanguageInput, actor: string): Language {
    return this.store.transaction(() => {
      if (this.languages.find(input.code)) throw conflict(`The language "${input.code}" already exists.`);
      const l: Omit<Language, 'retired'> = {
        code: input.code,
        nativeName: input.nativeName,
        englishName: input.englishName,
        dir: input.dir ?? directionOf(input.script),
        script: input.script,
        fallback: input.fallback ?? null,
        aliases: [...new Set(input.aliases ?? [])],
        numbering: input.numbering ?? null,
        calendar: input.calendar ?? null,
      };
      this.validate(l);
      this.store.insert(l);
      this.audit.record({ actor, action: 'language.add', target: `language:${l.code}`, detail: JSON.stringify(l) });
      return this.get(l.code);
    });
  }

  update(code: string, patch: LanguageUpdate, actor: string): Language {
    return this.store.transaction(() => {
      const current = this.get(code);
      const { retired, ...changes } = patch;
      const next: Omit<Language, 'retired'> = { ...current, ...changes, aliases: [...new Set(changes.aliases ?? current.aliases)] };
      if (changes.script && !changes.dir && changes.script !== current.script) next.dir = directionOf(next.script);
      this.validate(next);
      if (Object.keys(changes).length > 0) {
        this.store.update(next);
        this.audit.record({ actor, action: 'language.update', target: `language:${current.code}`, detail: JSON.stringify(changes) });
      }
      if (retired !== undefined && retired !== current.retired) {
        if (retired) this.checkRetire(current.code);
        this.store.setRetired(current.code, retired);
        this.audit.record({ actor, action: retired ? 'language.retire' : 'language.restore', target: `language:${current.code}` });
      }
      return this.get(current.code);
    });
  }

  /** Deletes a language nothing refers to (a mistake just made); one in use can only be retired. */
  remove(code: string, actor: string): void {
    this.store.transaction(() => {
      const l = this.get(code);
      const uses = this.store.uses(l.code);
      const why = [
        uses.revisions > 0 ? `${uses.revisions} revisions of booklet text or interface strings are written in it` : '',
        uses.booklets > 0 ? `${uses.booklets} booklets have it` : '',
        uses.fallbackOf.length > 0 ? `it is the fallback of ${uses.fallbackOf.join(', ')}` : '',
        l.code === DEFAULT_LANGUAGE ? 'it is the language of the interface strings' : '',
      ].filter(Boolean);
      if (why.length > 0)
        throw conflict(
          `The language "${l.code}" is in use (${why.join('; ')}): retire it instead, which hides it from readers and keeps every revision.`,
        );
      this.store.remove(l.code);
      this.audit.record({ actor, action: 'language.delete', target: `language:${l.code}` });
    });
  }

  private checkRetire(code: string): void {
    if (code === DEFAULT_LANGUAGE) throw conflict(`The language "${code}" cannot be retired: the interface strings are written in it.`);
    const uses = this.store.uses(code);
    if (uses.sourceOf.length > 0)
      throw conflict(`The language "${code}" cannot be retired: it is the source language of ${uses.sourceOf.join(', ')}.`);
  }

  /** 422 naming every problem that stops the language from being published (see `languageProblems`). */
  private validate(l: Omit<Language, 'retired'>): void {
    const problems = languageProblems(l, this.languages, this.checkScript);
    if (problems.length > 0) throw unprocessable(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
}
