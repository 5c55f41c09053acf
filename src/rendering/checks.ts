import type { Script } from '../i18n/languages';
import type { FontScript } from './bidi';
import { codePointLabel, unshownCharacters } from './coverage';
import { fontScriptFor } from './pdf/text/text';

/**
 * Content checks at save: Markdown the booklet subset (src/content/markdown.ts) does not support and
 * characters no PDF font can draw. The parser accepts all of these without complaint and prints
 * something else than the translator meant (a table becomes one line of pipes, an image "!" and a
 * link, HTML its tags as text; an emoji disappears from the PDF), so they are warnings: the text is
 * saved, and the translator is told. Errors that block a save stay in validateSection.
 *
 * Pure: no database, no HTTP, no language of the interface (see check-messages.ts for the words).
 */

/** Stable ids of the warnings, in the order they are listed for one line. */
export const CHECK_CODES = ['table', 'image', 'html', 'footnote', 'setext-heading', 'unsupported-characters'] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

/** A character the PDF cannot draw. */
export interface UnshownCharacter {
  char: string;
  /** "U+1F600" */
  codePoint: string;
}

/** Something the booklet format will not show as the translator wrote it. Never blocks a save. */
export interface ContentWarning {
  code: CheckCode;
  field: 'title' | 'body';
  /** 1-based line within the field, as in validation errors (always 1 for the title). */
  line: number;
  /** The offending text as typed, at most SAMPLE_LENGTH characters (with "…" where cut). */
  sample: string;
  /** unsupported-characters only: each character once, in order of appearance. */
  characters?: UnshownCharacter[];
}

export const SAMPLE_LENGTH = 40;

/**
 * The warnings for one section written in a language of `script` (ISO 15924; it chooses the font for
 * digits and punctuation, as the renderer does).
 */
export function checkSection(section: { title: string; body: string }, script: Script): ContentWarning[] {
  const context = fontScriptFor(script);
  const warnings: ContentWarning[] = [];
  // The title is one line of plain text: only inline constructs and characters can go wrong there.
  warnings.push(...inlineWarnings(section.title, 'title', 1));
  warnings.push(...characterWarnings(section.title, 'title', 1, context));
  const lines = section.body.split(/\r\n?|\n/);
  const body: ContentWarning[] = [...blockWarnings(lines)];
  lines.forEach((line, i) => {
    body.push(...inlineWarnings(line, 'body', i + 1));
    body.push(...characterWarnings(line, 'body', i + 1, context));
  });
  const order = (w: ContentWarning): number => CHECK_CODES.indexOf(w.code);
  return [...warnings, ...body.sort((a, b) => a.line - b.line || order(a) - order(b))];
}

// The parser's backslash escapes (parseInline): an escaped character is literal text, never syntax.
const ESCAPE = /\\[\\*_[\]()#`>-]/g;
// The parser's link syntax (parseInline); its address is left alone (a "<" in a URL is no HTML).
// Every character class stops at the next bracket it looks for, so a line of thousands of "[" or
// "![x](" is scanned once, not once per bracket (no quadratic backtracking).
const LINK = /\[([^\][]+)\]\(([^()\s]+)\)/g;
const IMAGE = /!\[[^\][]*\]\([^()]*\)/;
const FOOTNOTE = /\[\^[^\][\s]+\](?::)?/;
// Tags of real HTML elements only, so that "<your name>" or "a <b and c> d" in prose stay quiet.
const TAG = /<\/?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?\/?>/g;
const COMMENT = /<!--/;
const ENTITY = /&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});/;
const HTML_ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo big blink blockquote body br button canvas caption center cite code col ' +
    'colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form frame frameset ' +
    'h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark marquee menu meta ' +
    'meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section ' +
    'select small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title ' +
    'tr track tt u ul var video wbr'
  ).split(' '),
);

/** The line with escaped characters and link addresses blanked out (same length, so indexes hold). */
function syntaxOnly(line: string): string {
  return line
    .replace(ESCAPE, '\0\0')
    .replace(LINK, (whole: string, text: string, href: string) => `[${text}](${'\0'.repeat(href.length)})`);
}

