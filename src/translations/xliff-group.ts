/**
 * Reads one section as this service writes it: <group id="<section>"> holding the units
 * "<section>.title" and "<section>.body", one per field. A tool may have split a field's unit into
 * several segments (and <ignorable>s between them): the field is their text joined in order, as
 * XLIFF defines a unit's content. Used by xliff-parser.ts.
 */
import { Field, FIELDS, fieldUnitId } from './xliff-types';
import {
  Add,
  core,
  describe,
  isBlank,
  joinField,
  ReadField,
  ReadSection,
  readSegment,
  ReadSegment,
  sectionOf,
  Space,
  space,
} from './xliff-unit';
import { attribute, XmlElement } from './xliff-xml';

/** Problems found in a group: the field is "group <section>" or "unit <section>.<field>". */
export type AddTo = (field: string, message: string) => void;

/** Reads a group whose id (the section id) was already checked; problems go to `add`. */
export function readSectionGroup(el: XmlElement, id: string, inherited: Space, add: AddTo): ReadSection | undefined {
  const here = `group ${id}`;
  const groupSpace = space(el, inherited, (m) => add(here, m));
  const expected = `"${fieldUnitId(id, 'title')}" and "${fieldUnitId(id, 'body')}"`;
  const fields = new Map<Field, ReadField | undefined>();
  for (const child of el.children) {
    if (isBlank(child) || (child.kind === 'element' && (!core(child) || child.local === 'notes'))) continue;
    if (!core(child) || child.local !== 'unit') {
      const what = core(child) && child.local === 'group' ? 'nested <group>' : describe(child);
      add(here, `unexpected ${what} in the group (only the units ${expected} are used)`);
      continue;
    }
    const unitId = attribute(child, 'id') ?? '';
    const field = FIELDS.find((f) => fieldUnitId(id, f) === unitId);
    if (field === undefined) add(here, `unexpected unit "${unitId}" in the group (expected ${expected})`);
    else if (fields.has(field)) add(`unit ${unitId}`, `unit "${unitId}" appears more than once`);
    else
      fields.set(
        field,
        readFieldUnit(child, field, groupSpace, (m) => add(`unit ${unitId}`, m)),
      );
  }
  for (const field of FIELDS) if (!fields.has(field)) add(here, `unit "${fieldUnitId(id, field)}" is missing`);
  const title = fields.get('title');
  const body = fields.get('body');
  if (title === undefined || body === undefined) return undefined;
  return sectionOf(id, title, body);
}

/** One field: the unit's segments and ignorables in order (titles collapse whitespace, bodies are verbatim). */
function readFieldUnit(el: XmlElement, field: Field, inherited: Space, add: Add): ReadField | undefined {
  const unitSpace = space(el, inherited, add);
  const parts: ReadSegment[] = [];
  for (const child of el.children) {
    if (isBlank(child) || (child.kind === 'element' && (!core(child) || child.local === 'notes' || child.local === 'originalData')))
      continue;
    if (!core(child) || (child.local !== 'segment' && child.local !== 'ignorable')) {
      add(`unexpected ${describe(child)} in the unit (only <segment> and <ignorable> are used)`);
      continue;
    }
    const segId = attribute(child, 'id');
    parts.push(readSegment(child, `${child.local} ${segId === undefined ? parts.length + 1 : `"${segId}"`}`, unitSpace, add));
  }
  if (!parts.some((p) => !p.ignorable)) {
    add('the unit has no <segment>');
    return undefined;
  }
  return joinField(parts, field === 'body');
}
