import { scriptSupport } from './fonts/families';

/**
 * What keeps booklets from being printed in a script (ISO 15924 code), in English, or null when a
 * font family draws it: the check the language registry runs when a language is added or changed
 * (see scriptSupport in fonts/families.ts).
 */
export function scriptProblem(script: string): string | null {
  const support = scriptSupport(script);
  return support.ok ? null : support.reason;
}
