import type { Translator } from '../i18n';
import { checkSection, CheckCode, ContentWarning, UnshownCharacter } from './checks';

/** Locale key (under `checks`) of each warning's text; the code stays stable if a key is renamed. */
const MESSAGE_KEYS: Record<CheckCode, string> = {
  table: 'checks.table',
  image: 'checks.image',
  html: 'checks.html',
  footnote: 'checks.footnote',
  'setext-heading': 'checks.setextHeading',
  'unsupported-characters': 'checks.unsupportedCharacters',
};

/** A content warning as the API returns it and the editor shows it next to a section. */
export interface SectionWarning {
  code: CheckCode;
  field: 'title' | 'body';
  /** Section id. */
  section: string;
  /** 1-based line within the field (always 1 for the title). */
  line: number;
  /** The offending text as typed (short); show it as text, never as HTML. */
  sample: string;
  /** Where, what happens to it and what to write instead, in the interface language. Plain text. */
  message: string;
  characters?: UnshownCharacter[];
}

// First strong isolate … pop directional isolate: typed text and code points keep their own
// direction inside a right-to-left sentence ("<b>" would otherwise show as ">b<" next to Arabic).
const isolate = (text: string): string => `\u2068${text}\u2069`;

/**
 * The warning as one sentence in the interface language `lang` ("Line 3: images are not supported:
 * … Describe the picture in words instead."). Plain text: escape it for HTML like any other text.
 */
export function warningMessage(warning: ContentWarning, translator: Translator, lang: string): string {
  const t = translator.t(lang);
  const rtl = translator.languages.find(lang)?.dir === 'rtl';
  const typed = (text: string): string => (rtl ? isolate(text) : text);
  const characters = (warning.characters ?? []).map((c) => typed(`${c.char} (${c.codePoint})`));
  const text = t(MESSAGE_KEYS[warning.code], { sample: typed(warning.sample), characters });
  return warning.field === 'title' ? t('checks.inTitle', { message: text }) : t('checks.onLine', { line: warning.line, message: text });
}

/**
 * Checks sections written in `contentLang` and words the warnings in the interface language
 * `uiLang`: what the API answers after a save, and what the admin editor shows next to each
 * section (filter by `section`). Never throws for text that was saved.
 */
export function sectionWarnings(
  sections: readonly { id: string; title: string; body: string }[],
  contentLang: string,
  translator: Translator,
  uiLang: string,
): SectionWarning[] {
  return sections.flatMap((s) =>
    checkSection(s, translator.languages.find(contentLang)?.script ?? 'Latn').map((w) => ({
      code: w.code,
      field: w.field,
      section: s.id,
      line: w.line,
      sample: w.sample,
      message: warningMessage(w, translator, uiLang),
      ...(w.characters ? { characters: w.characters } : {}),
    })),
  );
}

/**
 * The same warnings grouped by section id, for a page that lists sections (the admin editor shows
 * `get(section.id) ?? []` next to each). Sections without warnings have no entry.
 */
export function warningsBySection(
  sections: readonly { id: string; title: string; body: string }[],
  contentLang: string,
  translator: Translator,
  uiLang: string,
): Map<string, SectionWarning[]> {
  const bySection = new Map<string, SectionWarning[]>();
  for (const w of sectionWarnings(sections, contentLang, translator, uiLang))
    bySection.set(w.section, [...(bySection.get(w.section) ?? []), w]);
  return bySection;
}
