import { spansText } from '../../src/content/blocks';
import type { LayoutDocument } from '../../src/rendering/layout/model';

/** One element attribute that points somewhere: the tag it is on, the attribute and its value. */
export interface HtmlReference {
  tag: string;
  attr: 'href' | 'src' | 'action' | 'srcset' | 'poster' | 'data';
  value: string;
  /** The whole start tag, for messages and to check marks such as class="online". */
  element: string;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
  '#x60': '`',
  '#x3D': '=',
};

/** Decodes the entities handlebars and the templates produce. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, name: string) => {
    if (ENTITIES[name] !== undefined) return ENTITIES[name];
    if (/^#x/i.test(name)) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (/^#/.test(name)) return String.fromCodePoint(Number(name.slice(1)));
    return m;
  });
}

/** Every attribute of every start tag that references another resource or page. */
export function references(html: string): HtmlReference[] {
  const out: HtmlReference[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>/g)) {
    const [element, name = '', attrs = ''] = tag;
    for (const a of attrs.matchAll(/\s(href|src|action|srcset|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      out.push({
        tag: name.toLowerCase(),
        attr: (a[1] as string).toLowerCase() as HtmlReference['attr'],
        value: decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''),
        element,
      });
    }
  }
  return out;
}

/** The visible text of a page: tags removed, entities decoded, white space collapsed. */
export function visibleText(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/i, ' ');
  // Inline elements join their text; every other tag separates words.
  const inline = body.replace(/<\/?(?:a|strong|em|b|i|span|bdi|bdo|abbr)\b[^>]*>/gi, '');
  return decodeEntities(inline.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every link address written in a booklet's own content (Markdown links and contact web sites). */
export function contentLinks(doc: LayoutDocument): Set<string> {
  const links = new Set<string>();
  for (const section of doc.sections) {
    for (const block of section.blocks) {
      const runs = block.type === 'list' ? block.items : block.type === 'contact' ? [] : [block.spans];
      for (const spans of runs) for (const s of spans) if (s.href !== undefined) links.add(s.href);
      if (block.type === 'contact' && block.fields.web) links.add(block.fields.web);
    }
  }
  return links;
}

/** Texts a reader must find on a page of the booklet: every section title and every block's text. */
export function sectionTexts(doc: LayoutDocument): string[] {
  const texts: string[] = [];
  for (const section of doc.sections) {
    texts.push(section.title);
    for (const block of section.blocks) {
      if (block.type === 'list') texts.push(...block.items.map((i) => spansText(i)));
      else if (block.type === 'contact') texts.push(...Object.values(block.fields).filter((v): v is string => typeof v === 'string'));
      else texts.push(spansText(block.spans));
    }
  }
  return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.length > 0);
}
