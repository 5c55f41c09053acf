import { negotiateLanguage, parseAcceptLanguage } from '../../src/http/negotiate';
import { languages } from '../factories/languages';

const AVAILABLE = ['en', 'az', 'uk', 'ru', 'ar', 'fa'];

describe('Accept-Language negotiation', () => {
  it.each([
    ['uk-UA,uk;q=0.9,ru;q=0.8', 'uk'],
    ['fa-IR', 'fa'],
    ['de-DE,de;q=0.9', 'en'],
    ['*', 'en'],
    ['@@@ not a header ;;;', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['RU-ru', 'ru'],
    ['de;q=0.9,ar;q=0.95', 'ar'],
    ['ru;q=0.5,az', 'az'],
    ['uk;q=0,ru', 'ru'],
    ['en;q=1.5', 'en'],
    ['de, *;q=0.5', 'en'],
    ['x'.repeat(10_000), 'en'],
  ])('%s -> %s', (header, expected) => {
    expect(negotiateLanguage(header, languages, AVAILABLE, 'en')).toBe(expected);
  });

  it('prefers the booklet source language for "*" when it is not English', () => {
    expect(negotiateLanguage('*', languages, ['az', 'en'], 'az')).toBe('az');
  });

  it('falls back to the source language when nothing matches', () => {
    expect(negotiateLanguage('de', languages, ['uk', 'ru'], 'uk')).toBe('uk');
  });

  it('keeps equal q-values in header order', () => {
    expect(parseAcceptLanguage('ru, uk').map((r) => r.tag)).toEqual(['ru', 'uk']);
  });
});
