import { renderPdf } from '../../../../src/rendering/pdf';
import type { LayoutDocument } from '../../../../src/rendering/layout/model';
import { layoutDocument, longDocument, paragraph, section, standardBlocks, TEXT } from '../../../factories/layout';
import { documentText, ExtractedPdf, extractPdf, normalizeSpace, PdfPage, PdfStructNode, structElements } from '../../../helpers/pdf';
import { actualTexts, pdfSource, streamTexts, xmpMetadata } from '../../../helpers/pdf-streams';

/** Page content streams (pdfkit starts each with the flip of the y axis). */
function contentStreams(bytes: Buffer): string[] {
  return streamTexts(bytes).filter((s) => s.startsWith('1 0 0 -1 0 '));
}

/**
 * Operators that put ink on the page (text objects, stroked or filled paths) outside any marked
 * content that is either structure content (MCID) or an artifact, and whether BDC/EMC balance.
 */
function untagged(stream: string): { loose: string[]; balanced: boolean } {
  const stack: string[] = [];
  const loose: string[] = [];
  for (const line of stream.split('\n')) {
    if (line.endsWith('BDC')) stack.push(line);
    else if (line === 'EMC') stack.pop();
    else if (line === 'BT' || line === 'S' || line === 'f') {
      if (!stack.some((m) => m.includes('/MCID') || m.startsWith('/Artifact'))) loose.push(line);
    }
  }
  return { loose, balanced: stack.length === 0 };
}

function elements(pdf: ExtractedPdf): PdfStructNode[] {
  return pdf.pages.flatMap((p) => structElements(p.structTree));
}

describe('an accessible booklet (the default profile)', () => {
  const doc = longDocument('en');
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    pdf = await extractPdf(bytes);
  });

  it('declares itself a tagged PDF/UA-1 document, in its language, showing its title', () => {
    expect(pdf.markInfo?.Marked).toBe(true);
    expect(xmpMetadata(bytes)).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmpMetadata(bytes)).toContain(`<rdf:li xml:lang="x-default">${doc.title}</rdf:li>`);
    expect(pdfSource(bytes)).toContain('/StructTreeRoot');
    expect(pdf.lang).toBe('en');
    expect(pdf.title).toBe(doc.title);
    expect(pdf.displayDocTitle).toBe(true);
  });

  it('writes no CIDSet (pdfkit would write a fixed, wrong one for PDF/UA)', () => {
    expect(pdfSource(bytes)).not.toContain('/CIDSet');
  });

  it('has a structure tree on every page, under one Document', () => {
    for (const page of pdf.pages) {
      expect(page.structTree).not.toBeNull();
      expect(page.structTree?.children.map((c) => ('role' in c ? c.role : c.type))).toEqual(['Document']);
    }
  });

  it("tags the cover's QR code as a figure, with its alternative text and bounding box", () => {
    const figures = structElements((pdf.pages[0] as PdfPage).structTree).filter((e) => e.role === 'Figure');
    expect(figures).toHaveLength(1);
    expect(figures[0]?.alt).toBe(doc.labels.cover.qrAlt);
    expect(figures[0]?.bbox).toHaveLength(4);
    expect(figures[0]?.children.some((c) => 'type' in c && c.type === 'content')).toBe(true);
  });

  it('tags the contents as a TOC whose items link to the sections', () => {
    const roles = structElements((pdf.pages[1] as PdfPage).structTree).map((e) => e.role);
    expect(roles.filter((r) => r === 'TOCI')).toHaveLength(doc.sections.length);
    expect(roles.filter((r) => r === 'Link')).toHaveLength(doc.sections.length);
    expect(roles).toContain('TOC');
  });

  it('tags each section as a Sect that starts with its title (H1), then its headings, paragraphs and lists', () => {
    const all = elements(pdf);
    const first = structElements((pdf.pages[2] as PdfPage).structTree).find((e) => e.role === 'Sect') as PdfStructNode;
    const kids = first.children.filter((c): c is PdfStructNode => 'role' in c).map((c) => c.role);
    expect(kids.slice(0, 7)).toEqual(['H1', 'P', 'H2', 'P', 'L', 'P', 'H3']);
    const roles = new Set(all.map((e) => e.role));
    for (const role of ['Sect', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'LBody', 'Lbl', 'Div', 'Link']) expect(roles).toContain(role);
    // Numbered items have a label (the number) and a body; bullets are decoration, not labels.
    const items = all.filter((e) => e.role === 'LI');
    const labelled = items.filter((li) => li.children.some((c) => 'role' in c && c.role === 'Lbl'));
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.length).toBeLessThan(items.length);
  });

  it('marks running headers, footers, frames, underlines, leaders and bullets as artifacts: nothing is drawn untagged', () => {
    const streams = contentStreams(bytes);
    expect(streams).toHaveLength(pdf.numPages);
    for (const stream of streams) expect(untagged(stream)).toEqual({ loose: [], balanced: true });
    const source = streams.join('\n');
    const count = (s: string): number => source.split(s).length - 1;
    expect(count('/Artifact <</Type /Pagination /Subtype /Header>> BDC')).toBe(pdf.numPages - 2);
    expect(count('/Artifact <</Type /Pagination /Subtype /Footer>> BDC')).toBe(pdf.numPages - 1);
  });

  it('ties every link annotation to a Link element, with a description', () => {
    pdf.pages.forEach((page) => {
      const links = structElements(page.structTree).filter((e) => e.role === 'Link');
      const objects = links.flatMap((l) => l.children.filter((c) => 'type' in c && c.type === 'object'));
      expect(objects).toHaveLength(page.links.length);
      for (const link of page.links) expect(link.contents).toBeTruthy();
    });
  });

  it('needs no ActualText for left-to-right text', () => {
    expect(actualTexts(bytes)).toEqual([]);
  });
});

