import type { Language, Languages } from '../i18n/languages';

/** Scripts written right to left: a language in one of them must say `rtl`, and the other way round. */
const RTL_SCRIPTS = new Set(['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg', 'Mand', 'Samr', 'Yezi']);

/**
 * Why the PDF renderer cannot draw a script (no font for it, or a font fontkit cannot shape), or
 * null when it can. Given by the rendering side, so this module does not depend on it.
 */
export type ScriptCheck = (script: string) => string | null;

export interface LanguageProblem {
  field: string;
  message: string;
}

/** The direction a script is written in. */
export function directionOf(script: string): 'ltr' | 'rtl' {
  return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
}

/**
 * What stops a language (new or changed) from being one the service can publish: a script the
 * renderer cannot draw, a direction against the script, a fallback that is unknown or loops, an
 * alias another language has, or a code that is another language's alias.
 */
export function languageProblems(l: Omit<Language, 'retired'>, languages: Languages, checkScript: ScriptCheck): LanguageProblem[] {
  const problems: LanguageProblem[] = [];
  const scriptProblem = checkScript(l.script);
  if (scriptProblem) problems.push({ field: 'script', message: scriptProblem });
  const rtl = RTL_SCRIPTS.has(l.script);
  if (rtl !== (l.dir === 'rtl'))
    problems.push({
      field: 'dir',
      message: `the ${l.script} script is written ${rtl ? 'right to left: dir must be "rtl"' : 'left to right: dir must be "ltr"'}`,
    });
  if (l.fallback !== null) problems.push(...fallbackProblems(l, l.fallback, languages));
  problems.push(...aliasProblems(l, languages));
  return problems;
}

/** An unknown fallback, or one whose chain leads back to the language. */
function fallbackProblems(l: Omit<Language, 'retired'>, fallback: string, languages: Languages): LanguageProblem[] {
  if (!languages.find(fallback)) return [{ field: 'fallback', message: `there is no language "${fallback}" to fall back to` }];
  const seen = new Set([l.code]);
  for (let next: string | null = fallback; next; next = languages.find(next)?.fallback ?? null) {
    if (seen.has(next)) return [{ field: 'fallback', message: `falling back to "${fallback}" would make a loop back to "${l.code}"` }];
    seen.add(next);
  }
  return [];
}

/** Aliases that are the language's own code or lead to another language; a new code that is another's alias. */
function aliasProblems(l: Omit<Language, 'retired'>, languages: Languages): LanguageProblem[] {
  const problems: LanguageProblem[] = [];
  for (const alias of l.aliases) {
    const owner = languages.all().find((o) => o.code !== l.code && (o.code === alias || o.aliases.includes(alias)));
    if (alias === l.code) problems.push({ field: 'aliases', message: `"${alias}" is the language's own code` });
    else if (owner) problems.push({ field: 'aliases', message: `"${alias}" already leads to ${owner.englishName} (${owner.code})` });
  }
  if (!languages.find(l.code)) {
    const owner = languages.all().find((o) => o.aliases.includes(l.code));
    if (owner)
      problems.push({
        field: 'code',
        message: `"${l.code}" is an alias of ${owner.englishName} (${owner.code}); remove the alias first`,
      });
  }
  return problems;
}
