/** A piece of a word-level diff: text kept, removed (del) or added (ins). */
export interface DiffPart {
  kind: 'same' | 'del' | 'ins';
  text: string;
}

/**
 * Words, single punctuation marks and the whitespace between them, so the parts join back into
 * the texts exactly and "it." → "it at any time." is one insertion, not a changed word. Joiners
 * (ZWNJ, ZWJ) and combining marks belong to words (Persian).
 */
function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}\p{M}\u200C\u200D]+|[^\s\p{L}\p{N}\p{M}\u200C\u200D]/gu) ?? [];
}

/** Above this many tokens × tokens the diff falls back to "all removed, all added" (bounded work). */
const MAX_CELLS = 4_000_000;

/**
 * Word-level diff of `before` and `after` (longest common subsequence over words and whitespace).
 * Joining the "same" and "del" parts gives `before`; "same" and "ins" parts give `after`.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokens(before);
  const b = tokens(after);
  // Common prefix and suffix first: most edits change a few words of a long text.
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
  const middle = (midA.length + 1) * (midB.length + 1) > MAX_CELLS
    ? [{ kind: 'del' as const, text: midA.join('') }, { kind: 'ins' as const, text: midB.join('') }]
    : lcsDiff(midA, midB);
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

function lcsDiff(a: readonly string[], b: readonly string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  // lengths[i][j]: LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j]
        ? (lengths[(i + 1) * width + j + 1] as number) + 1
        : Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
    }
  }
  const out: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string });
      i++;
      j++;
    } else if ((lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number)) {
      out.push({ kind: 'del', text: a[i++] as string });
    } else {
      out.push({ kind: 'ins', text: b[j++] as string });
    }
  }
  while (i < n) out.push({ kind: 'del', text: a[i++] as string });
  while (j < m) out.push({ kind: 'ins', text: b[j++] as string });
  return out;
}
