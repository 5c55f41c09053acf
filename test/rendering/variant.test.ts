import {
  DEFAULT_VARIANT,
  Variant,
  variantDownloadFormat,
  variantFileSuffix,
  variantMetricLabel,
  variantName,
} from '../../src/rendering/variant';

describe('the names of a print variant', () => {
  it.each<[string, Variant, string, string, string, string]>([
    ['the default', DEFAULT_VARIANT, 'a4', '', 'a4', 'pdf'],
    ['A5', { ...DEFAULT_VARIANT, size: 'a5' }, 'a5', '-a5', 'a5', 'pdf-a5'],
    ['a folded booklet', { ...DEFAULT_VARIANT, layout: 'booklet' }, 'a4-booklet', '-booklet', 'a4-booklet', 'pdf-booklet'],
    ['the archive profile', { ...DEFAULT_VARIANT, profile: 'archive' }, 'a4-archive', '-archive', 'a4-archive', 'pdf-archive'],
    ['bilingual', { ...DEFAULT_VARIANT, with: 'az' }, 'a4-with-az', '-az', 'a4-bilingual', 'pdf-bilingual'],
    [
      'everything',
      { size: 'letter', layout: 'pages', profile: 'archive', with: 'fa' },
      'letter-archive-with-fa',
      '-letter-archive-fa',
      'letter-archive-bilingual',
      'pdf-letter-archive-bilingual',
    ],
    ['a draft', { ...DEFAULT_VARIANT, layout: 'booklet', draft: true }, 'a4-booklet-draft', '-booklet', 'a4-booklet', 'pdf-booklet'],
  ])('%s: cache and manifest name, file suffix, metric label and download format', (_what, variant, name, suffix, label, format) => {
    expect([variantName(variant), variantFileSuffix(variant), variantMetricLabel(variant), variantDownloadFormat(variant)]).toEqual([
      name,
      suffix,
      label,
      format,
    ]);
  });

  it('never gives a draft the name of a published PDF', () => {
    expect(variantName({ ...DEFAULT_VARIANT, draft: true })).not.toBe(variantName(DEFAULT_VARIANT));
    expect(variantName({ ...DEFAULT_VARIANT, draft: false })).toBe(variantName(DEFAULT_VARIANT));
  });
});
