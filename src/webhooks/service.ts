import crypto from 'node:crypto';
import dns from 'node:dns';
import type { Statement } from 'better-sqlite3';
import { notFound } from '../errors';
import type { AuditLog } from '../audit/log';
import type { DB } from '../storage/db';
import { receiverUrl, withoutCredentials } from './addresses';
import { Due, post, Sender } from './delivery';

export { unroutableHost } from './addresses';
export { signature } from './delivery';

export interface WebhookInfo {
  id: number;
  keyId: string;
  url: string;
  createdAt: string;
}

export interface WebhookOptions {
  /** Delay before each retry, in ms; the last one repeats until maxAttempts. */
  backoff?: number[];
  maxAttempts?: number;
  timeoutMs?: number;
  /** How often due deliveries are looked for (they are also sent right after each event). */
  pollMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  /** Resolves a receiver's host name to its addresses (dns.lookup by default; tests replace it). */
  lookup?: (hostname: string) => Promise<string[]>;
}

const DEFAULT_BACKOFF = [10_000, 60_000, 300_000, 1_800_000, 3_600_000];

/**
 * Webhooks for partners: registered by admins for a key; events are written to the database in the
 * same transaction as the change that caused them, then delivered in the background with retries
 * and back-off, so publishing never waits for a partner's server. Which addresses may receive
 * deliveries is decided in `addresses.ts`; one delivery is signed and sent by `delivery.ts`.
 */
export class WebhookService {
  private readonly s: Record<string, Statement>;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly backoff: number[];
  private readonly maxAttempts: number;
  private readonly now: () => number;
  private readonly sender: Sender;

