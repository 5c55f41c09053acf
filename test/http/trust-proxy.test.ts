import { compileTrustProxy } from '../../src/http/trust-proxy';

describe('the compiled trust proxy setting', () => {
  it('trusts no hop when proxies are not trusted', () => {
    const trust = compileTrustProxy(false);
    expect(trust('127.0.0.1', 0)).toBe(false);
  });

  it('trusts every hop when every proxy is trusted', () => {
    expect(compileTrustProxy(true)('203.0.113.9', 5)).toBe(true);
  });

  it('trusts as many hops as the number of proxies in front', () => {
    const trust = compileTrustProxy(2);
    expect([0, 1, 2].map((i) => trust('203.0.113.9', i))).toEqual([true, true, false]);
  });

  it('trusts the listed addresses, networks and named ranges, as proxy-addr reads them', () => {
    const trust = compileTrustProxy(['loopback', '10.0.0.0/8']);
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('10.1.2.3', 1)).toBe(true);
    expect(trust('203.0.113.9', 0)).toBe(false);
  });
});
