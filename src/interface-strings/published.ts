import crypto from 'node:crypto';
import type { InterfaceStringStore } from './store';

/**
 * The published strings of every language, read again only when the store has changed, and the
 * stamp that names them (it changes with every publication).
 */
export class PublishedStrings {
  private memoVersion = Number.NaN;
  private digest = '';
  private byLang = new Map<string, Record<string, string>>();

  constructor(private readonly store: InterfaceStringStore) {}

  private refresh(): void {
    const v = this.store.version();
    if (v === this.memoVersion) return;
    const rows = this.store.allPublished();
    this.byLang = new Map();
    for (const r of rows) {
      let strings = this.byLang.get(r.lang);
      if (!strings) this.byLang.set(r.lang, (strings = {}));
      strings[r.key] = r.text;
    }
    // Nothing published: no stamp, so outputs cached before strings were translatable stay valid.
    this.digest =
      rows.length === 0
        ? ''
        : crypto
            .createHash('sha256')
            .update(JSON.stringify(rows.map((r) => [r.lang, r.key, r.text])))
            .digest('base64url')
            .slice(0, 12);
    this.memoVersion = v;
  }

  /** A short digest of everything published ('' when nothing is). */
  stamp(): string {
    this.refresh();
    return this.digest;
  }

  /** A language's published strings by key. */
  of(lang: string): Record<string, string> {
    this.refresh();
    return this.byLang.get(lang) ?? {};
  }
}
