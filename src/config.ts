import path from 'node:path';
import { z } from 'zod';

/** Settings read from the environment once, at start-up. */
export interface Config {
  port: number;
  host: string;
  databasePath: string;
  baseUrl: string;
  bookletsDir: string;
}

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ message: 'PORT must be a number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be between 0 and 65535')
    .max(65535, 'PORT must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1, 'DATABASE_PATH must not be empty').default('data/booklets.db'),
  BASE_URL: z
    .url({ message: 'BASE_URL must be an absolute http(s) URL such as https://booklets.example.org' })
    .refine((u) => /^https?:\/\//i.test(u), 'BASE_URL must start with http:// or https://')
    .optional(),
  BOOKLETS_DIR: z.string().min(1).default('booklets'),
});

/** Thrown when the environment is invalid: the message names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment. Relative paths are resolved against `cwd`; BASE_URL defaults to
 * http://localhost:$PORT and never ends with a slash.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(cwd, e.DATABASE_PATH),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    bookletsDir: path.resolve(cwd, e.BOOKLETS_DIR),
  };
}