describe('right-to-left text in a tagged PDF', () => {
  const AR = 'اتصل بالرقم 916 (مجاناً) واقرأ Law on the Right to Obtain Information قبل الزيارة.';
  const doc: LayoutDocument = layoutDocument('ar', {
    sections: [
      section('ar', 's1', TEXT.ar.sections[0] ?? '', [paragraph(AR), ...standardBlocks('ar')]),
      section('en', 's2', 'How to send a request', [paragraph(TEXT.en.paragraphs[0] ?? '')], 'لم يُترجم بعد.'),
    ],
  });
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    bytes = await renderPdf(doc);
    pdf = await extractPdf(bytes);
  });

  it('wraps no line in ActualText that poppler would read (a Span): it would reverse the text again', () => {
    for (const stream of contentStreams(bytes)) expect(stream).not.toMatch(/\/Span <<[^>]*\/ActualText/);
  });

  it('gives PDFium replacement text for the runs it would misread, in a span of their own', () => {
    // The Latin law title in the Arabic line: PDFium takes its words from the right end.
    expect(actualTexts(bytes)).toContain('Information Obtain to Right the on Law');
    for (const stream of contentStreams(bytes)) expect(untagged(stream).balanced).toBe(true);
  });

  it('gives PDFium no replacement text where it reads the glyphs right: a paragraph of Arabic words', async () => {
    const plain = layoutDocument('ar', {
      sections: [section('ar', 's', TEXT.ar.sections[0] ?? '', [paragraph(TEXT.ar.paragraphs[1] ?? '')])],
    });
    const page = contentStreams(await renderPdf(plain))[1] as string; // cover, the section, the closing page
    const body = /\/P <<\/MCID \d+>> BDC\n([\s\S]*?)\nEMC\n(?!EMC)/.exec(page)?.[1] ?? '';
    expect(body.match(/\] TJ/g)?.length).toBeGreaterThan(1); // several lines
    expect(body).not.toContain('/ActualText');
  });

  it('gives the section shown in English its own language, and its notice the reader’s', () => {
    const sects = elements(pdf).filter((e) => e.role === 'Sect');
    const english = sects.find((s) => s.lang === 'en');
    expect(english).toBeDefined();
    const notice = english?.children.find((c): c is PdfStructNode => 'role' in c && c.role === 'P' && c.lang === 'ar');
    expect(notice).toBeDefined();
    expect(sects.filter((s) => s.lang === undefined).length).toBeGreaterThan(0); // the Arabic one inherits /Lang ar
    expect(pdf.lang).toBe('ar');
  });

  it('draws Persian ZWNJ as a glyph of its own, which pdf.js drops from its text by design', async () => {
    const fa = layoutDocument('fa', { sections: [section('fa', 's', 'بخش', [paragraph(TEXT.fa.paragraphs[0] ?? '')])] });
    const faPdf = await extractPdf(await renderPdf(fa));
    expect(documentText(faPdf)).not.toContain('\u200c');
    expect(documentText(faPdf)).toContain('میتوانید');
  });
});

describe('an archive booklet (PDF/A-2b)', () => {
  const doc = layoutDocument('uk', { title: 'Права & обов’язки <проєкт>' });
  let bytes: Buffer;
  let pdf: ExtractedPdf;

  beforeAll(async () => {
    bytes = await renderPdf(doc, { size: 'a4', layout: 'pages', profile: 'archive' });
    pdf = await extractPdf(bytes);
  });

  it('identifies itself as PDF/A-2b with an sRGB output intent', () => {
    const xmp = xmpMetadata(bytes);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).not.toContain('pdfuaid');
    const source = pdfSource(bytes);
    expect(source).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(source).toContain('/S /GTS_PDFA1');
    expect(source).toContain('/DestOutputProfile');
  });

  it('still gives back its text and keeps its structure tree', () => {
    const text = documentText(pdf);
    expect(text).toContain(normalizeSpace(TEXT.uk.paragraphs[1] ?? ''));
    expect(pdf.pages.every((p) => p.structTree !== null)).toBe(true);
  });

  it('escapes the title in the XMP metadata and keeps it as written in the document information', () => {
    expect(pdf.title).toBe(doc.title);
    expect(xmpMetadata(bytes)).toContain('<rdf:li xml:lang="x-default">Права &amp; обов’язки &lt;проєкт&gt;</rdf:li>');
  });
});
