/**
 * The block model of a section body: what the Markdown subset parses into, and what both renderers
 * (HTML and PDF) draw. Plain data only, so it can cross to a worker thread.
 */

/** A run of text with one style. Links carry their address; styles never nest deeper than this. */
export interface Span {
  text: string;
  bold: boolean;
  italic: boolean;
  href?: string;
}

/** Fields of a contact block; labels ("Phone", "Address") are added in the reader's language. */
export interface ContactFields {
  name: string;
  phone?: string;
  address?: string;
  hours?: string;
  email?: string;
  web?: string;
}

export const CONTACT_FIELDS = ['name', 'phone', 'address', 'hours', 'email', 'web'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export type Block =
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'heading'; level: 2 | 3; spans: Span[] }
  | { type: 'list'; ordered: boolean; items: Span[][] }
  | { type: 'contact'; fields: ContactFields };

/** The plain text of a run of spans, as a reader would copy it. */
export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}
