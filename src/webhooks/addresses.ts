import { badRequest } from '../errors';

/**
 * The URL a webhook is registered with, or a 400 naming what is wrong: an absolute http(s) URL of
 * at most 2000 characters, without a user name or password, whose host is not an address that
 * cannot be a partner's server (see `unroutableHost`).
 */
export function receiverUrl(url: string): URL {
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
  return parsed;
}

/** The URL with its user name and password, if any, replaced by "***". */
export function withoutCredentials(url: string): string {
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
