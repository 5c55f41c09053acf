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

/** Finds the language a tag asks for (aliases and primary subtags included); see Languages.match. */
export interface TagMatcher {
  match(tag: string): { code: string } | undefined;
  /** Languages whose readers also read this one's fallbacks ("prs" -> ["fa"]), tried before the next range. */
  fallbacks?(code: string): string[];
}

/**
 * The first language in the header's order of preference that is `available`: by its code, an
 * alias ("fa-AF" -> Dari) or its primary subtag ("uk-UA" -> uk). "*" takes `fallback` (or the first
 * available); q=0 excludes a language. A language that is not available is stood in for by its
 * fallbacks (Persian for Dari) before the next range. `fallback` when nothing matches.
 */
export function negotiateLanguage(
  header: string | undefined,
  languages: TagMatcher,
  available: readonly string[],
  fallback: string,
): string {
  const excluded = new Set<string>();
  const usable = (code: string): boolean => available.includes(code) && !excluded.has(code);
  for (const range of parseAcceptLanguage(header)) {
    if (range.tag === '*') {
      if (range.q === 0) continue;
      return usable(fallback) ? fallback : (available.find(usable) ?? fallback);
    }
    const code = languages.match(range.tag)?.code;
    if (!code) continue;
    if (range.q === 0) excluded.add(code);
    else {
      const found = [code, ...(languages.fallbacks?.(code) ?? [])].find(usable);
      if (found) return found;
    }
  }
  return fallback;
}
