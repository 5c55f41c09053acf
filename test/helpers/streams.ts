import { PassThrough } from 'node:stream';

/** Two streams for a CLI command's standard output and error, and what was written to each. */
export function capturedOutput(): { out: PassThrough; err: PassThrough; text: () => { out: string; err: string } } {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  return { out, err, text: () => ({ out: o, err: e }) };
}
