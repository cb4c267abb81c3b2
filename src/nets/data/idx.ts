/**
 * The IDX file format (MNIST): a big-endian header (0x00 0x00, a type byte, the number of
 * dimensions, then each dimension as a 32-bit integer) followed by the data. Only unsigned bytes
 * (type 0x08) are needed here.
 *
 * @packageDocumentation
 */

/** A parsed IDX array of unsigned bytes. */
export interface IdxArray {
  readonly dims: number[];
  readonly data: Uint8Array;
}

/** Raised for files that are not IDX unsigned-byte arrays. */
export class DataFormatError extends Error {
  readonly code = 'E_DATA';
  constructor(message: string) {
    super(message);
    this.name = 'DataFormatError';
  }
}

/** Parses an IDX unsigned-byte file. */
export function parseIdx(buf: Uint8Array, what = 'IDX file'): IdxArray {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) throw new DataFormatError(`${what}: not an IDX file (bad magic)`);
  if (buf[2] !== 0x08) throw new DataFormatError(`${what}: expected unsigned bytes (type 0x08), got 0x${(buf[2] ?? 0).toString(16)}`);
  const nd = buf[3] as number;
  if (buf.length < 4 + 4 * nd) throw new DataFormatError(`${what}: truncated header`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * nd;
  if (buf.length !== start + size) throw new DataFormatError(`${what}: expected ${size} data bytes for dims ${dims.join(' x ')}, got ${buf.length - start}`);
  return { dims, data: buf.subarray(start) };
}

/** Writes an IDX unsigned-byte file (for tests and fixtures). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((n, i) => view.setUint32(4 + 4 * i, n, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
