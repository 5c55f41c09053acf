import { AppError, conflict, unprocessable } from '../errors';
import type { TranslationDeps } from './context';
import { viewTranslation } from './reading';
import { validateSection } from './section-rules';
import type { Actor, NewBooklet, TranslationView } from './types';

/** Creates a booklet with its source sections, published as draft (not visible to readers). */
export function createBooklet(deps: TranslationDeps, input: NewBooklet, actor: Actor): TranslationView {
  const { repo } = deps;
  checkNewBooklet(deps, input);
  return repo.transaction(() => {
    if (repo.findBooklet(input.slug)) throw conflict(`A booklet "${input.slug}" already exists.`);
    const b = repo.createBooklet(input.slug, input.sourceLanguage);
    const placed = repo.placeSections(
      b.id,
      input.sections.map((s) => s.id),
    );
    for (const section of input.sections) {
      repo.addSectionRevision({
        sectionId: placed.get(section.id) as number,
        lang: input.sourceLanguage,
        title: section.title,
        body: section.body,
        sourceRevisionId: null,
        minor: false,
        createdBy: actor.name,
      });
    }
    repo.addMeta({
      bookletId: b.id,
      lang: input.sourceLanguage,
      title: input.title,
      subject: input.subject,
      author: input.author,
      edition: input.edition,
      translator: null,
      sample: false,
      createdBy: actor.name,
    });
    repo.setLanguageState(b.id, input.sourceLanguage, 'draft');
    deps.audit.record({ actor: actor.name, action: 'create-booklet', target: input.slug, after: 1 });
    return viewTranslation(deps, input.slug, input.sourceLanguage, 'draft');
  });
}

/** 422 for a source language the service does not have, a section id used twice or a section that breaks the rules. */
function checkNewBooklet(deps: TranslationDeps, input: NewBooklet): void {
  if (!deps.languages.isActive(input.sourceLanguage)) {
    const codes = deps.languages.codes().join(', ');
    throw unprocessable(`sourceLanguage: must be a language of the service: one of ${codes}`, [
      { field: 'sourceLanguage', message: `must be one of: ${codes}` },
    ]);
  }
  const ids = new Set<string>();
  input.sections.forEach((section, i) => {
    if (ids.has(section.id))
      throw unprocessable(`sections[${i}].id "${section.id}" is used twice`, [{ field: `sections.${i}.id`, message: 'must be unique' }]);
    ids.add(section.id);
    try {
      validateSection(section);
    } catch (e) {
      if (e instanceof AppError)
        throw unprocessable(
          `sections[${i}]: ${e.message}`,
          e.fields.map((f) => ({ field: `sections.${i}.${f.field}`, message: f.message })),
        );
      throw e;
    }
  });
}
