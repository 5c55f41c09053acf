import { z } from 'zod';

/**
 * The identifiers of the service, written once: routes validate with these schemas, the OpenAPI
 * document is generated from them, and parsers of addresses, files and forms use the patterns.
 */

/** Booklet slugs and section ids: lower-case letters, digits and inner hyphens, at most 64 characters. */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Section ids follow the rule of slugs. */
export const SECTION_ID = SLUG;

/**
 * A language code as addresses and queries carry it (`uk`, `fa`, `prs`, `fa-AF`); any case. Both
 * cases are spelled out instead of an `i` flag: JSON Schema patterns (the OpenAPI document) have no flags.
 */
const LANGUAGE_CODE_PART = '[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?';
export const LANGUAGE_CODE = new RegExp(`^${LANGUAGE_CODE_PART}$`);

/**
 * The last segment of a booklet file's address: a language code, an optional edition and an
 * optional extension (`uk`, `uk.pdf`, `uk.<16 hex digits>.pdf`).
 */
export const BOOKLET_FILE = new RegExp(`^${LANGUAGE_CODE_PART}(?:\\.[0-9a-fA-F]{16}(?=\\.))?(?:\\.[A-Za-z0-9]{1,10})?$`);

/** The edition of a booklet language: 16 hexadecimal digits in an edition address (`uk.<edition>.pdf`). */
export const EDITION = /^[0-9a-f]{16}$/i;

/** The public id of an API key (the part after `bk_`). */
export const KEY_ID = /^[A-Za-z0-9]{10}$/;

const SLUG_MESSAGE = 'may contain only a-z, 0-9 and "-"';

export const SlugSchema = z
  .string()
  .max(64, 'is longer than 64 characters')
  .regex(SLUG, SLUG_MESSAGE)
  .meta({ description: 'Booklet name: lower-case letters, digits and inner hyphens', examples: ['right-to-information'] });

export const SectionIdSchema = z
  .string()
  .max(64, 'is longer than 64 characters')
  .regex(SECTION_ID, SLUG_MESSAGE)
  .meta({ description: 'Section id: lower-case letters, digits and inner hyphens', examples: ['your-rights'] });

/** A well-formed language code, lower-cased; whether the service has the language is checked later. */
export const LanguageCodeSchema = z
  .string()
  .max(12, 'is longer than 12 characters')
  .regex(LANGUAGE_CODE, 'must be a language code such as "uk" or "fa"')
  .meta({ description: 'Language code (ISO 639, optionally with a region)', examples: ['uk'] });

export const KeyIdSchema = z
  .string()
  .regex(KEY_ID, 'must be the id of a key (see keys list)')
  .meta({ description: 'The public id of an API key', examples: ['Ab3dE5gH9k'] });
