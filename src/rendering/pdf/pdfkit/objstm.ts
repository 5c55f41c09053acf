import zlib from 'node:zlib';

/*
 * Object streams (PDF 1.5, ISO 32000-1 7.5.7) for pdfkit 0.17, which writes every object on its
 * own. A tagged booklet has several hundred small dictionaries (structure elements, link
 * annotations, bookmarks): written plainly they made up more than half of a 12-page booklet's
 * bytes. Here every object without a stream is collected instead of written, and at the end they
 * are written deflated in object streams, with a cross-reference stream in place of the classic
 * table. PDF/A-2 and PDF/UA-1 (both PDF 1.7) allow both.
 *
 * This reaches into pdfkit internals (the version is pinned; the tests read every PDF back with
 * pdf.js and poppler): `ref()`, the reference's `finalize()`, `_write`, `_refEnd`, `_finalize`.
 */

interface Reference {
  id: number;
  buffer: Uint8Array[];
  compress: boolean;
  data: Record<string, unknown>;
  finalize(): void;
}

interface WriterInternals {
  ref(data?: unknown): Reference;
  _write(data: string | Buffer): void;
  _refEnd(ref: Reference): void;
  _finalize(): void;
  _offset: number;
  _offsets: (number | null)[];
  _root: Reference;
  _info: Reference;
  _id: Buffer;
  _security?: unknown;
  push(chunk: Buffer | null): boolean;
}

/** Objects per object stream: readers load a whole stream to read one object in it. */
const PER_STREAM = 400;

/** Entry widths of the cross-reference stream: type (1 byte), offset or stream number (4), index or generation (2). */
const W = [1, 4, 2] as const;

function entry(type: number, field2: number, field3: number): Buffer {
  const b = Buffer.alloc(W[0] + W[1] + W[2]);
  b.writeUInt8(type, 0);
  b.writeUInt32BE(field2, W[0]);
  b.writeUInt16BE(field3, W[0] + W[1]);
  return b;
}

/** Objects collected per document, to be written in its object streams. */
const collections = new WeakMap<object, { id: number; body: string }[]>();

/**
 * Writes `ref` (made with `doc.ref()`) with `body` as its serialized dictionary, straight into the
 * object streams: for callers that serialize many small objects themselves (the structure tree).
 */
export function writeSerialized(doc: PDFKit.PDFDocument, ref: { id: number }, body: string): void {
  const collected = collections.get(doc);
  if (!collected) throw new Error('object streams are not in use for this document');
  collected.push({ id: ref.id, body });
  (doc as unknown as WriterInternals)._refEnd(ref as Reference);
}

/**
 * Deflated bytes of shared, immutable stream data (font subsets come from a process-wide cache as
 * the same Uint8Array): compressed once, not once per document.
 */
const deflated = new WeakMap<Uint8Array, Buffer>();

/** Makes `doc` write its stream-less objects in object streams and end with a cross-reference stream. */
export function useObjectStreams(doc: PDFKit.PDFDocument, shared: (data: Uint8Array) => boolean = () => false): void {
  const d = doc as unknown as WriterInternals;
  if (typeof d._finalize !== 'function' || typeof d._refEnd !== 'function' || !Array.isArray(d._offsets)) {
    throw new Error('pdfkit internals changed: writer not found (see src/rendering/pdf/pdfkit/objstm.ts)');
  }
  if (d._security) return; // encrypted documents keep pdfkit's own writer (never the case here)
  const collected: { id: number; body: string }[] = [];
  collections.set(doc, collected);
  const makeRef = d.ref.bind(d);
  d.ref = (data?: unknown): Reference => {
    const ref = makeRef(data);
    const finalize = ref.finalize.bind(ref);
    ref.finalize = (): void => {
      if (ref.buffer.length > 0) {
        // A stream: written in place, as pdfkit does, reusing the compression of shared data.
        const [data] = ref.buffer;
        if (ref.buffer.length === 1 && data && ref.compress && shared(data)) {
          let packed = deflated.get(data);
          if (!packed) {
            packed = zlib.deflateSync(data);
            deflated.set(data, packed);
          }
          ref.buffer = [packed];
          ref.compress = false;
          ref.data.Filter = 'FlateDecode';
        }
        finalize();
        return;
      }
      // Let pdfkit serialize the object, capturing what it would write: "n 0 obj", body, "endobj".
      const parts: string[] = [];
      // eslint-disable-next-line @typescript-eslint/unbound-method -- pdfkit's own methods, put back after the capture
      const write = d._write;
      // eslint-disable-next-line @typescript-eslint/unbound-method -- (as above)
      const refEnd = d._refEnd;
      d._write = (chunk: string | Buffer): void => {
        parts.push(typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
      };
      d._refEnd = (): void => undefined;
      try {
        finalize();
      } finally {
        d._write = write;
        d._refEnd = refEnd;
      }
      collected.push({ id: ref.id, body: parts.slice(1, -1).join('\n') });
      d._refEnd(ref);
    };
    return ref;
  };
  d._finalize = function finalizeWithStreams(this: WriterInternals): void {
    const where = new Map<number, [number, number]>(); // object id -> [object stream id, index]
    for (let start = 0; start < collected.length; start += PER_STREAM) {
      const group = collected.slice(start, start + PER_STREAM);
      const id = this._offsets.length + 1;
      this._offsets.push(null);
      let header = '';
      let body = '';
      group.forEach((obj, i) => {
        header += `${obj.id} ${body.length} `; // latin1: one byte per character
        body += `${obj.body}\n`;
        where.set(obj.id, [id, i]);
      });
      const data = zlib.deflateSync(Buffer.from(header + body, 'latin1'));
      this._offsets[id - 1] = this._offset;
      this._write(`${id} 0 obj`);
      this._write(`<<\n/Type /ObjStm\n/N ${group.length}\n/First ${header.length}\n/Filter /FlateDecode\n/Length ${data.length}\n>>`);
      this._write('stream');
      this._write(data);
      this._write('\nendstream');
      this._write('endobj');
    }
    const xrefId = this._offsets.length + 1;
    const size = xrefId + 1;
    const xrefOffset = this._offset;
    const rows: Buffer[] = [entry(0, 0, 0xffff)];
    for (let id = 1; id < xrefId; id++) {
      const packed = where.get(id);
      const offset = this._offsets[id - 1];
      rows.push(packed ? entry(2, packed[0], packed[1]) : offset == null ? entry(0, 0, 0) : entry(1, offset, 0));
    }
    rows.push(entry(1, xrefOffset, 0));
    const data = zlib.deflateSync(Buffer.concat(rows));
    const fileId = `<${this._id.toString('hex')}>`;
    this._write(`${xrefId} 0 obj`);
    this._write(
      `<<\n/Type /XRef\n/Size ${size}\n/W [${W.join(' ')}]\n/Root ${this._root.id} 0 R\n/Info ${this._info.id} 0 R\n` +
        `/ID [${fileId} ${fileId}]\n/Filter /FlateDecode\n/Length ${data.length}\n>>`,
    );
    this._write('stream');
    this._write(data);
    this._write('\nendstream');
    this._write('endobj');
    this._write('startxref');
    this._write(`${xrefOffset}`);
    this._write('%%EOF');
    this.push(null);
  };
}
