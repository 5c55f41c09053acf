import path from 'node:path';
import { z } from 'zod';
import { TrustProxySchema, TrustProxySetting } from './http/security';
import { LOG_CLIENT_MODES, LogClientMode } from './observability/client';
import { LOG_LEVELS, LogLevel } from './observability/logger';
import { METRICS_ACCESS, MetricsAccess } from './observability/metrics';

/** Settings read from the environment once, at start-up. */
export interface Config {
  port: number;
  host: string;
  databasePath: string;
  baseUrl: string;
  bookletsDir: string;
  logLevel: LogLevel;
  /** Readers' addresses in logs: off (default) or anonymised (network only). */
  logClient: LogClientMode;
  trustProxy: TrustProxySetting;
  metrics: { access: MetricsAccess; token?: string | undefined };
  /** Strict-Transport-Security is sent when BASE_URL is https://. */
  hsts: boolean;
  /** IANA time zone of the times /admin shows (history, publication); the host's by default. */
  timeZone: string;
  /** Set on a read-only copy (READ_ONLY=1): writes are refused and sent to PRIMARY_URL. */
  readOnly: ReadOnlySetting | undefined;
}

/** A read-only copy of the service, served from a shipped backup. */
export interface ReadOnlySetting {
  /** Where writes go instead (PRIMARY_URL), named in the refusal. */
  primaryUrl?: string | undefined;
}

/** Whether Intl knows a time zone name ("Asia/Baku", "Europe/Kyiv", "UTC"). */
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

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
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_CLIENT: z.enum(LOG_CLIENT_MODES, { message: `LOG_CLIENT must be one of: ${LOG_CLIENT_MODES.join(', ')}` }).default('off'),
  TRUST_PROXY: TrustProxySchema.default(false),
  METRICS: z.enum(METRICS_ACCESS, { message: `METRICS must be one of: ${METRICS_ACCESS.join(', ')}` }).default('loopback'),
  TIME_ZONE: z.string().refine(isTimeZone, 'TIME_ZONE must be an IANA time zone such as Asia/Baku, Europe/Kyiv or UTC').optional(),
  READ_ONLY: z
    .enum(['0', '1', 'false', 'true', ''], { message: 'READ_ONLY must be 1 or true (a read-only copy), 0 or false' })
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  PRIMARY_URL: z
    .url({ message: 'PRIMARY_URL must be an absolute http(s) URL such as https://booklets.example.org' })
    .refine((u) => /^https?:\/\//i.test(u), 'PRIMARY_URL must start with http:// or https://')
    .optional(),
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{24,200}$/, 'METRICS_TOKEN must be 24 to 200 visible ASCII characters, e.g. from "openssl rand -hex 24"')
    .optional(),
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
    logLevel: e.LOG_LEVEL,
    logClient: e.LOG_CLIENT,
    trustProxy: e.TRUST_PROXY,
    metrics: { access: e.METRICS, token: e.METRICS_TOKEN },
    hsts: /^https:\/\//i.test(e.BASE_URL ?? ''),
    timeZone: e.TIME_ZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    readOnly: e.READ_ONLY ? { primaryUrl: e.PRIMARY_URL?.replace(/\/+$/, '') } : undefined,
  };
}
