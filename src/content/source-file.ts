import { BodySyntaxError, parseBody } from './markdown';
import { SECTION_ID } from '../identifiers';

/** Workflow status written in a source file's front matter. */
export const FILE_STATUSES = ['sample', 'draft', 'in-review', 'published'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

export interface SourceMeta {
  title: string;
  subject: string;
  author: string;
  edition: string;
  status: FileStatus;
  translator: string | null;
  source: boolean;
  /** Place of the booklet in the catalog, lower first (only in the source-language file). */
  order: number | null;
  /** Line of "order" in the file, when given. */
  orderLine?: number;
}

export interface SourceSection {
  id: string;
  title: string;
  body: string;
  /** Line of the section heading in the file (1-based). */
  line: number;
}

export interface SourceFile {
  meta: SourceMeta;
  sections: SourceSection[];
}

export interface FileProblem {
  line: number;
  message: string;
}

export class SourceFileError extends Error {
  constructor(public readonly problems: FileProblem[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join('\n'));
    this.name = 'SourceFileError';
  }
}

const REQUIRED = ['title', 'subject', 'author', 'edition', 'status'] as const;
const KNOWN = new Set<string>([...REQUIRED, 'translator', 'source', 'order']);
export const MAX_ORDER = 9999;
const SECTION_HEADING = /^#\s+(.*?)\s*\{#([^}]*)\}\s*$/;
export const MAX_TITLE = 300;

/**
 * Parses one booklet source file (front matter + `# Title {#id}` sections, see booklets/README.md).
 * Collects every problem with its line and throws SourceFileError if there is any.
 */
export function parseSourceFile(text: string): SourceFile {
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const problems: FileProblem[] = [];
  const fields = new Map<string, { value: string; line: number }>();
  let i = 0;
  if (lines[0]?.trim() !== '---') {
    problems.push({ line: 1, message: 'file must start with front matter: a line "---", key: value lines, and "---"' });
  } else {
    let closed = false;
    for (i = 1; i < lines.length; i++) {
      const line = (lines[i] ?? '').trim();
      if (line === '---') {
        closed = true;
        i++;
        break;
      }
      if (line === '' || line.startsWith('#')) continue;
      const m = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
      if (!m) {
        problems.push({ line: i + 1, message: `front matter line must be "key: value", found "${line.slice(0, 40)}"` });
        continue;
      }
      const key = m[1] ?? '';
      if (!KNOWN.has(key)) problems.push({ line: i + 1, message: `unknown front matter key "${key}"` });
      else if (fields.has(key)) problems.push({ line: i + 1, message: `front matter key "${key}" given twice` });
      else fields.set(key, { value: (m[2] ?? '').trim(), line: i + 1 });
    }
    if (!closed) problems.push({ line: 1, message: 'front matter is not closed with a "---" line' });
  }
  for (const key of REQUIRED) {
    const f = fields.get(key);
    if (!f || f.value === '') problems.push({ line: f?.line ?? 1, message: `front matter needs "${key}"` });
  }
  const edition = fields.get('edition');
  if (edition && edition.value !== '' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(edition.value)) {
    problems.push({ line: edition.line, message: 'edition must be a month written YYYY-MM, e.g. 2026-11' });
  }
  const status = fields.get('status');
  if (status && status.value !== '' && !(FILE_STATUSES as readonly string[]).includes(status.value)) {
    problems.push({ line: status.line, message: `status must be one of ${FILE_STATUSES.join(', ')}` });
  }
  const source = fields.get('source');
  if (source && !['true', 'false'].includes(source.value)) {
    problems.push({ line: source.line, message: 'source must be true or false' });
  }
  const order = fields.get('order');
  if (order && !(/^\d{1,4}$/.test(order.value) && Number(order.value) >= 1)) {
    problems.push({
      line: order.line,
      message: `order must be a whole number from 1 to ${MAX_ORDER}: the booklet's place in the catalog, lower first`,
    });
  }
  for (const key of ['title', 'subject'] as const) {
    const f = fields.get(key);
    if (f && f.value.length > MAX_TITLE) problems.push({ line: f.line, message: `${key} is longer than ${MAX_TITLE} characters` });
  }

  const sections = parseSections(lines, i, problems);
  if (problems.length > 0) throw new SourceFileError(problems);
  const get = (k: string): string => fields.get(k)?.value ?? '';
  return {
    meta: {
      title: get('title'),
      subject: get('subject'),
      author: get('author'),
      edition: get('edition'),
      status: get('status') as FileStatus,
      translator: get('translator') || null,
      source: get('source') === 'true',
      order: order ? Number(order.value) : null,
      ...(order ? { orderLine: order.line } : {}),
    },
    sections,
  };
}

function parseSections(lines: string[], start: number, problems: FileProblem[]): SourceSection[] {
  const sections: SourceSection[] = [];
  const seen = new Set<string>();
  let current: { id: string; title: string; line: number; body: string[] } | null = null;
  const finish = (): void => {
    if (!current) return;
    const body = current.body.join('\n').trim();
    if (body === '') problems.push({ line: current.line, message: `section "${current.id}" has no text` });
    const bodyStart = current.line + 1 + current.body.findIndex((l) => l.trim() !== '');
    try {
      parseBody(body);
    } catch (e) {
      if (!(e instanceof BodySyntaxError)) throw e;
      for (const p of e.problems) problems.push({ line: bodyStart + p.line - 1, message: p.message });
    }
    sections.push({ id: current.id, title: current.title, body, line: current.line });
    current = null;
  };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^#(\s|$)/.test(line)) {
      finish();
      const m = SECTION_HEADING.exec(line);
      if (!m) {
        problems.push({ line: i + 1, message: 'section heading must look like "# Title {#section-id}"' });
        continue;
      }
      const title = (m[1] ?? '').trim();
      const id = m[2] ?? '';
      if (!SECTION_ID.test(id)) {
        problems.push({ line: i + 1, message: `section id "${id}" must use a-z, 0-9 and "-" (at most 64 characters)` });
      } else if (seen.has(id)) {
        problems.push({ line: i + 1, message: `section id "${id}" is used twice` });
      }
      if (title === '') problems.push({ line: i + 1, message: 'section heading has no title' });
      else if (title.length > MAX_TITLE) problems.push({ line: i + 1, message: `section title is longer than ${MAX_TITLE} characters` });
      seen.add(id);
      current = { id, title, line: i + 1, body: [] };
    } else if (current) {
      current.body.push(line);
    } else if (line.trim() !== '') {
      problems.push({ line: i + 1, message: 'text before the first section: start a section with "# Title {#section-id}"' });
    }
  }
  finish();
  if (sections.length === 0 && problems.length === 0) {
    problems.push({ line: start + 1, message: 'file has no sections' });
  }
  return sections;
}
