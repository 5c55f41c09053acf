import type { Translator } from '../../i18n';
import type { PageChrome, PickerEntry } from './index';

/**
 * The shared parts of a page in one language. `picker` lists the languages to offer; by default
 * every interface language, linking to the catalog in that language.
 */
export function pageChrome(
  translator: Translator,
  lang: string,
  title: string,
  picker: PickerEntry[] = translator.languages.active().map((l) => ({
    lang: l.code,
    name: l.nativeName,
    dir: l.dir,
    href: `/?lang=${l.code}`,
    current: l.code === lang,
  })),
): PageChrome {
  const language = translator.languages.get(lang);
  return {
    lang,
    dir: language.dir,
    t: translator.t(lang),
    title,
    homeHref: `/?lang=${lang}`,
    picker,
  };
}
