// Reads a PDF from stdin with pdfjs-dist and prints what a reader's tools see, as JSON on stdout:
// page count and sizes, metadata, outline titles, viewer preferences and every text item with its
// position, the structure tree of every page (tagged PDF), MarkInfo and page labels. pdfjs-dist is published as ES modules only, so tests (CommonJS under jest) run this
// script in a child process; see test/helpers/pdf.ts for the typed side.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** The 1-based page a destination (a name or an explicit array) points to, or null. */
async function destinationPage(pdf, dest) {
  if (dest == null) return null;
  const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
  if (!Array.isArray(explicit) || explicit[0] == null) return null;
  return (await pdf.getPageIndex(explicit[0])) + 1;
}

/** Outline entries depth-first, with their nesting depth and target page, so tests can check order and level. */
async function flattenOutline(pdf, items, depth, out) {
  for (const item of items ?? []) {
    out.push({ title: item.title, depth, url: item.url ?? null, page: await destinationPage(pdf, item.dest) });
    await flattenOutline(pdf, item.items, depth + 1, out);
  }
  return out;
}

async function main() {
  const data = await readStdin();
  // Fonts are embedded, so no font data or system fonts are needed; verbosity 0 keeps stdout clean.
  const pdf = await getDocument({
    data,
    verbosity: 0,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const { info } = await pdf.getMetadata();
  const outline = await flattenOutline(pdf, await pdf.getOutline(), 0, []);
  const viewerPreferences = (await pdf.getViewerPreferences()) ?? {};
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const annotations = await page.getAnnotations();
    const structTree = await page.getStructTree();
    pages.push({
      width: viewport.width,
      height: viewport.height,
      items: content.items
        .filter((item) => 'str' in item)
        .map((item) => ({
          str: item.str,
          dir: item.dir,
          x: item.transform[4],
          y: item.transform[5],
          width: item.width,
          height: item.height,
          fontName: item.fontName,
          hasEOL: item.hasEOL,
        })),
      links: await Promise.all(
        annotations
          .filter((a) => a.subtype === 'Link')
          .map(async (a) => ({
            url: a.url ?? null,
            dest: typeof a.dest === 'string' ? a.dest : null,
            destPage: await destinationPage(pdf, a.dest),
            contents: a.contentsObj?.str ?? null,
            rect: a.rect,
          })),
      ),
      structTree: structTree ?? null,
    });
    page.cleanup();
  }
  const result = {
    numPages: pdf.numPages,
    info,
    lang: typeof info.Language === 'string' ? info.Language : null,
    title: typeof info.Title === 'string' ? info.Title : null,
    displayDocTitle: viewerPreferences.DisplayDocTitle === true,
    direction: viewerPreferences.Direction ?? null,
    outline,
    markInfo: (await pdf.getMarkInfo()) ?? null,
    pageLabels: (await pdf.getPageLabels()) ?? null,
    pages,
  };
  await pdf.destroy();
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
