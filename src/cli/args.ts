import { parseArgs, ParseArgsConfig } from 'node:util';
import { usage } from '../errors';

/** Options and positional arguments of one command line. */
export interface CommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** The first thing wrong with a command line: an unknown option or a string option without a value. */
export interface UsageProblem {
  problem: 'unknown' | 'no-value';
  arg: string;
}

/**
 * `node:util` parseArgs, leaving the wording of mistakes to each command: the first unknown option
 * (`-x`, `--colour`, `--force=1` for a flag) or string option without a value (`--name` last, or
 * followed by another `--option`) comes back as a UsageProblem. `--name=value` works too.
 */
export function parseCommandLine(
  args: readonly string[],
  { strings = [], booleans = [] }: { strings?: readonly string[]; booleans?: readonly string[] },
): CommandLine | UsageProblem {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const name of strings) options[name] = { type: 'string' };
  for (const name of booleans) options[name] = { type: 'boolean' };
  const { values, positionals, tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const raw = token.inlineValue ? `${token.rawName}=${token.value}` : token.rawName;
    if (strings.includes(token.name)) {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
        return { problem: 'no-value', arg: token.rawName };
    } else if (!booleans.includes(token.name) || token.inlineValue) {
      return { problem: 'unknown', arg: raw };
    }
  }
  return { values, positionals };
}

/** Reads `--flag value` pairs; a flag without a value, an unknown flag or a positional argument is an error. */
export function flags(args: string[], known: readonly string[]): Map<string, string> {
  const parsed = parseCommandLine(args, { strings: known });
  if ('problem' in parsed) {
    throw usage(parsed.problem === 'unknown' ? `unknown argument "${parsed.arg}"` : `${parsed.arg} needs a value`);
  }
  if (parsed.positionals.length > 0) throw usage(`unknown argument "${parsed.positionals[0]}"`);
  return new Map(Object.entries(parsed.values).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `--lang uk, RU` -> ['uk', 'ru']; no flag -> null (all languages). */
export function languageList(value: string | undefined): string[] | null {
  return (
    value
      ?.split(',')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l !== '') ?? null
  );
}
