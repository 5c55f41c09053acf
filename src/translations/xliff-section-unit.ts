/**
 * Reads a section written as one <unit id="<section>"> directly in <file>, whose two segments
 * "title" and "body" are the fields. Files in this layout are still in partners' hands; this
 * service writes one group per section instead (xliff-group.ts). Used by xliff-parser.ts.
 */
import { FIELDS, Field } from './xliff-types';
import { Add, core, describe, isBlank, joinField, ReadSection, readSegment, ReadSegment, sectionOf, Space, space } from './xliff-unit';
import { attribute, XmlElement } from './xliff-xml';

/** Reads a unit whose id was already checked; problems go to `add` (the section is then not used). */
export function readSectionUnit(el: XmlElement, id: string, inherited: Space, add: Add): ReadSection | undefined {
  const unitSpace = space(el, inherited, add);
  const segments = new Map<Field, ReadSegment>();
  for (const child of el.children) {
    if (isBlank(child) || (child.kind === 'element' && (!core(child) || child.local === 'notes' || child.local === 'originalData')))
      continue;
    if (!core(child) || child.local !== 'segment') {
      add(`unexpected ${describe(child)} in the unit (only the segments "title" and "body" are used)`);
      continue;
    }
    const segId = attribute(child, 'id');
    const known = FIELDS.find((s) => s === segId);
    if (known === undefined) add(`unexpected segment "${segId ?? ''}" (expected "title" and "body"; do not split or join segments)`);
    else if (segments.has(known)) add(`segment "${known}" appears more than once`);
    else segments.set(known, readSegment(child, `segment "${known}"`, unitSpace, add));
  }
  const title = segments.get('title');
  const body = segments.get('body');
  for (const name of FIELDS) if (!segments.has(name)) add(`segment "${name}" is missing`);
  if (title === undefined || body === undefined) return undefined;
  return sectionOf(id, joinField([title], false), joinField([body], true));
}
