import fs from 'node:fs';
import { z } from 'zod';
import type { AuditLog } from '../audit/log';
import { conflict, notFound, unprocessable } from '../errors';
import { DEFAULT_LANGUAGE, Language, Languages } from '../i18n/languages';
import { LANGUAGE_CODE } from '../identifiers';
import type { LanguageStore } from './store';

/** Scripts written right to left: a language in one of them must say `rtl`, and the other way round. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

const NUMBERING = new Set(Intl.supportedValuesOf('numberingSystem'));
const CALENDARS = new Set(Intl.supportedValuesOf('calendar'));

const tag = (what: string) =>
  z
    .string()
    .trim()
    .max(12)
    .regex(LANGUAGE_CODE, `${what} must be a BCP 47 language tag such as "prs" or "fa-AF"`)
    .refine((t) => {
      try {
        return Intl.getCanonicalLocales(t).length === 1;
      } catch {
        return false;
      }
    }, `${what} is not a valid BCP 47 language tag`)
    .transform((t) => t.toLowerCase());

const name = (what: string) => z.string().trim().min(1, `${what} is required`).max(60, `${what} must be at most 60 characters`);

const fields = {
  nativeName: name('the native name'),
  englishName: name('the English name'),
  dir: z.enum(['ltr', 'rtl'], { message: 'dir must be "ltr" or "rtl"' }),
  script: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{4}$/, 'script must be an ISO 15924 code of four letters, such as "Arab" or "Geor"')
    .transform((s) => s[0]!.toUpperCase() + s.slice(1).toLowerCase()),
  fallback: tag('fallback').nullable(),
  aliases: z.array(tag('each alias')).max(10, 'at most 10 aliases'),
  numbering: z
    .string()
    .trim()
    .refine((n) => NUMBERING.has(n), 'numbering must be an Intl numbering system such as "latn" or "arabext"')
    .nullable(),
  calendar: z
    .string()
    .trim()
    .refine((c) => CALENDARS.has(c), 'calendar must be an Intl calendar such as "gregory" or "persian"')
    .nullable(),
};

/** A new language: code, names and script are required; direction follows the script when left out. */
export const LanguageInputSchema = z
  .object({
    code: tag('code'),
    nativeName: fields.nativeName,
    englishName: fields.englishName,
    dir: fields.dir.optional(),
    script: fields.script,
    fallback: fields.fallback.optional(),
    aliases: fields.aliases.optional(),
    numbering: fields.numbering.optional(),
    calendar: fields.calendar.optional(),
  })
  .strict()
  .meta({ id: 'LanguageInput', description: 'A language to add (admins)' });

/** Changes to a language: any of its fields but the code; `retired` retires or restores it. */
export const LanguageUpdateSchema = z
  .object({
    nativeName: fields.nativeName.optional(),
    englishName: fields.englishName.optional(),
    dir: fields.dir.optional(),
    script: fields.script.optional(),
    fallback: fields.fallback.optional(),
    aliases: fields.aliases.optional(),
    numbering: fields.numbering.optional(),
    calendar: fields.calendar.optional(),
    retired: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'LanguageUpdate', description: 'Changes to a language (admins)' });

export type LanguageInput = z.infer<typeof LanguageInputSchema>;
export type LanguageUpdate = z.infer<typeof LanguageUpdateSchema>;

/**
 * Why the PDF renderer cannot draw a script (no font for it, or a font fontkit cannot shape), or
 * null when it can. Given by the rendering side, so this module does not depend on it.
 */
export type ScriptCheck = (script: string) => string | null;

/**
 * Adds, changes, retires and deletes languages, refusing anything the service could not publish:
 * an unknown script, one without a font, a fallback that loops, an alias another language has.
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
        dir: input.dir ?? (RTL_SCRIPTS.has(input.script) ? 'rtl' : 'ltr'),
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
      if (changes.script && !changes.dir && changes.script !== current.script) next.dir = RTL_SCRIPTS.has(next.script) ? 'rtl' : 'ltr';
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

  private validate(l: Omit<Language, 'retired'>): void {
    const problems: { field: string; message: string }[] = [];
    const scriptProblem = this.checkScript(l.script);
    if (scriptProblem) problems.push({ field: 'script', message: scriptProblem });
    const rtl = RTL_SCRIPTS.has(l.script);
    if (rtl !== (l.dir === 'rtl'))
      problems.push({
        field: 'dir',
        message: `the ${l.script} script is written ${rtl ? 'right to left: dir must be "rtl"' : 'left to right: dir must be "ltr"'}`,
      });
    if (l.fallback !== null) {
      if (!this.languages.find(l.fallback))
        problems.push({ field: 'fallback', message: `there is no language "${l.fallback}" to fall back to` });
      else {
        const seen = new Set([l.code]);
        for (let next: string | null = l.fallback; next; next = this.languages.find(next)?.fallback ?? null) {
          if (seen.has(next)) {
            problems.push({ field: 'fallback', message: `falling back to "${l.fallback}" would make a loop back to "${l.code}"` });
            break;
          }
          seen.add(next);
        }
      }
    }
    for (const alias of l.aliases) {
      const owner = this.languages.all().find((o) => o.code !== l.code && (o.code === alias || o.aliases.includes(alias)));
      if (alias === l.code) problems.push({ field: 'aliases', message: `"${alias}" is the language's own code` });
      else if (owner) problems.push({ field: 'aliases', message: `"${alias}" already leads to ${owner.englishName} (${owner.code})` });
    }
    if (!this.languages.find(l.code)) {
      const owner = this.languages.all().find((o) => o.aliases.includes(l.code));
      if (owner)
        problems.push({
          field: 'code',
          message: `"${l.code}" is an alias of ${owner.englishName} (${owner.code}); remove the alias first`,
        });
    }
    if (problems.length > 0) throw unprocessable(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
}

/**
 * The languages a booklets folder brings (`languages.json`: an array of languages as `add` takes
 * them), added when the service does not have them yet; languages it has are left as they are.
 * Returns the codes added. A folder without the file brings none.
 */
export function importLanguages(service: LanguageService, file: string, actor = 'import'): string[] {
  if (!fs.existsSync(file)) return [];
  let list: unknown;
  try {
    list = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw unprocessable(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = z.array(LanguageInputSchema).safeParse(list);
  if (!parsed.success) {
    throw unprocessable(`${file}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`);
  }
  return parsed.data.filter((l) => !service.languages.find(l.code)).map((l) => service.add(l, actor).code);
}
