/**
 * "2026-11" as a month in the reader's language ("November 2026", "листопад 2026 р.", "آبان ۱۴۰۵");
 * `locale` is the language's Intl tag (intlLocale).
 *
 * The words are Intl's month-and-year (its month name stands alone: "листопад", not the
 * "листопада" of a full date). The order is the one the language's full dates use: where Intl's
 * month-and-year pattern puts the year first but its full date ends with it (Persian: "۱۴۰۵ آبان"
 * beside "۲۴ آبان ۱۴۰۵"), month and year change places, so an edition reads like a publication date.
 */
export function formatEdition(edition: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(edition);
  if (!m) return edition;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).formatToParts(date);
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).formatToParts(date);
  const yearFirst = (list: Intl.DateTimeFormatPart[]): boolean =>
    list.findIndex((p) => p.type === 'year') < list.findIndex((p) => p.type === 'month');
  if (yearFirst(parts) !== yearFirst(full)) {
    const year = parts.findIndex((p) => p.type === 'year');
    const month = parts.findIndex((p) => p.type === 'month');
    [parts[year], parts[month]] = [parts[month] as Intl.DateTimeFormatPart, parts[year] as Intl.DateTimeFormatPart];
  }
  return parts.map((p) => p.value).join('');
}

/** The interface strings that write a file size, by its unit (locales/<lang>/common.json, `format`). */
export type SizeKey = 'format.bytes' | 'format.kilobytes' | 'format.megabytes';

/**
 * A file size as the string `key` and the `value` it is given, rounded for reading: 79 kB, 1.3 MB.
 * The language's string formats the value (its words for the unit, its digits) — usually with Intl's
 * unit formatting, e.g. "{{value, number(style: unit; unit: kilobyte; unitDisplay: long)}}".
 */
export function fileSize(bytes: number): { key: SizeKey; value: number } {
  if (bytes >= 1_000_000) return { key: 'format.megabytes', value: Math.round(bytes / 100_000) / 10 };
  if (bytes >= 1_000) return { key: 'format.kilobytes', value: Math.round(bytes / 1_000) };
  return { key: 'format.bytes', value: bytes };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A whole number in the language's digits, without grouping; `locale` is the language's Intl tag. */
export function formatNumber(n: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: false }); // costly to create; one per language per process
    numberFormats.set(locale, format);
  }
  return format.format(n);
}

/**
 * The marker of item `n` of a numbered list: the language's template (the `format.listItem`
 * string with `{n}` left in it: "{n}.", "{n}-") with the number in the language's digits.
 */
export function listMarker(template: string, n: number, locale: string): string {
  return template.replace('{n}', formatNumber(n, locale));
}

/**
 * A language as Open Graph writes a locale, `language_TERRITORY` ("fa_IR", "uk_UA"): the territory
 * is the one Intl's likely-subtags data gives the language ("fa-AF" for Dari). When Intl knows no
 * territory for it, the bare language, which readers of the tags also accept.
 */
export function openGraphLocale(code: string): string {
  let likely: Intl.Locale;
  try {
    likely = new Intl.Locale(code).maximize();
  } catch {
    return code.replace(/-/g, '_');
  }
  return likely.region ? `${likely.language}_${likely.region}` : likely.language;
}
