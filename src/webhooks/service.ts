import crypto from 'node:crypto';
import dns from 'node:dns';
import type { Statement } from 'better-sqlite3';
import { badRequest, notFound } from '../errors';
import type { AuditLog } from '../audit/log';
import type { DB } from '../storage/db';

export interface WebhookInfo {
  id: number;
  keyId: string;
  url: string;
  createdAt: string;
}

interface Due {
  id: number;
  url: string;
  secret: string;
  event: string;
  payload: string;
  attempts: number;
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

/** Signature header value: HMAC-SHA-256 over "<timestamp>.<body>" with the webhook's secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Webhooks for partners: registered by admins for a key; events are written to the database in the
 * same transaction as the change that caused them, then delivered in the background with retries
 * and back-off, so publishing never waits for a partner's server.
 */
export class WebhookService {
  private readonly s: Record<string, Statement>;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly backoff: number[];
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly lookup: (hostname: string) => Promise<string[]>;

  constructor(
    private readonly db: DB,
    private readonly options: WebhookOptions = {},
    private readonly audit?: AuditLog,
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.lookup = options.lookup ?? (async (hostname) => (await dns.promises.lookup(hostname, { all: true })).map((a) => a.address));
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
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('url must be an absolute http(s) URL', [{ field: 'url', message: 'not a URL' }]);
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || url.length > 2000) {
      throw badRequest('url must be an absolute http(s) URL', [{ field: 'url', message: 'http or https only' }]);
    }
    if (parsed.username !== '' || parsed.password !== '') {
      throw badRequest('url must not contain a user name or password: deliveries are signed with the webhook secret instead', [
        { field: 'url', message: 'credentials in the URL' },
      ]);
    }
    const unreachable = unroutableHost(parsed.hostname);
    if (unreachable) {
      throw badRequest(`url must name a server that can receive deliveries: ${parsed.hostname} is ${unreachable} address`, [
        { field: 'url', message: `${unreachable} address` },
      ]);
    }
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

  private async attempt(d: Due): Promise<void> {
    const timestamp = String(Math.floor(this.now() / 1000));
    let error: string;
    try {
      // The rule of register() applies to the addresses a host name resolves to at delivery time
      // too, so a name pointing at a metadata service (or changed to one later) gets nothing.
      const host = new URL(d.url).hostname;
      const refused = unroutableHost(host) ?? (await this.refusedAddress(host));
      if (refused) throw new Error(`${host} is ${refused} address; not delivered`);
      const res = await this.fetchImpl(d.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'booklets-webhooks/1',
          'X-Booklets-Event': d.event,
          'X-Booklets-Delivery': String(d.id),
          'X-Booklets-Timestamp': timestamp,
          'X-Booklets-Signature': signature(d.secret, timestamp, d.payload),
        },
        body: d.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        this.s.delivered!.run(new Date(this.now()).toISOString(), d.id);
        return;
      }
      error = `HTTP ${res.status}`;
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

  /** Why one of the addresses `host` resolves to cannot be a receiver, if one cannot. */
  private async refusedAddress(host: string): Promise<string | undefined> {
    if (/^[\d.]+$/.test(host) || host.startsWith('[')) return undefined; // an address, checked already
    for (const address of await this.lookup(host)) {
      const refused = unroutableHost(address.includes(':') ? `[${address}]` : address);
      if (refused) return `${refused} (${address})`;
    }
    return undefined;
  }
}

/** The URL with its user name and password, if any, replaced by "***". */
function withoutCredentials(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '***';
  parsed.password = '';
  return parsed.toString();
}

/**
 * Why a host given as an IP address cannot be a partner's server, or undefined: unspecified,
 * link-local (which includes cloud metadata services at 169.254.169.254), multicast and broadcast
 * addresses, also inside the IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64,
 * 6to4). Loopback and private networks stay allowed: a partner's receiver may run on the same host
 * or in the institution's own network. Host names are checked when a delivery resolves them.
 */
export function unroutableHost(hostname: string): string | undefined {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1).toLowerCase() : hostname;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return unroutableV4(v4.slice(1).map(Number));
  if (!host.includes(':')) return undefined;
  const h = ipv6Hextets(host);
  if (!h) return undefined;
  const embedded = (i: number): number[] => [
    (h[i] as number) >> 8,
    (h[i] as number) & 255,
    (h[i + 1] as number) >> 8,
    (h[i + 1] as number) & 255,
  ];
  const zeros = (from: number, to: number): boolean => h.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'an unspecified';
  if (zeros(0, 7) && h[7] === 1) return undefined; // loopback
  if (zeros(0, 5) && h[5] === 0xffff) return unroutableV4(embedded(6)); // IPv4-mapped
  if (zeros(0, 4) && h[4] === 0xffff && h[5] === 0) return unroutableV4(embedded(6)); // IPv4-translated
  if (zeros(0, 6)) return unroutableV4(embedded(6)); // IPv4-compatible
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return unroutableV4(embedded(6)); // NAT64
  if (h[0] === 0x2002) return unroutableV4(embedded(1)); // 6to4
  if (((h[0] as number) & 0xffc0) === 0xfe80) return 'a link-local';
  if (((h[0] as number) & 0xff00) === 0xff00) return 'a multicast';
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with :: and a dotted IPv4 tail), or undefined. */
function ipv6Hextets(address: string): number[] | undefined {
  let text = address.split('%')[0] as string;
  const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (x: string): string[] => (x === '' ? [] : x.split(':'));
  const head = part(halves[0] as string);
  const rest = halves.length === 2 ? part(halves[1] as string) : [];
  const fill = 8 - head.length - rest.length;
  if ((halves.length === 2 && fill < 1) || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

function unroutableV4([a = 0, b = 0, c = 0, d = 0]: number[]): string | undefined {
  if (a === 0) return 'an unspecified';
  if (a === 169 && b === 254) return 'a link-local';
  if (a >= 224 && a <= 239) return 'a multicast';
  if (a === 255 && b === 255 && c === 255 && d === 255) return 'a broadcast';
  return undefined;
}
