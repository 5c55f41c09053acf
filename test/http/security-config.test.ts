import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config';
import { observedApp, settle } from '../observability/support';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/booklets');

describe('settings of logging, metrics and proxies', () => {
  it('default to no addresses in logs, no trusted proxy, local-only metrics and no HSTS', () => {
    expect(load({})).toMatchObject({ logLevel: 'info', logClient: 'off', trustProxy: false, metrics: { access: 'loopback' }, hsts: false });
  });

  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback', ['loopback']],
    [' 10.0.0.0/8, 192.168.1.4 ,uniquelocal,fd00::/8 ', ['10.0.0.0/8', '192.168.1.4', 'uniquelocal', 'fd00::/8']],
  ])('read TRUST_PROXY=%s', (value, expected) => {
    expect(load({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each(['banana', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '99', '1.2.3.4, nope'])(
    'refuse TRUST_PROXY=%s with a message naming it',
    (value) => {
      expect(() => load({ TRUST_PROXY: value })).toThrow(ConfigError);
      expect(() => load({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    },
  );

  it.each([
    [{ LOG_CLIENT: 'full' }, /LOG_CLIENT must be one of: off, anonymised/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ METRICS: 'yes' }, /METRICS must be one of: off, loopback, public/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be 24 to 200/],
  ])('refuse %o', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('read the anonymised mode, metrics token and HSTS (from an https BASE_URL)', () => {
    const c = load({
      LOG_CLIENT: 'anonymised',
      METRICS: 'public',
      METRICS_TOKEN: 'a'.repeat(32),
      BASE_URL: 'https://booklets.example.org',
    });
    expect(c).toMatchObject({ logClient: 'anonymised', metrics: { access: 'public', token: 'a'.repeat(32) }, hsts: true });
  });
});

describe('trust proxy', () => {
  const viaProxies = (trustProxy: boolean | number | string[]) => async () => {
    const app = observedApp({ trustProxy, logClient: 'anonymised' });
    await request(app.handler).get('/healthz').set('X-Forwarded-For', '203.0.113.50, 198.51.100.7');
    await request(app.handler).get('/booklets/rights/en.pdf').set('X-Forwarded-For', '203.0.113.50, 198.51.100.7');
    await request(app.handler).get('/booklets/rights/en.pdf').set('X-Forwarded-For', '203.0.113.50, 198.51.100.7');
    await settle();
    return [...new Set(app.access().map((l) => l.client))];
  };

  it('decides which address is the client, on the hot path and in the application alike', async () => {
    expect(await viaProxies(false)()).toEqual(['127.0.0.0/24']);
    expect(await viaProxies(1)()).toEqual(['198.51.100.0/24']);
    expect(await viaProxies(2)()).toEqual(['203.0.113.0/24']);
    expect(await viaProxies(true)()).toEqual(['203.0.113.0/24']);
    expect(await viaProxies(['loopback'])()).toEqual(['198.51.100.0/24']);
    expect(await viaProxies(['loopback', '198.51.100.0/24'])()).toEqual(['203.0.113.0/24']);
  });
});
