import type { Statement } from 'better-sqlite3';
import type { DB } from '../storage/db';

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  beforeRevision: string | null;
  afterRevision: string | null;
  detail: string | null;
}

/** The record of every write: who, what, on which target, revisions before and after, when. */
export class AuditLog {
  private readonly insert: Statement;
  private readonly page: Statement;

  constructor(
    db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, actor, action, target, before_revision, after_revision, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.page = db.prepare(`
      SELECT id, at, actor, action, target, before_revision AS beforeRevision, after_revision AS afterRevision, detail
      FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?`);
  }

  /** Records one write; call inside the write's transaction so both commit or neither. */
  record(e: {
    actor: string;
    action: string;
    target: string;
    before?: string | number | null;
    after?: string | number | null;
    detail?: string;
  }): void {
    this.insert.run(
      this.now().toISOString(),
      e.actor,
      e.action,
      e.target,
      e.before == null ? null : String(e.before),
      e.after == null ? null : String(e.after),
      e.detail ?? null,
    );
  }

  /** Newest first; `before` is the id to continue after (paging). */
  list(limit = 100, before = Number.MAX_SAFE_INTEGER): AuditEntry[] {
    return this.page.all(before, Math.min(Math.max(limit, 1), 500)) as AuditEntry[];
  }
}
