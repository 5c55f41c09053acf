/**
 * Accept-Language negotiation (RFC 9110 §12.5.4, basic filtering): q-values, region subtags
 * (uk-UA matches uk), "*", any case. Never throws: a header it cannot read means "no preference".
 */

interface Range {
  tag: string;
  q: number;
  order: number;
}

const TAG = /^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/;
const MAX_HEADER = 4096;

/** Parses an Accept-Language header into ranges sorted by preference; [] when unreadable. */
export function parseAcceptLanguage(header: string | undefined): Range[] {
  if (!header || header.length > MAX_HEADER) return [];
  const ranges: Range[] = [];
  const parts = header.split(',');
  for (let i = 0; i < parts.length && i < 64; i++) {
    const [rawTag, ...params] = (parts[i] ?? '').split(';');
    const tag = (rawTag ?? '').trim().toLowerCase();
    if (tag === '') continue;
    if (!TAG.test(tag)) return [];
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(param);
      if (!m) return [];
      q = Number(m[1]);
    }
    ranges.push({ tag, q, order: i });
  }
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * The best of `available` for this header, or `fallback`. "*" means any language: the fallback
 * (the booklet's source language) is the best choice for it.
 */
export function negotiateLanguage(header: string | undefined, available: readonly string[], fallback: string): string {
  const excluded = new Set<string>();
  for (const range of parseAcceptLanguage(header)) {
    if (range.q === 0) {
      if (range.tag !== '*') excluded.add(range.tag.split('-')[0] as string);
      continue;
    }
    if (range.tag === '*') return available.includes(fallback) && !excluded.has(fallback) ? fallback : (available.find((l) => !excluded.has(l)) ?? fallback);
    const primary = range.tag.split('-')[0] as string;
    const exact = available.find((l) => l === range.tag);
    if (exact && !excluded.has(exact)) return exact;
    const byPrimary = available.find((l) => l === primary);
    if (byPrimary && !excluded.has(byPrimary)) return byPrimary;
  }
  return fallback;
}
