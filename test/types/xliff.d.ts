/**
 * Types for the parts of the `xliff` package (6.x, i18next's XLIFF converter) that the tests use
 * as a translator's tool would. The package ships no types.
 */
declare module 'xliff' {
  /** A value as the package reads it: plain text, or an array of text and inline elements. */
  export type XliffValue = string | unknown[] | Record<string, unknown>;

  export interface XliffJsUnit {
    source?: XliffValue;
    target?: XliffValue;
    /** One note's text, or several. Note categories are not kept. */
    note?: string | string[];
    /** Attributes of <unit> other than id. */
    additionalAttributes?: Record<string, string>;
    additionalElements?: unknown[];
  }

  export interface XliffJsGroup {
    groupUnits: Record<string, XliffJsUnit | XliffJsGroup>;
    additionalAttributes?: Record<string, string>;
  }

  export interface XliffJs {
    sourceLanguage: string;
    targetLanguage?: string;
    xliffVersion?: string;
    /** One entry per <file>, keyed by its id; in it, units and groups keyed by their id. */
    resources: Record<string, Record<string, XliffJsUnit | XliffJsGroup>>;
  }

  /** Reads an XLIFF 2.x document (segments of a unit are merged: one source and one target per unit). */
  export function xliff2js(xml: string, options?: { namespace?: string; inlineAsString?: boolean }): Promise<XliffJs>;
  /** Writes an XLIFF 2.x document: one segment per unit, no segment state, notes without category. */
  export function js2xliff(
    js: XliffJs,
    options?: { indent?: string; targetXliffVersion?: string; inlineAsString?: boolean },
  ): Promise<string>;
}
