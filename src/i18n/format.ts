/** "2026-11" as a month in the reader's language ("November 2026", "листопад 2026 р."). */
export function formatEdition(edition: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(edition);
  if (!m) return edition;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
}
