import { createTranslator } from '../../src/i18n';
import { Language, Languages } from '../../src/i18n/languages';
import { LanguageStore } from '../../src/languages/store';
import { LOCALES_DIR } from '../../src/paths';
import { openDatabase } from '../../src/storage/db';

/** The languages a new database starts with (the migrations' rows), as plain values. */
export const LANGUAGES: readonly Language[] = new LanguageStore(openDatabase(':memory:')).load();

/** Their codes, in the order readers are offered them. */
export const LANGUAGE_CODES: readonly string[] = LANGUAGES.map((l) => l.code);

/** A fixed registry of those languages (tests of code that takes one). */
export const languages = Languages.of(LANGUAGES);

/** The translator of a new database's languages and the shipped locale files. */
export const testTranslator = (localesDir = LOCALES_DIR) => createTranslator(localesDir, languages);