/** Image, raw HTML and footnote syntax on one line: at most one warning of each per line. */
function inlineWarnings(line: string, field: ContentWarning['field'], lineNo: number): ContentWarning[] {
  const text = syntaxOnly(line);
  const out: ContentWarning[] = [];
  const found = (code: CheckCode, m: RegExpMatchArray | null | undefined): void => {
    if (m?.index !== undefined) out.push({ code, field, line: lineNo, sample: shorten(line.slice(m.index, m.index + m[0].length)) });
  };
  found('image', IMAGE.exec(text));
  const tag = [...text.matchAll(TAG)].find((m) => HTML_ELEMENTS.has((m[1] as string).toLowerCase()));
  // The first HTML on the line, whichever kind it is.
  const html = [tag, COMMENT.exec(text), ENTITY.exec(text)].filter((m) => m != null).sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  found('html', html[0]);
  found('footnote', FOOTNOTE.exec(text));
  return out;
}

/** Characters the PDF cannot draw on one line: one warning listing each of them once. */
function characterWarnings(line: string, field: ContentWarning['field'], lineNo: number, context: FontScript): ContentWarning[] {
  const chars = [...line];
  const missing: UnshownCharacter[] = [];
  let first = -1;
  for (const { char, index } of unshownCharacters(line, context)) {
    if (first < 0) first = index;
    if (!missing.some((m) => m.char === char)) missing.push({ char, codePoint: codePointLabel(char) });
  }
  if (missing.length === 0) return [];
  // The sample is the line around the first such character, so the translator can find it.
  const start = Math.max(0, Math.min(first - 15, chars.length - SAMPLE_LENGTH));
  const sample = `${start > 0 ? '…' : ''}${shorten(chars.slice(start).join('').trim())}`;
  return [{ code: 'unsupported-characters', field, line: lineNo, sample, characters: missing }];
}

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?$|^\|\s*:?-+:?\s*\|$/;
const PIPE_ROW = /^\|.*\|/;
const UNDERLINE = /^(={2,}|-{2,})$/;
const NOT_PARAGRAPH = /^(#{1,6} |[-*] |\d{1,3}[.)] |:::|\|)/;

/**
 * Tables and setext headings: constructs of several lines, found on the body's lines outside contact
 * blocks (whose lines are fields, never Markdown).
 */
function blockWarnings(lines: readonly string[]): ContentWarning[] {
  const out: ContentWarning[] = [];
  const trimmed = lines.map((l) => l.trim());
  const at = (i: number): string => trimmed[i] ?? '';
  for (let i = 0; i < lines.length; i++) {
    const line = at(i);
    if (line.startsWith(':::')) {
      while (i + 1 < lines.length && at(i + 1) !== ':::') i++;
      i++;
      continue;
    }
    // A table: a header row above a delimiter row ("--- | ---"), or rows that start with "|".
    const headed = line.includes('|') && DELIMITER_ROW.test(at(i + 1));
    if (headed || (PIPE_ROW.test(line) && PIPE_ROW.test(at(i + 1)))) {
      out.push({ code: 'table', field: 'body', line: i + 1, sample: shorten(line) });
      while (i + 1 < lines.length && at(i + 1).includes('|')) i++;
      continue;
    }
    // A setext heading: a line of "=" or "-" under paragraph text (shown as "Title ===").
    if (line !== '' && !NOT_PARAGRAPH.test(line) && UNDERLINE.test(at(i + 1)) && !UNDERLINE.test(line)) {
      out.push({ code: 'setext-heading', field: 'body', line: i + 1, sample: shorten(line) });
      i++;
    }
  }
  return out;
}

/** At most SAMPLE_LENGTH characters (code points, so an emoji is never cut in half). */
function shorten(text: string): string {
  const chars = [...text];
  return chars.length <= SAMPLE_LENGTH ? text : `${chars.slice(0, SAMPLE_LENGTH - 1).join('')}…`;
}
