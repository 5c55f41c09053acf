/** "2026-11" as a month in the reader's language ("November 2026", "листопад 2026 р."); `locale` is the language's Intl tag (intlLocale). */
export function formatEdition(edition: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(edition);
  if (!m) return edition;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
}

/** A file size in the reader's language and digits ("245 kB", "1,2 МБ", "۲۴۵ kB"). */
export function formatFileSize(bytes: number, locale: string): string {
  const [value, unit, digits] =
    bytes >= 1_000_000 ? [bytes / 1_000_000, 'megabyte', 1] : bytes >= 1_000 ? [bytes / 1_000, 'kilobyte', 0] : [bytes, 'byte', 0];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
}
