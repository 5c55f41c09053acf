import type { AuditLog } from '../audit/log';
import { ProblemField, unprocessable } from '../errors';
import { checkIfMatch } from '../translations/etag';
import type { Actor } from '../translations/types';
import { stringProblems } from './catalog';
import type { StringRevision } from './store';
import { StringEdit, StringOutcome, StringsView, stringsEtag } from './types';
import { stringsView, StringsViewDeps } from './view';

export interface SaveDeps extends StringsViewDeps {
  audit: AuditLog;
}

/**
 * Saves strings: each is checked (key, placeholders, length) and, when it has a `base`, refused as
 * a conflict if the key was saved since and the text differs from what is saved now. A text that
 * is what the language already has is left alone. The rest is saved together, in one
 * transaction with the state (draft) and the audit record; problems are reported, never dropped.
 * `allOrNothing`: any refused string refuses them all (422), and nothing is saved.
 */
export function saveStrings(
  deps: SaveDeps,
  lang: string,
  edits: readonly StringEdit[],
  actor: Actor,
  ifMatch: string | undefined,
  allOrNothing: boolean,
): { outcomes: StringOutcome[]; view: StringsView } {
  const { store, catalog } = deps;
  const checked = edits.map((edit) => {
    const k = catalog.find(lang, edit.key);
    const fields = k ? stringProblems(k, edit.text) : [{ field: 'key', message: 'unknown key', code: 'unknownKey' }];
    return { edit, fields };
  });
  return store.transaction(() => {
    const row = store.language(lang);
    if (ifMatch !== undefined && ifMatch.trim() !== '') checkIfMatch(ifMatch, stringsEtag(lang, row?.revision ?? 0), true);
    const latest = new Map<string, StringRevision>(store.latest(lang).map((r) => [r.key, r]));
    const file = catalog.localeFile(lang);
    const outcomes = checked.map(({ edit, fields }) => saveOne(deps, { lang, file, rev: latest.get(edit.key) }, edit, fields, actor));
    const refused = outcomes.filter((o) => o.kind === 'invalid' || o.kind === 'conflict');
    if (allOrNothing && refused.length > 0) {
      throw unprocessable(
        `${refused.length} string(s) could not be saved (${refused
          .map((o) => o.key)
          .slice(0, 10)
          .join(', ')}); nothing was saved.`,
        refused.map((o) => ({ field: o.key, message: o.kind })),
      );
    }
    const saved = outcomes.filter((o) => o.kind === 'saved');
    if (saved.length > 0) {
      store.setState(lang, 'draft');
      deps.audit.record({
        actor: actor.name,
        action: 'edit-interface-strings',
        target: `strings/${lang}`,
        before: row?.revision ?? 0,
        after: store.language(lang)?.revision ?? 0,
        detail: saved
          .map((o) => o.key)
          .join(', ')
          .slice(0, 1000),
      });
    }
    return { outcomes, view: stringsView(deps, lang) };
  });
}

/** What a key has now: the language's locale file and the key's latest revision. */
interface SavedKey {
  lang: string;
  file: ReadonlyMap<string, string>;
  rev: StringRevision | undefined;
}

/** One string of a save, inside its transaction: compared with its base and what is saved now, then written. */
function saveOne(deps: SaveDeps, saved: SavedKey, edit: StringEdit, fields: ProblemField[], actor: Actor): StringOutcome {
  const { lang, file, rev } = saved;
  if (fields.length > 0) return { key: edit.key, kind: 'invalid', fields };
  const current = rev ? rev.text : (file.get(edit.key) ?? '');
  const conflicted: StringOutcome = { key: edit.key, kind: 'conflict', current: { text: rev?.text ?? '', revision: rev?.id ?? 0 } };
  if (edit.base !== undefined) {
    // The text the person started from: a text left as it was is no change, whatever happened since.
    const loaded = edit.base === 0 ? (file.get(edit.key) ?? '') : deps.store.revisionText(lang, edit.key, edit.base);
    if (loaded === undefined) return conflicted;
    if (edit.text === loaded || (edit.base === 0 && edit.text === '')) return { key: edit.key, kind: 'unchanged' };
  }
  if (edit.text === current || (!rev && edit.text === '')) return { key: edit.key, kind: 'unchanged' };
  if (edit.base !== undefined && edit.base !== (rev?.id ?? 0)) return conflicted;
  return { key: edit.key, kind: 'saved', revision: deps.store.addRevision(lang, edit.key, edit.text, actor.name) };
}
