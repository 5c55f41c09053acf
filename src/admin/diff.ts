import { diffArrays } from 'diff';

/** A piece of a word-level diff: text kept, removed (del) or added (ins). */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

/**
 * Words, single punctuation marks and the whitespace between them, so the parts join back into
 * the texts exactly and "it." → "it at any time." is one insertion, not a changed word. Joiners
 * (ZWNJ, ZWJ) and combining marks belong to words (Persian). The `diff` package's own word
 * tokenizer counts only Latin letters as word characters (Cyrillic and Arabic words would be
 * diffed letter by letter), and Intl.Segmenter splits Persian words at the ZWNJ, so the package
 * is given these tokens and only does the diff.
 */
function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}\u200C\u200D]+|[^\s\p{L}\p{N}\p{M}\u200C\u200D]/gu) ?? [];
}

/** Above this many token edits the diff falls back to "all removed, all added" (bounded work). */
const MAX_EDIT_LENGTH = 1000;

/**
 * Word-level diff of `before` and `after` (Myers' diff over words and whitespace, by `diff`).
 * Joining the "same" and "del" parts gives `before`; "same" and "ins" parts give `after`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  // Common prefix and suffix first, so they stay "same" when the middle is too changed to diff.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const changes = diffArrays(midA, midB, { maxEditLength: MAX_EDIT_LENGTH });
  const middle: DiffPart[] = changes
    ? changes.map((c) => ({ kind: c.added ? 'ins' : c.removed ? 'del' : 'same', text: c.value.join('') }))
    : [
        { kind: 'del', text: midA.join('') },
        { kind: 'ins', text: midB.join('') },
      ];
  return merge([{ kind: 'same', text: a.slice(0, start).join('') }, ...middle, { kind: 'same', text: a.slice(endA).join('') }]);
}

/**
 * Joins token parts into readable runs: within a change, everything removed comes first, then
 * everything added, and a lone space between two changed words belongs to the change
 * ("<del>In writing</del><ins>By post</ins>", not word by word).
 */
function merge(tokens: readonly DiffPart[]): DiffPart[] {
  const parts: DiffPart[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    if (del !== '') parts.push({ kind: 'del', text: del });
    if (ins !== '') parts.push({ kind: 'ins', text: ins });
    del = '';
    ins = '';
  };
  tokens.forEach((part, i) => {
    if (part.text === '') return;
    if (part.kind === 'del') del += part.text;
    else if (part.kind === 'ins') ins += part.text;
    else if ((del !== '' || ins !== '') && /^\s+$/u.test(part.text) && tokens[i + 1] && tokens[i + 1]?.kind !== 'same') {
      del += part.text;
      ins += part.text;
    } else {
      flush();
      const last = parts[parts.length - 1];
      if (last?.kind === 'same') last.text += part.text;
      else parts.push({ kind: 'same', text: part.text });
    }
  });
  flush();
  return parts;
}
