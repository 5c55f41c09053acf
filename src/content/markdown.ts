import { Block, CONTACT_FIELDS, ContactField, ContactFields, Span } from './blocks';

/**
 * The booklet Markdown subset (booklets/README.md), read by hand rather than with markdown-it.
 * Measured with markdown-it 15 (preset 'zero', html off, a contact-block plugin): keeping the
 * format took 331 lines against these 254, because headings, lists, links, escapes and `_` all
 * needed rules of our own (CommonMark reads them differently: "##" alone is a heading, lists
 * nest and continue on unindented lines, links take nested brackets and empty addresses). It
 * still differed on 2,185 of 20,000 random bodies containing `*`, all from CommonMark's emphasis
 * rules: `**مهم:**با ۹۱۶ تماس بگیرید.` and `**Important:**Call 916.` would lose their bold, which
 * is how translators write in Persian and Arabic. The format stays ours; the fuzz tests keep it honest.
 */

/** A problem found in a body, with the line (1-based, relative to the body) where it is. */
export interface BodyProblem {
  line: number;
  /** English, for the API and the command line. */
  message: string;
  /** Stable id, for interfaces that say it in the user's language (locales: `validation.<code>`). */
  code: string;
  params?: Record<string, string>;
}

export class BodySyntaxError extends Error {
  constructor(public readonly problems: BodyProblem[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join('; '));
    this.name = 'BodySyntaxError';
  }
}

