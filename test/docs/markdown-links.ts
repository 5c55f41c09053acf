import fs from 'node:fs';
import path from 'node:path';

/** A link that does not lead anywhere: the file it is in, its line, the target and why. */
export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  problem: string;
}

/**
 * The anchor GitHub gives a heading: lower case, punctuation removed (letters of every script,
 * digits, '-' and '_' stay), each space a '-'. Inline code marks, emphasis and link targets are
 * not part of the text a reader sees, so they are dropped first.
 */
export function slugOf(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The lines of a Markdown file outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): Array<{ text: string; line: number }> {
  const lines: Array<{ text: string; line: number }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const marker = /^\s*(```|~~~)/.exec(text)?.[1];
    if (marker && (fence === undefined || fence === marker)) {
      fence = fence === undefined ? marker : undefined;
      return;
    }
    if (fence === undefined) lines.push({ text, line: i + 1 });
  });
  return lines;
}

/** The anchors of a Markdown file's headings; a repeated heading gets -1, -2… as on GitHub. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = slugOf(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The targets of inline links (`[text](target)`) outside code, with their line numbers. */
export function linksOf(markdown: string): Array<{ target: string; line: number }> {
  const links: Array<{ target: string; line: number }> = [];
  for (const { text, line } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: match[1] as string, line });
    }
  }
  return links;
}

/**
 * Every relative link in `files` (paths relative to `root`) that leads to no file, or to a heading
 * its target does not have. Links with a scheme (https:, mailto:…) are not followed.
 */
export function brokenLinks(root: string, files: readonly string[]): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of files) {
    const from = path.join(root, file);
    for (const { target, line } of linksOf(fs.readFileSync(from, 'utf8'))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [pathPart = '', anchor] = target.split('#', 2);
      const to = pathPart === '' ? from : path.resolve(path.dirname(from), decodeURIComponent(pathPart));
      if (!fs.existsSync(to)) {
        broken.push({ file, line, target, problem: `no file ${path.relative(root, to)}` });
        continue;
      }
      if (anchor === undefined) continue;
      if (fs.statSync(to).isDirectory() || !to.endsWith('.md')) {
        broken.push({ file, line, target, problem: 'an anchor into something that is not a Markdown file' });
      } else if (!anchorsOf(fs.readFileSync(to, 'utf8')).has(anchor)) {
        broken.push({ file, line, target, problem: `no heading #${anchor} in ${path.relative(root, to)}` });
      }
    }
  }
  return broken;
}
