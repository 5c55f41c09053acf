import net from 'node:net';
import type { IncomingMessage } from 'node:http';

/** Whether readers' addresses appear in logs: never (default), or truncated to their network. */
export const LOG_CLIENT_MODES = ['off', 'anonymised'] as const;
export type LogClientMode = (typeof LOG_CLIENT_MODES)[number];

/** Express's compiled `trust proxy` function: may the hop at distance `i` be trusted? */
export type TrustFunction = (address: string, i: number) => boolean;

/**
 * The reader's address as Express computes req.ip: the socket's peer, then the X-Forwarded-For
 * entries from right to left while each hop is trusted. Used for the hot path (which runs before
 * Express) and the application alike, so both log the same thing.
 */
export function clientAddress(req: IncomingMessage, trust: TrustFunction): string | undefined {
  const peer = req.socket?.remoteAddress;
  if (!peer) return undefined;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .slice(-32)
    .reverse();
  const hops = [peer, ...forwarded];
  for (let i = 0; i < hops.length - 1; i++) {
    if (!trust(hops[i] as string, i)) return hops[i];
  }
  return hops[hops.length - 1];
}

/**
 * An address reduced to its network: IPv4 to /24 ("203.0.113.0/24"), IPv6 to /48
 * ("2001:db8:4::/48"); IPv4-mapped IPv6 counts as IPv4. Anything that is not an address gives
 * "invalid": the original text is never returned.
 */
export function anonymiseAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? (mapped[1] as string) : address.replace(/%.*$/, '');
  const version = net.isIP(ip);
  if (version === 4) {
    const [a, b, c] = ip.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (version === 6) {
    const groups = expandIpv6(ip);
    return `${groups
      .slice(0, 3)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':')}::/48`;
  }
  return 'invalid';
}

/** The eight 16-bit groups of a valid IPv6 address, in hex (an embedded IPv4 tail converted). */
function expandIpv6(ip: string): string[] {
  let text = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [, a, b, c, d] = v4.map(Number) as [number, number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right];
}

/**
 * The kind of software of a user agent, without versions or platform details: the first product
 * name ("curl", "python-requests", "Mozilla"), at most 32 characters. Enough to see a misbehaving
 * bot; too little to single out a reader.
 */
export function agentFamily(userAgent: string | undefined): string {
  const m = /^\s*([A-Za-z][A-Za-z0-9._-]{0,31})/.exec(userAgent ?? '');
  return m ? (m[1] as string) : 'unknown';
}
