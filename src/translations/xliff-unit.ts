/**
 * Reads one <unit> (one section) of an imported XLIFF 2.0 file: segments "title" and "body",
 * their states and plain-text targets. Used by xliff-parser.ts.
 */
import {
  collapseWhitespace,
  isXliffState,
  ParsedXliffUnit,
  SegmentId,
  SEGMENT_IDS,
  XLIFF_NS,
  XLIFF_STATES,
  XliffState,
  XliffText,
} from './xliff-types';
import { attribute, XML_NS, XmlElement, XmlNode } from './xliff-xml';

export type Space = 'default' | 'preserve';
interface Segment {
  state: XliffState;
  source?: string;
  target?: string;
}

/** Whitespace-only text (allowed between structural elements). */
export const isBlank = (node: XmlNode): boolean => node.kind === 'text' && /^[ \t\n]*$/.test(node.text);
/** An element of the XLIFF core namespace (elements of other namespaces are extensions, ignored). */
export const core = (node: XmlNode): node is XmlElement => node.kind === 'element' && node.ns === XLIFF_NS;
/** "<name>" or "text", for messages. */
export const describe = (node: XmlNode): string => (node.kind === 'text' ? 'text' : `<${node.qname}>`);

/** The effective xml:space of `el` (inherited unless set on it). */
export function space(el: XmlElement, inherited: Space, add: (message: string) => void): Space {
  const value = attribute(el, 'space', XML_NS);
  if (value === undefined) return inherited;
  if (value === 'default' || value === 'preserve') return value;
  add(`invalid xml:space="${value}" on <${el.qname}>`);
  return inherited;
}

/** Reads a unit whose id was already checked; problems go to `add`, and then undefined may be returned. */
export function readUnit(el: XmlElement, id: string, inherited: Space, add: (message: string) => void): (ParsedXliffUnit & { source?: XliffText }) | undefined {
  const unitSpace = space(el, inherited, add);
  const segments = new Map<SegmentId, Segment>();
  for (const child of el.children) {
    if (isBlank(child) || child.kind === 'element' && (!core(child) || child.local === 'notes' || child.local === 'originalData')) continue;
    if (!core(child) || child.local !== 'segment') {
      add(`unexpected ${describe(child)} in the unit (only the segments "title" and "body" are used)`);
      continue;
    }
    const segId = attribute(child, 'id');
    const known = SEGMENT_IDS.find((s) => s === segId);
    if (known === undefined) add(`unexpected segment "${segId ?? ''}" (expected "title" and "body"; do not split or join segments)`);
    else if (segments.has(known)) add(`segment "${known}" appears more than once`);
    else segments.set(known, readSegment(child, known, space(child, unitSpace, add), add));
  }
  const title = segments.get('title');
  const body = segments.get('body');
  for (const name of SEGMENT_IDS) if (!segments.has(name)) add(`segment "${name}" is missing`);
  if (title === undefined || body === undefined) return undefined;

  let ok = true;
  for (const [name, seg] of [['title', title], ['body', body]] as const) {
    if (seg.state === 'initial') continue;
    if (seg.target === undefined) add(`segment "${name}" is ${seg.state} but has no <target>`);
    else if (seg.target === '' && seg.source !== '') add(`segment "${name}" is ${seg.state} but its <target> is empty`);
    else continue;
    ok = false;
  }
  if (!ok) return undefined;
  const state = XLIFF_STATES[Math.min(XLIFF_STATES.indexOf(title.state), XLIFF_STATES.indexOf(body.state))] ?? 'initial';
  const unit: ParsedXliffUnit & { source?: XliffText } = { id, state };
  if (title.source !== undefined && body.source !== undefined) unit.source = { title: title.source, body: body.source };
  if (title.target !== undefined && body.target !== undefined) unit.target = { title: title.target, body: body.target };
  return unit;
}

function readSegment(el: XmlElement, id: SegmentId, inherited: Space, add: (message: string) => void): Segment {
  const rawState = attribute(el, 'state') ?? 'initial';
  let state: XliffState = 'initial';
  if (isXliffState(rawState)) state = rawState;
  else add(`segment "${id}" has an invalid state "${rawState}" (expected ${XLIFF_STATES.join(', ')})`);
  const seg: Segment = { state };
  for (const child of el.children) {
    if (isBlank(child) || child.kind === 'element' && !core(child)) continue;
    if (!core(child) || (child.local !== 'source' && child.local !== 'target')) {
      add(`unexpected ${describe(child)} in segment "${id}"`);
      continue;
    }
    const which = child.local;
    if (seg[which] !== undefined) {
      add(`segment "${id}" has more than one <${which}>`);
      continue;
    }
    const preserve = id === 'body' || space(child, inherited, add) === 'preserve';
    let text = '';
    for (const node of child.children) {
      if (node.kind === 'text') text += node.text;
      else {
        add(`inline element <${node.qname}> in the ${which} of segment "${id}" is not supported: the text must be plain (no tags, placeholders or markers)`);
        break;
      }
    }
    seg[which] = preserve ? text : collapseWhitespace(text);
  }
  if (seg.source === undefined) add(`segment "${id}" has no <source>`);
  return seg;
}