const SAFE_LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+|tel:[+0-9() -]+)$/i;
const BULLET = /^[-*] +(.*)$/;
const NUMBERED = /^\d{1,3}[.)] +(.*)$/;
const HEADING = /^(#{1,6}) +(.*?)\s*#*\s*$/;

/**
 * Parses a section body written in the booklet Markdown subset (see booklets/README.md).
 * Raw HTML is never interpreted: angle brackets stay as text. Throws BodySyntaxError listing every
 * problem (with its line) when the body cannot be read unambiguously.
 */
export function parseBody(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const problems: BodyProblem[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;

  const flushParagraph = (): void => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', spans: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  const flushList = (): void => {
    if (list) blocks.push({ type: 'list', ordered: list.ordered, items: list.items.map((i) => parseInline(i)) });
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.trim();
    const lineNo = i + 1;
    if (line === '') {
      flushParagraph();
      flushList();
      continue;
    }
    if (line.startsWith(':::')) {
      flushParagraph();
      flushList();
      const kind = line.slice(3).trim();
      if (kind !== 'contact') {
        problems.push({
          line: lineNo,
          message: `unknown block ":::${kind}" (only ":::contact" exists)`,
          code: 'unknownBlock',
          params: { block: `:::${kind}` },
        });
      }
      const fields: Partial<Record<ContactField, string>> = {};
      let closed = false;
      for (i = i + 1; i < lines.length; i++) {
        const fieldLine = (lines[i] ?? '').trim();
        if (fieldLine === ':::') {
          closed = true;
          break;
        }
        if (fieldLine === '') continue;
        const m = /^([a-z]+)\s*:\s*(.*)$/.exec(fieldLine);
        const key = m?.[1] as ContactField | undefined;
        if (!m || !key || !(CONTACT_FIELDS as readonly string[]).includes(key)) {
          problems.push({
            line: i + 1,
            message: `contact field must be one of ${CONTACT_FIELDS.join(', ')} followed by ":"`,
            code: 'contactField',
            params: { fields: CONTACT_FIELDS.join(', ') },
          });
          continue;
        }
        const value = (m[2] ?? '').trim();
        if (value === '') problems.push({ line: i + 1, message: `contact field "${key}" is empty`, code: 'contactEmpty', params: { key } });
        else if (fields[key] !== undefined)
          problems.push({ line: i + 1, message: `contact field "${key}" given twice`, code: 'contactTwice', params: { key } });
        else fields[key] = value;
      }
      if (!closed) problems.push({ line: lineNo, message: 'contact block is not closed with ":::"', code: 'contactUnclosed' });
      if (fields.name === undefined) {
        problems.push({ line: lineNo, message: 'contact block needs a "name:" field', code: 'contactName' });
      } else if (kind === 'contact') {
        if (fields.web !== undefined && !/^https?:\/\//i.test(fields.web)) {
          problems.push({ line: lineNo, message: 'contact "web" must start with https:// or http://', code: 'contactWeb' });
        }
        blocks.push({ type: 'contact', fields: fields as ContactFields });
      }
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading && raw.startsWith('#')) {
      flushParagraph();
      flushList();
      const level = (heading[1] ?? '').length;
      const text = heading[2] ?? '';
      if (level === 1) {
        problems.push({ line: lineNo, message: 'a "# " heading starts a new section and cannot appear inside a body', code: 'headingOne' });
      } else if (level > 3) {
        problems.push({ line: lineNo, message: 'headings deeper than "###" are not supported', code: 'headingDeep' });
      } else if (text === '') {
        problems.push({ line: lineNo, message: 'heading has no text', code: 'headingEmpty' });
      } else {
        blocks.push({ type: 'heading', level: level as 2 | 3, spans: parseInline(text) });
      }
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if ((bullet || numbered) && !raw.startsWith('  ')) {
      flushParagraph();
      const ordered = numbered !== null;
      const itemText = ((bullet ?? numbered)?.[1] ?? '').trim();
      if (list && list.ordered !== ordered) flushList();
      if (!list) list = { ordered, items: [] };
      list.items.push(itemText);
      continue;
    }
    if (list && raw.startsWith('  ')) {
      // Continuation of the previous list item.
      const items: string[] = list.items;
      items[items.length - 1] = `${items[items.length - 1] ?? ''} ${line}`;
      continue;
    }
    flushList();
    paragraph.push(line);
  }
  flushParagraph();
  flushList();
  for (const block of blocks) checkLinks(block, problems);
  if (problems.length > 0) throw new BodySyntaxError(problems);
  return blocks;
}

function checkLinks(block: Block, problems: BodyProblem[]): void {
  const groups = block.type === 'list' ? block.items : block.type === 'contact' ? [] : [block.spans];
  for (const spans of groups) {
    for (const span of spans) {
      if (span.href !== undefined && !SAFE_LINK.test(span.href)) {
        problems.push({
          line: 1,
          message: `link address "${span.href}" must start with https:, http:, mailto: or tel:`,
          code: 'linkAddress',
          params: { href: span.href },
        });
      }
    }
  }
}

/**
 * Parses inline markup: **bold**, *italic*, [text](address) and backslash escapes. Unmatched
 * markers are kept as literal text, so any input yields a result.
 */
export function parseInline(text: string): Span[] {
  const spans: Span[] = [];
  let bold = false;
  let italic = false;
  let buffer = '';
  const push = (t: string, href?: string): void => {
    if (t === '') return;
    const last = spans[spans.length - 1];
    if (last && last.bold === bold && last.italic === italic && last.href === href) {
      last.text += t;
    } else {
      spans.push(href === undefined ? { text: t, bold, italic } : { text: t, bold, italic, href });
    }
  };
  const flush = (): void => {
    push(buffer);
    buffer = '';
  };
  // "[text](address)": the text up to the first "]", then "(", an address without spaces up to the
  // first ")". Where the next "]", ")" and space are is known in advance, so a line of thousands of
  // "[" costs one pass, not one scan per bracket.
  const next = (pattern: RegExp): Int32Array => {
    const at = new Int32Array(text.length + 1).fill(text.length);
    for (let j = text.length - 1; j >= 0; j--) at[j] = pattern.test(text[j] as string) ? j : (at[j + 1] as number);
    return at;
  };
  let closeBracket: Int32Array | undefined;
  let closeParen: Int32Array | undefined;
  let space: Int32Array | undefined;
  const linkAt = (open: number): { text: string; href: string; end: number } | undefined => {
    closeBracket ??= next(/\]/);
    closeParen ??= next(/\)/);
    space ??= next(/\s/);
    const close = closeBracket[open + 1] as number;
    if (close === open + 1 || close >= text.length || text[close + 1] !== '(') return undefined;
    const paren = closeParen[close + 2] as number;
    if (paren === close + 2 || paren >= text.length || (space[close + 2] as number) < paren) return undefined;
    return { text: text.slice(open + 1, close), href: text.slice(close + 2, paren), end: paren + 1 };
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length && /[\\*_[\]()#`>-]/.test(text[i + 1] as string)) {
      buffer += text[i + 1];
      i++;
      continue;
    }
    if (ch === '*' && text[i + 1] === '*') {
      const closing = bold || text.indexOf('**', i + 2) !== -1;
      if (closing) {
        flush();
        bold = !bold;
        i++;
        continue;
      }
    } else if (ch === '*') {
      const closing = italic || hasSingleStarAhead(text, i + 1);
      if (closing) {
        flush();
        italic = !italic;
        continue;
      }
    } else if (ch === '[') {
      const link = linkAt(i);
      if (link) {
        flush();
        for (const inner of parseInline(link.text)) {
          const saved = [bold, italic];
          bold = bold || inner.bold;
          italic = italic || inner.italic;
          push(inner.text, link.href);
          [bold, italic] = saved as [boolean, boolean];
        }
        i = link.end - 1;
        continue;
      }
    }
    buffer += ch;
  }
  flush();
  return spans;
}

function hasSingleStarAhead(text: string, from: number): boolean {
  for (let j = from; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] === '*') {
      if (text[j + 1] === '*') {
        j++;
        continue;
      }
      return true;
    }
  }
  return false;
}
