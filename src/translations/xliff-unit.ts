/**
 * Reading helpers shared by both layouts of an imported XLIFF 2.0 file (xliff-group.ts: a group
 * per section with a unit per field; xliff-section-unit.ts: a unit per section with a segment per
 * field): segments, their states and plain-text content, and the section they add up to.
 */
import { collapseWhitespace, isXliffState, ParsedXliffUnit, XLIFF_NS, XLIFF_STATES, XliffState, XliffText } from './xliff-types';
import { attribute, XML_NS, XmlElement, XmlNode } from './xliff-xml';

export type Space = 'default' | 'preserve';
export type Add = (message: string) => void;

/** The text of one <source> or <target>, before XLIFF whitespace handling. */
export interface RawText {
  text: string;
  /** xml:space="preserve" is in effect for it. */
  preserve: boolean;
}

/** One <segment> (or <ignorable>, whose state is "final": it is never translated). */
export interface ReadSegment {
  ignorable: boolean;
  state: XliffState;
  source?: RawText;
  target?: RawText;
}

/** One field (title or body) read from the file. */
export interface ReadField {
  state: XliffState;
  source?: string;
  target?: string;
}

/** A section read from the file, with the source text it was translated from. */
export type ReadSection = ParsedXliffUnit & { source?: XliffText };

/** Whitespace-only text (allowed between structural elements). */
export const isBlank = (node: XmlNode): boolean => node.kind === 'text' && /^[ \t\n]*$/.test(node.text);
/** An element of the XLIFF core namespace (elements of other namespaces are extensions, ignored). */
export const core = (node: XmlNode): node is XmlElement => node.kind === 'element' && node.ns === XLIFF_NS;
/** "<name>" or "text", for messages. */
export const describe = (node: XmlNode): string => (node.kind === 'text' ? 'text' : `<${node.qname}>`);

/** The effective xml:space of `el` (inherited unless set on it). */
export function space(el: XmlElement, inherited: Space, add: Add): Space {
  const value = attribute(el, 'space', XML_NS);
  if (value === undefined) return inherited;
  if (value === 'default' || value === 'preserve') return value;
  add(`invalid xml:space="${value}" on <${el.qname}>`);
  return inherited;
}

/**
 * Reads a <segment> or <ignorable> called `name` in messages (e.g. `segment "title"`): its state
 * (absent means "initial", as in XLIFF), its one <source> and at most one <target>, as plain text.
 * A segment whose state says it is translated must have a target, and an empty target only for an
 * empty source.
 */
export function readSegment(el: XmlElement, name: string, inherited: Space, add: Add): ReadSegment {
  const ignorable = el.local === 'ignorable';
  const rawState = ignorable ? 'final' : (attribute(el, 'state') ?? 'initial');
  let state: XliffState = 'initial';
  if (isXliffState(rawState)) state = rawState;
  else add(`${name} has an invalid state "${rawState}" (expected ${XLIFF_STATES.join(', ')})`);
  const segSpace = space(el, inherited, add);
  const seg: ReadSegment = { ignorable, state };
  for (const child of el.children) {
    if (isBlank(child) || (child.kind === 'element' && !core(child))) continue;
    if (!core(child) || (child.local !== 'source' && child.local !== 'target')) {
      add(`unexpected ${describe(child)} in ${name}`);
      continue;
    }
    const which = child.local;
    if (seg[which] !== undefined) {
      add(`${name} has more than one <${which}>`);
      continue;
    }
    if (which === 'target' && attribute(child, 'order') !== undefined)
      add(`${name} has a <target order>: reordered segments are not supported`);
    let text = '';
    for (const node of child.children) {
      if (node.kind === 'text') text += node.text;
      else {
        add(
          `inline element <${node.qname}> in the ${which} of ${name} is not supported: the text must be plain (no tags, placeholders or markers)`,
        );
        break;
      }
    }
    seg[which] = { text, preserve: space(child, segSpace, add) === 'preserve' };
  }
  if (seg.source === undefined) add(`${name} has no <source>`);
  if (state !== 'initial' && !ignorable && seg.source !== undefined) {
    if (seg.target === undefined) add(`${name} is ${state} but has no <target>`);
    else if (seg.target.text === '' && seg.source.text !== '') add(`${name} is ${state} but its <target> is empty`);
  }
  return seg;
}

/**
 * The text of one field from its segments in order: joined, then (titles only) whitespace
 * collapsed unless every part is xml:space="preserve". Bodies are always verbatim. An ignorable
 * without a target keeps its source text in the target, as XLIFF says.
 */
export function joinField(segments: readonly ReadSegment[], verbatim: boolean): ReadField {
  const finish = (parts: readonly RawText[]): string => {
    const text = parts.map((p) => p.text).join('');
    return verbatim || parts.every((p) => p.preserve) ? text : collapseWhitespace(text);
  };
  const sources = segments.map((s) => s.source);
  const targets = segments.map((s) => s.target ?? (s.ignorable ? s.source : undefined));
  // No spread into Math.min: a hostile file can hold more segments than a call has arguments.
  const state = segments.reduce<XliffState>(
    (least, s) => (XLIFF_STATES.indexOf(s.state) < XLIFF_STATES.indexOf(least) ? s.state : least),
    'final',
  );
  const field: ReadField = { state };
  if (sources.every((t) => t !== undefined)) field.source = finish(sources);
  if (targets.every((t) => t !== undefined)) field.target = finish(targets);
  return field;
}

/** The section that a title field and a body field make up; its state is the least advanced. */
export function sectionOf(id: string, title: ReadField, body: ReadField): ReadSection {
  const state = XLIFF_STATES[Math.min(XLIFF_STATES.indexOf(title.state), XLIFF_STATES.indexOf(body.state))] ?? 'initial';
  const section: ReadSection = { id, state };
  if (title.source !== undefined && body.source !== undefined) section.source = { title: title.source, body: body.source };
  if (title.target !== undefined && body.target !== undefined) section.target = { title: title.target, body: body.target };
  return section;
}
