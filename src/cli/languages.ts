import type { Writable } from 'node:stream';
import { AppError, usage } from '../errors';
import type { Language } from '../i18n/languages';
import { LanguageInputSchema, LanguageService, LanguageUpdateSchema } from '../languages/service';
import { flags, languageList } from './args';

export const LANGUAGES_USAGE = `languages list
  languages add --code <tag> --native "<name>" --english "<name>" --script <Xxxx>
                [--dir ltr|rtl] [--fallback <code>] [--aliases <tag,tag>]
                [--numbering <system>] [--calendar <calendar>]
  languages update <code> [the options of add but --code]
  languages retire <code> | languages restore <code> | languages delete <code>`;

const OPTIONS = ['code', 'native', 'english', 'script', 'dir', 'fallback', 'aliases', 'numbering', 'calendar'] as const;

/** "none" (or an empty value) clears an optional setting: `--fallback none`. */
const optional = (value: string | undefined): string | null | undefined =>
  value === undefined ? undefined : value === '' || value === 'none' ? null : value;

/** The options given, named as the schemas name them; options not given are left out. */
function fields(f: Map<string, string>): Record<string, unknown> {
  const entries: [string, unknown][] = [
    ['code', f.get('code')],
    ['nativeName', f.get('native')],
    ['englishName', f.get('english')],
    ['script', f.get('script')],
    ['dir', f.get('dir')],
    ['fallback', optional(f.get('fallback'))],
    ['aliases', f.has('aliases') ? (languageList(f.get('aliases')) ?? []) : undefined],
    ['numbering', optional(f.get('numbering'))],
    ['calendar', optional(f.get('calendar'))],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

/** Validates with a schema; problems name the option (`--script: …`). */
function parse<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const option: Record<string, string> = { nativeName: 'native', englishName: 'english' };
  const lines = parsed.error.issues.map((i) => {
    const field = String(i.path[0] ?? '');
    return `--${option[field] ?? field}: ${i.message}`;
  });
  throw usage(lines.join('\n'));
}

function describe(l: Language): string {
  const extra = [
    l.fallback ? `fallback ${l.fallback}` : '',
    l.aliases.length > 0 ? `aliases ${l.aliases.join(',')}` : '',
    l.numbering ? `digits ${l.numbering}` : '',
    l.calendar ? `calendar ${l.calendar}` : '',
    l.retired ? 'retired' : '',
  ].filter(Boolean);
  return `${l.code.padEnd(8)} ${l.script} ${l.dir}  ${l.nativeName} (${l.englishName})${extra.length > 0 ? `  ${extra.join('; ')}` : ''}`;
}

/**
 * `languages list|add|update|retire|restore|delete`: the languages the service publishes in.
 * Returns the exit code: 0 done, 1 refused (in use, conflicts), 2 wrong usage or invalid values.
 */
export function languagesCommand(service: LanguageService, args: string[], out: Writable, err: Writable): number {
  const [sub, ...rest] = args;
  const actor = 'cli';
  try {
    switch (sub) {
      case 'list':
        if (rest.length > 0) throw usage('languages list takes no arguments');
        for (const l of service.list()) out.write(`${describe(l)}\n`);
        return 0;
      case 'add': {
        const input = parse(LanguageInputSchema, fields(flags(rest, OPTIONS)));
        const added = service.add(input, actor);
        out.write(`Added ${describe(added)}\n`);
        out.write(
          `Booklet files for it are named ${added.code}.md; its interface falls back to ${service.languages.fallbackChain(added.code).join(', then ')}.\n`,
        );
        return 0;
      }
      case 'update': {
        const [code, ...options] = rest;
        if (!code || code.startsWith('--')) throw usage('languages update needs the code of the language first');
        const f = flags(
          options,
          OPTIONS.filter((o) => o !== 'code'),
        );
        const patch = parse(LanguageUpdateSchema, fields(f));
        out.write(`Updated ${describe(service.update(code, patch, actor))}\n`);
        return 0;
      }
      case 'retire':
      case 'restore': {
        if (rest.length !== 1) throw usage(`languages ${sub} needs exactly one language code`);
        const l = service.update(rest[0] as string, { retired: sub === 'retire' }, actor);
        out.write(
          sub === 'retire'
            ? `Retired ${l.code}: readers no longer see it; every revision is kept.\n`
            : `Restored ${l.code}: readers see it again.\n`,
        );
        return 0;
      }
      case 'delete': {
        if (rest.length !== 1) throw usage('languages delete needs exactly one language code');
        service.remove(rest[0] as string, actor);
        out.write(`Deleted ${rest[0]}.\n`);
        return 0;
      }
      default:
        throw usage(`languages needs one of: list, add, update, retire, restore, delete\n${LANGUAGES_USAGE}`);
    }
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    err.write(`${e.message}\n`);
    return e.status === 400 || e.status === 422 ? 2 : 1;
  }
}
