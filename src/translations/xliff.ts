/**
 * XLIFF 2.0 exchange with partner translators' CAT tools: one file per booklet and target
 * language, one <group> per section, one <unit> per field ("<section>.title", "<section>.body").
 * Import also reads one <unit> per section with segments "title" and "body". Pure: no database,
 * no HTTP.
 *
 * - exportXliff(doc): write a file (xliff-writer.ts)
 * - parseXliff(xml, expected): read a returned file safely and check it (xliff-parser.ts)
 */
export { exportXliff } from './xliff-writer';
export { parseXliff } from './xliff-parser';
export {
  MAX_XLIFF_BYTES,
  MAX_XML_DEPTH,
  XLIFF_NS,
  XLIFF_STATES,
  type ParsedXliff,
  type ParsedXliffUnit,
  type XliffDocument,
  type XliffExpectation,
  type XliffNote,
  type XliffState,
  type XliffText,
  type XliffUnit,
} from './xliff-types';
