import type { AuditLog } from '../audit/log';
import type { BookletRepository } from '../booklets/repository';
import { checkIfMatch, languageEtag } from './etag';
import type { TranslationService } from './service';
import type { Actor, TranslationView } from './types';
import { validateSection } from './section-rules';
import { exportXliff, parseXliff } from './xliff';
import { collapseWhitespace, ParsedXliffUnit, XliffText, XliffUnit } from './xliff-types';
import { unprocessable } from '../errors';

/**
 * XLIFF 2.0 exchange for translators' CAT tools: a group per section, a unit per field (title and
 * body), the state of the translation in each segment's `state` and notes for the translator.
 * Import finds the section and field in the unit ids and the source revision in the <source>
 * text, never in notes (tools drop or rewrite them); it writes only what changed, in one
 * transaction, so exporting and importing an unchanged file changes nothing.
 */
export class XliffService {
  constructor(
    private readonly repo: BookletRepository,
    private readonly translations: TranslationService,
    private readonly audit: AuditLog,
  ) {}

  /** The file and the ETag it was made from (send it back as If-Match on import). */
  export(slug: string, lang: string): { xml: string; etag: string } {
    const b = this.translations.locate(slug, lang);
    const view = this.translations.view(slug, lang, 'draft');
    const own = new Map(view.sections.map((s) => [s.id, s]));
    const units: XliffUnit[] = this.repo.latestRevisions(b.id, b.sourceLang).map((src) => {
      const tr = own.get(src.key);
      const state = !tr
        ? 'initial'
        : tr.outdated
          ? 'initial'
          : view.status === 'published'
            ? 'final'
            : view.status === 'in-review'
              ? 'reviewed'
              : 'translated';
      return {
        id: src.key,
        source: { title: src.title, body: src.body },
        ...(tr ? { target: { title: tr.title, body: tr.body } } : {}),
        state,
        // For the translator only: import reads neither (see sourceRevisionsFollowed).
        notes: [
          { text: `Source: revision ${src.revisionId} of the ${b.sourceLang} text.` },
          ...(tr?.outdated
            ? [
                {
                  text: `Outdated: the ${b.sourceLang} text changed after this translation was made. Check the translation against the source.`,
                },
              ]
            : []),
        ],
      };
    });
    return { xml: exportXliff({ booklet: slug, sourceLang: b.sourceLang, targetLang: lang, units }), etag: view.etag };
  }

  /**
   * The source revision each unit was translated from: the version of the source section whose text
   * is the unit's <source>. A file exported before the source changed thus stays marked outdated
   * after import, however its translation changed. A <source> that is no version of the section's
   * source text is refused (422): the file was altered, or is not from this service.
   */
  private sourceRevisionsFollowed(
    bookletId: number,
    sourceLang: string,
    lang: string,
    units: readonly ParsedXliffUnit[],
    sources: ReadonlyMap<string, XliffText>,
  ): Map<string, number> {
    const follows = new Map<string, number>();
    if (lang === sourceLang) return follows;
    // Every revision of the source, newest first (so a text the source went back to matches its
    // latest revision); `sectionId` is the section's key here.
    const versions = this.repo.history(bookletId, sourceLang, 1_000_000);
    const unknown: string[] = [];
    for (const unit of units) {
      const source = sources.get(unit.id);
      const match = versions.find(
        (v) => v.sectionId === unit.id && source !== undefined && collapseWhitespace(v.title) === source.title && v.body === source.body,
      );
      if (match) follows.set(unit.id, match.revisionId);
      else unknown.push(unit.id);
    }
    if (unknown.length > 0) {
      throw unprocessable(
        `The <source> of unit(s) ${unknown.map((u) => `"${u}"`).join(', ')} is not the ${sourceLang} text of that section, nor any earlier version of it: export the file again and translate from it.`,
        unknown.map((u) => ({ field: `unit ${u}`, message: 'source text unknown' })),
      );
    }
    return follows;
  }

  /** Imports a file: every unit is checked first; then changed sections become new revisions. */
  import(slug: string, lang: string, xml: string, ifMatch: string | undefined, actor: Actor): { changed: number; view: TranslationView } {
    const b = this.translations.locate(slug, lang);
    const sections = this.repo.sections(b.id);
    const parsed = parseXliff(xml, { booklet: slug, sourceLang: b.sourceLang, targetLang: lang, unitIds: sections.map((s) => s.key) });
    const withTarget = parsed.units.filter((u) => u.target !== undefined);
    for (const unit of withTarget) validateSection(unit.target as { title: string; body: string });
    return this.repo.transaction(() => {
      const row = this.repo.language(b.id, lang);
      checkIfMatch(ifMatch, languageEtag(slug, lang, row?.revision ?? 0), row !== undefined);
      const latest = new Map(this.repo.latestRevisions(b.id, lang).map((r) => [r.key, r]));
      const follows = this.sourceRevisionsFollowed(b.id, b.sourceLang, lang, withTarget, parsed.sources);
      let changed = 0;
      for (const unit of withTarget) {
        const target = unit.target as { title: string; body: string };
        const prev = latest.get(unit.id);
        if (prev && prev.title === target.title && prev.body === target.body) continue;
        const section = sections.find((s) => s.key === unit.id) as { id: number };
        this.repo.addSectionRevision({
          sectionId: section.id,
          lang,
          title: target.title,
          body: target.body,
          sourceRevisionId: follows.get(unit.id) ?? null,
          minor: false,
          createdBy: actor.name,
        });
        changed++;
      }
      if (changed > 0) {
        this.repo.setLanguageState(b.id, lang, 'draft');
        const after = this.repo.language(b.id, lang)?.revision ?? 0;
        this.audit.record({
          actor: actor.name,
          action: 'import-xliff',
          target: `${slug}/${lang}`,
          before: row?.revision ?? 0,
          after,
          detail: `${changed} section(s) changed`,
        });
      }
      return { changed, view: this.translations.view(slug, lang, 'draft') };
    });
  }
}
