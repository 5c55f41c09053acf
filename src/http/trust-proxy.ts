import proxyaddr from 'proxy-addr';
import type { TrustProxySetting } from './security';
import type { TrustFunction } from '../observability/client';

/**
 * Compiles the configured `trust proxy` setting once, the way Express does for its own setting:
 * true trusts every hop, a number trusts that many hops, a list of addresses, networks and names
 * (loopback, linklocal, uniquelocal) goes to `proxy-addr`'s compile — the library Express uses.
 * The result is given to Express (`app.set('trust proxy', fn)`, so req.ip follows it) and to the
 * request observer (the hot path runs before Express), so both agree on the reader's address
 * without reading Express's private settings.
 */
export function compileTrustProxy(setting: TrustProxySetting = false): TrustFunction {
  if (setting === true) return () => true;
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, i) => i < setting;
  return proxyaddr.compile(setting);
}