  constructor(
    private readonly db: DB,
    private readonly options: WebhookOptions = {},
    private readonly audit?: AuditLog,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.now = options.now ?? Date.now;
    this.sender = {
      fetch: options.fetch ?? fetch,
      now: this.now,
      lookup: options.lookup ?? (async (hostname) => (await dns.promises.lookup(hostname, { all: true })).map((a) => a.address)),
      timeoutMs: options.timeoutMs ?? 10_000,
    };
    this.s = {
      insert: db.prepare(`INSERT INTO webhooks (key_id, url, secret, created_at) VALUES (?, ?, ?, ?)`),
      keyByPublicId: db.prepare(`SELECT id FROM api_keys WHERE public_id = ? AND revoked_at IS NULL`),
      list: db.prepare(
        `SELECT w.id, k.public_id AS keyId, w.url, w.created_at AS createdAt FROM webhooks w JOIN api_keys k ON k.id = w.key_id WHERE w.revoked_at IS NULL ORDER BY w.id`,
      ),
      revoke: db.prepare(`UPDATE webhooks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`),
      active: db.prepare(
        `SELECT w.id FROM webhooks w JOIN api_keys k ON k.id = w.key_id WHERE w.revoked_at IS NULL AND k.revoked_at IS NULL`,
      ),
      enqueue: db.prepare(`INSERT INTO webhook_deliveries (webhook_id, event, payload, next_attempt_at) VALUES (?, ?, ?, ?)`),
      due: db.prepare(`
        SELECT d.id, w.url, w.secret, d.event, d.payload, d.attempts FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.delivered_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= ? AND w.revoked_at IS NULL
        ORDER BY d.next_attempt_at LIMIT 20`),
      delivered: db.prepare(`UPDATE webhook_deliveries SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`),
      retry: db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`),
      giveUp: db.prepare(`UPDATE webhook_deliveries SET attempts = attempts + 1, failed_at = ?, last_error = ? WHERE id = ?`),
      exists: db.prepare(`SELECT 1 FROM webhooks WHERE id = ?`),
      deliveries: db.prepare(
        `SELECT id, event, attempts, delivered_at AS deliveredAt, failed_at AS failedAt, last_error AS lastError FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT 50`,
      ),
    };
  }

  /**
   * Registers an http(s) URL for a key; returns the signing secret (shown once). `actor` names who
   * did it in the audit log, in the same transaction.
   */
  register(keyPublicId: string, url: string, actor = 'system'): WebhookInfo & { secret: string } {
    const parsed = receiverUrl(url);
    const key = this.s.keyByPublicId!.get(keyPublicId) as { id: number } | undefined;
    if (!key) throw notFound(`There is no active key "${keyPublicId}".`);
    const secret = crypto.randomBytes(32).toString('base64url');
    const createdAt = new Date(this.now()).toISOString();
    const id = this.db.transaction(() => {
      const rowId = Number(this.s.insert!.run(key.id, parsed.toString(), secret, createdAt).lastInsertRowid);
      this.audit?.record({
        actor,
        action: 'create-webhook',
        target: `webhook/${rowId}`,
        detail: `key ${keyPublicId}, ${parsed.toString()}`,
      });
      return rowId;
    })();
    return { id, keyId: keyPublicId, url: parsed.toString(), createdAt, secret };
  }

  /**
   * Active webhooks. Credentials in a URL are refused since they could be registered; any kept
   * from before are shown as "***".
   */
  list(): WebhookInfo[] {
    return (this.s.list!.all() as WebhookInfo[]).map((hook) => ({ ...hook, url: withoutCredentials(hook.url) }));
  }

  revoke(id: number, actor = 'system'): void {
    this.db.transaction(() => {
      if (this.s.revoke!.run(new Date(this.now()).toISOString(), id).changes !== 1) throw notFound(`There is no webhook ${id}.`);
      this.audit?.record({ actor, action: 'delete-webhook', target: `webhook/${id}` });
    })();
  }

  /** The latest deliveries of a webhook (also of a revoked one); 404 when there is no such webhook. */
  deliveries(id: number): unknown[] {
    if (this.s.exists!.get(id) === undefined) throw notFound(`There is no webhook ${id}.`);
    return this.s.deliveries!.all(id);
  }

  /** Queues an event for every active webhook. Call inside the transaction of the change. */
  enqueue(event: string, data: Record<string, unknown>): void {
    const payload = JSON.stringify({ id: crypto.randomUUID(), event, createdAt: new Date(this.now()).toISOString(), data });
    for (const { id } of this.s.active!.all() as { id: number }[]) this.s.enqueue!.run(id, event, payload, this.now());
  }

  /** Sends what is due now, in the background; safe to call often. */
  kick(): void {
    setImmediate(() => void this.deliverDue());
  }

  /** Starts polling for due retries (the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.deliverDue(), this.options.pollMs ?? 5_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Delivers every due event once; returns how many were attempted. */
  async deliverDue(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const due = this.s.due!.all(this.now()) as Due[];
      await Promise.all(due.map((d) => this.attempt(d)));
      return due.length;
    } finally {
      this.running = false;
    }
  }

  /** Sends one delivery once and records the outcome: delivered, due again after a back-off, or given up. */
  private async attempt(d: Due): Promise<void> {
    let error: string;
    try {
      const status = await post(d, this.sender);
      if (status >= 200 && status < 300) {
        this.s.delivered!.run(new Date(this.now()).toISOString(), d.id);
        return;
      }
      error = `HTTP ${status}`;
    } catch (e) {
      // Messages may quote the URL: never keep credentials from one (webhooks older than the rule).
      error = e instanceof Error ? e.message.split(d.url).join(withoutCredentials(d.url)).slice(0, 200) : 'request failed';
    }
    if (d.attempts + 1 >= this.maxAttempts) {
      this.s.giveUp!.run(new Date(this.now()).toISOString(), error, d.id);
    } else {
      const delay = this.backoff[Math.min(d.attempts, this.backoff.length - 1)] ?? 60_000;
      this.s.retry!.run(this.now() + delay, error, d.id);
    }
  }
}
