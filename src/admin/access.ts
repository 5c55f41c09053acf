import type { Role } from '../auth/keys';
import { forbidden } from '../errors';
import type { AdminPrincipal } from './sessions';

const RANK: Record<Role, number> = { translator: 1, editor: 2, admin: 3 };

/** The same rules as the API (src/http/auth.ts), for people signed in to /admin. */
export const can = {
  /** Editors and admins: any language; translators: their own languages. */
  work: (p: AdminPrincipal, lang: string): boolean => RANK[p.role] >= RANK.editor || (p.languages ?? []).includes(lang),
  /** The source language is edited by editors; translations by whoever may work on the language. */
  edit: (p: AdminPrincipal, lang: string, sourceLang: string): boolean =>
    lang === sourceLang ? RANK[p.role] >= RANK.editor : can.work(p, lang),
  /** Submitting for review: whoever may work on the language. */
  review: (p: AdminPrincipal, lang: string): boolean => can.work(p, lang),
  /** Publishing and withdrawing: editors and admins. */
  publish: (p: AdminPrincipal): boolean => RANK[p.role] >= RANK.editor,
  /** Adding, changing and retiring languages: admins (as POST/PATCH /api/v1/languages). */
  manageLanguages: (p: AdminPrincipal): boolean => p.role === 'admin',
};

/** 403 unless `allowed`; the admin error page explains it in the reader's language. */
export function allow(allowed: boolean): void {
  if (!allowed) throw forbidden('Your role or languages do not allow this.');
}
