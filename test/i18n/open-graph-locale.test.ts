import { openGraphLocale } from '../../src/i18n/format';

describe('a language as an Open Graph locale', () => {
  it.each([
    ['fa', 'fa_IR'],
    ['uk', 'uk_UA'],
    ['az', 'az_AZ'],
    ['prs', 'fa_AF'],
    ['ckb', 'ckb_IQ'],
    ['ka', 'ka_GE'],
  ])('%s is written %s, with the territory Intl finds most likely', (code, locale) => {
    expect(openGraphLocale(code)).toBe(locale);
  });

  it('is the bare language when Intl knows no territory for it', () => {
    expect(openGraphLocale('qaa')).toBe('qaa');
  });
});
