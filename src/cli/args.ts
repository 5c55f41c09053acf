import { AppError } from '../errors';

/** Reads `--flag value` pairs; a flag without a value or an unknown flag is an error. */
export function flags(args: string[], known: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--') || !known.includes(name)) throw new AppError(400, 'usage', `unknown argument "${arg}"`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new AppError(400, 'usage', `${arg} needs a value`);
    result.set(name, value);
    i++;
  }
  return result;
}

/** `--lang uk, RU` -> ['uk', 'ru']; no flag -> null (all languages). */
export function languageList(value: string | undefined): string[] | null {
  return value?.split(',').map((l) => l.trim().toLowerCase()).filter((l) => l !== '') ?? null;
}
