import crypto from 'node:crypto';
import { unroutableHost } from './addresses';

/** A delivery that is due: the event, its receiver and how often it was tried. */
export interface Due {
  id: number;
  url: string;
  secret: string;
  event: string;
  payload: string;
  attempts: number;
}

/** What sending a delivery needs: the clock, the HTTP client, the name resolver and the time limit. */
export interface Sender {
  fetch: typeof fetch;
  now: () => number;
  lookup: (hostname: string) => Promise<string[]>;
  timeoutMs: number;
}

/** Signature header value: HMAC-SHA-256 over "<timestamp>.<body>" with the webhook's secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs one delivery, signed, without following redirects, and returns the receiver's status;
 * throws when the receiver's address is refused or the request fails.
 */
export async function post(d: Due, sender: Sender): Promise<number> {
  const timestamp = String(Math.floor(sender.now() / 1000));
  // The rule of registration applies to the addresses a host name resolves to at delivery time
  // too, so a name pointing at a metadata service (or changed to one later) gets nothing.
  const host = new URL(d.url).hostname;
  const refused = unroutableHost(host) ?? (await refusedAddress(host, sender.lookup));
  if (refused) throw new Error(`${host} is ${refused} address; not delivered`);
  const res = await sender.fetch(d.url, {
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
    signal: AbortSignal.timeout(sender.timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

/** Why one of the addresses `host` resolves to cannot be a receiver, if one cannot. */
async function refusedAddress(host: string, lookup: Sender['lookup']): Promise<string | undefined> {
  if (/^[\d.]+$/.test(host) || host.startsWith('[')) return undefined; // an address, checked already
  for (const address of await lookup(host)) {
    const refused = unroutableHost(address.includes(':') ? `[${address}]` : address);
    if (refused) return `${refused} (${address})`;
  }
  return undefined;
}
