import type { Request, Response } from 'express';
import { z } from 'zod';
import type { SectionEdit, SectionOutcome } from '../translations/service';
import { sendEditPage } from './edit-page';
import { EditorDeps, fieldMessage, numberFormat, SectionState, sectionTitles, T } from './editor';
import { fieldText, formFields } from './form-body';
import { CsrfField, SectionIdSchema } from './forms';
import { actorOf } from './request';

/** The edit page's form: its token, the pressed Save button, the language's revision and the sections' fields (read by readEditForm). */
export const EditForm = z.object({ csrf: CsrfField, save: z.string().max(64).optional() }).passthrough();

/** One section's fields as the edit page posts them. */
const SectionFields = z.object({
  title: z.string({ message: 'missing' }),
  body: z.string({ message: 'missing' }),
  base: z
    .string({ message: 'missing' })
    .regex(/^(?:0|[1-9]\d{0,14})$/, 'not a revision')
    .transform(Number),
  minor: z.literal('on').optional(),
  uptodate: z.literal('on').optional(),
});

/** Field names of the edit form: `title.<section>`, `body.<section>`, `base.<section>`, `minor.<section>`, `uptodate.<section>`. */
const FIELD = /^(title|body|base|minor|uptodate)\.(.+)$/;

/** Whether a posted form carries section fields (an edit page's), not only its buttons. */
export const hasSectionFields = (req: Request): boolean => Object.keys(formFields(req)).some((name) => FIELD.test(name));

/** Browsers send CRLF line breaks in text areas; the stored text uses LF. Titles are one trimmed line. */
const normalise = (title: string, body: string) => ({ title: title.trim(), body: body.replace(/\r\n?/g, '\n') });

type Broken = { id: string; title: string; body: string };

/**
 * The sections of a posted edit form, grouped by section id: those that can be saved, and those
 * whose fields are missing or damaged (shown back with the saved text, never saved blind).
 */
export function readEditForm(fields: Record<string, unknown>): { edits: SectionEdit[]; broken: Broken[] } {
  const groups = new Map<string, Record<string, unknown>>();
  for (const [name, value] of Object.entries(fields)) {
    const m = FIELD.exec(name);
    if (!m) continue;
    const id = m[2] as string;
    if (!SectionIdSchema.safeParse(id).success) continue;
    groups.set(id, { ...groups.get(id), [m[1] as string]: value });
  }
  const edits: SectionEdit[] = [];
  const broken: Broken[] = [];
  for (const [id, group] of groups) {
    const parsed = SectionFields.safeParse(group);
    if (parsed.success) {
      edits.push({
        sectionId: id,
        base: parsed.data.base,
        ...normalise(parsed.data.title, parsed.data.body),
        minor: parsed.data.minor === 'on',
        confirm: parsed.data.uptodate === 'on',
      });
    } else {
      broken.push({ id, ...normalise(fieldText(group.title) ?? '', fieldText(group.body) ?? '') });
    }
  }
  return { edits, broken };
}

/**
 * Saves the sections of a posted edit page. When all went through, returns the sections saved;
 * otherwise answers with the page again (every text as typed, each problem at its section, the
 * message at `at` prefixed by `prefix`) and returns undefined.
 */
export function saveEditForm(
  deps: EditorDeps,
  ui: string,
  req: Request,
  res: Response,
  target: { slug: string; lang: string },
  at: string | undefined,
  prefix?: string,
): string[] | undefined {
  const { slug, lang: bookletLang } = target;
  const t = deps.admin.views.t(ui) as T;
  const num = numberFormat(ui);
  const { edits, broken } = readEditForm(formFields(req));
  const { outcomes } = deps.translations.saveSections(slug, bookletLang, edits, actorOf(res));
  const saved = outcomes.filter((o) => o.kind === 'saved').map((o) => o.sectionId);
  const problems = outcomes.filter((o) => o.kind === 'conflict' || o.kind === 'invalid');
  if (problems.length === 0 && broken.length === 0) return saved;
  const current = new Map(deps.translations.view(slug, bookletLang, 'draft').sections.map((s) => [s.id, s]));
  const states = statesAfterSave(edits, outcomes, broken, current, t, num);
  const unsaved = [...problems.map((p) => p.sectionId), ...broken.map((b) => b.id)];
  const titles = sectionTitles(deps, slug, bookletLang, num);
  const where = at ?? unsaved.find((id) => titles.has(id));
  const conflicted = problems.some((p) => p.kind === 'conflict');
  sendEditPage(deps, ui, res, slug, bookletLang, broken.length > 0 ? 400 : conflicted ? 409 : 422, {
    states,
    focus: {
      ...(where ? { at: where } : {}),
      links: unsaved.filter((id) => titles.has(id)),
      message: {
        kind: 'error',
        text: [
          prefix ?? '',
          saved.length > 0 ? t('admin.edit.savedSome', { count: saved.length }) : '',
          t('admin.edit.notSaved', { count: unsaved.length }),
        ]
          .filter(Boolean)
          .join(' '),
      },
    },
  });
  return undefined;
}

type Saved = { title: string; body: string; revision: number };

/** Every section's state on the page after a save that did not all go through: as typed, then as its outcome says. */
function statesAfterSave(
  edits: SectionEdit[],
  outcomes: SectionOutcome[],
  broken: Broken[],
  current: Map<string, Saved>,
  t: T,
  num: Intl.NumberFormat,
): Map<string, SectionState> {
  const states = new Map<string, SectionState>();
  for (const edit of edits)
    states.set(edit.sectionId, {
      title: edit.title,
      body: edit.body,
      base: edit.base,
      minor: edit.minor === true,
      upToDate: edit.confirm === true,
    });
  for (const o of outcomes) states.set(o.sectionId, stateAfter(o, states.get(o.sectionId), current.get(o.sectionId), t, num));
  for (const b of broken) {
    const now = current.get(b.id);
    states.set(b.id, {
      title: b.title,
      body: b.body,
      base: now?.revision ?? 0,
      conflict: { title: now?.title ?? '', body: now?.body ?? '', unverified: true },
      errors: [t('admin.edit.brokenSection')],
    });
  }
  return states;
}

/** A section's state on the page after the outcome of its save. */
function stateAfter(
  o: SectionOutcome,
  typed: SectionState | undefined,
  now: Saved | undefined,
  t: T,
  num: Intl.NumberFormat,
): SectionState {
  const text = typed ?? { title: now?.title ?? '', body: now?.body ?? '', base: now?.revision ?? 0 };
  switch (o.kind) {
    case 'saved':
      return { title: now?.title ?? text.title, body: now?.body ?? text.body, base: o.revision, saved: true };
    case 'unchanged':
      // Left as it is: the page shows what is saved now; if that moved on since the page was
      // loaded, the person is told, as the text they had in front of them is no longer the saved one.
      return {
        title: now?.title ?? '',
        body: now?.body ?? '',
        base: now?.revision ?? 0,
        ...(typed && typed.base !== (now?.revision ?? 0) ? { notice: t('admin.edit.updatedMeanwhile') } : {}),
      };
    case 'conflict':
      // The next save is knowingly over the current text: the fields now carry its revision.
      return {
        ...text,
        base: o.current?.revision ?? 0,
        conflict: { title: o.current?.title ?? '', body: o.current?.body ?? '', unverified: o.unverified === true },
      };
    case 'invalid':
      return { ...text, errors: o.fields.map((f) => fieldMessage(t, f, num)) };
  }
}
