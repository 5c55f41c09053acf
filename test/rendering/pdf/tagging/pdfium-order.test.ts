import { pdfiumPageOrder, pdfiumReading, pdfiumRtlShortfall } from '../../../../src/rendering/pdf/tagging/pdfium-order';

// A model of how PDFium puts a line's text together (CPDF_TextPage::CloseTempLine). The reading
// tests (readers.test.ts, rtl.test.ts) check the PDFs it leads to with PDFium itself.

/** The characters of a right-to-left line as they sit on the page, left to right. */
function onPage(logical: string): string {
  return Array.from(logical).reverse().join('');
}

describe("PDFium's reading of a line", () => {
  it('takes a right-to-left line from its right end, each word reversed back', () => {
    expect(pdfiumReading(onPage('حق دسترسی به اطلاعات'), true)).toBe('حق دسترسی به اطلاعات');
  });

  it('takes a right-to-left line as such when the document asks for right-to-left page order, or when most segments are', () => {
    const mixed = `Law on Right ${onPage('قانون')}`; // three Latin segments, one Arabic
    expect(pdfiumReading(mixed, false)).toBe('Law on Right قانون');
    expect(pdfiumReading(mixed, true)).toBe('قانون Right on Law');
  });

  it('reverses the order of the words of a Latin phrase and the parts of an e-mail address in right-to-left text', () => {
    // On the page: the phrase reads left to right, the Arabic word stands to its right.
    expect(pdfiumReading(`Law on the Right ${onPage('مهلت')}`, true)).toBe('مهلت Right the on Law');
    expect(pdfiumReading(`ombudsman@ombudsman.gov.az ${onPage('نشانی:')}`, true)).toBe('نشانی: az.gov.ombudsman@ombudsman');
  });

  it('keeps a number with its separators in one piece (digits, ":", "." and "-" are one class)', () => {
    expect(pdfiumReading(`09:00 ${onPage('ساعت')}`, true)).toBe('ساعت 09:00');
  });

  it('mirrors the brackets it reverses: brackets that stand for the source characters come back turned around', () => {
    expect(pdfiumReading(onPage('(رایگان)'), true)).toBe(')رایگان(');
  });
});

describe('the page-order text that PDFium reads as a given text', () => {
  const lines = [
    'مهلت Law on the Right to Obtain Information را بخوانید.',
    'رایانامه:\u200F ombudsman@ombudsman.gov.az',
    'ساعات کاری: دوشنبه تا جمعه، ساعت 09:00 تا 18:00',
    'الهاتف: +994 12 498-23-78 (مجاناً)',
    'Everyone has the right to obtain information.',
    'می‌توانید «اطلاعات» را درخواست کنید؟',
  ];

  it.each(lines)('is read back as the text itself: %s', (text) => {
    for (const forceRtl of [true, false]) expect(pdfiumReading(pdfiumPageOrder(text, forceRtl), forceRtl)).toBe(text);
  });

  it('is the text itself where PDFium has nothing to reorder', () => {
    expect(pdfiumPageOrder('Everyone has the right to obtain information.', false)).toBe('Everyone has the right to obtain information.');
  });
});

describe('right-to-left segments a line lacks', () => {
  it('counts the Latin segments an Arabic label with an e-mail address has more', () => {
    expect(pdfiumRtlShortfall('البريد: ombudsman@ombudsman.gov.az')).toBe(3); // 4 Latin, 1 Arabic
    expect(pdfiumRtlShortfall('حق دسترسی به اطلاعات')).toBe(0);
  });
});
