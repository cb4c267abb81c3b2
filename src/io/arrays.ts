/**
 * Arrays from the files other tools write: NumPy `.npy` and `.npz`, and safetensors (PyTorch,
 * Hugging Face). Every value is read exactly: integers as BigInt, IEEE floats (float16, bfloat16,
 * float32, float64) as the dyadic rationals they are. Nothing is rounded unless the caller asks
 * ({@link roundTo}). Files are read strictly: malformed headers, sizes that do not match the
 * declared shape, non-finite values, CRC mismatches and oversized members are errors naming the
 * array and the problem.
 *
 * Formats: the NPY format (versions 1.0, 2.0, 3.0; little- or big-endian; C or Fortran order), the
 * NPZ archive (a zip of `.npy` members, stored or deflated, zip64 as NumPy writes it), and the
 * safetensors layout (an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the data, little-endian, C order).
 *
 * @packageDocumentation
 */
import { inflateRawSync, crc32 } from 'node:zlib';
import { ratFromDouble, rational, type Rational } from '../exact/rational.js';
import { readBounded } from './files.js';
import { guarded, parseJson } from '../kernel/index.js';

/** Largest array file read. */
export const MAX_ARRAY_FILE_BYTES = 512 * 1024 * 1024;
/** Most elements in all arrays of one file together. */
export const MAX_ARRAY_ELEMENTS = 1 << 24;

/** Raised for a file that is not a well-formed array file; `code` is stable. */
export class ArrayFileError extends Error {
  readonly code = 'E_BAD_ARRAY_FILE';
  constructor(message: string) {
    super(message);
    this.name = 'ArrayFileError';
  }
}

const fail = (msg: string): never => {
  throw new ArrayFileError(msg);
};

/** One array: its name in the file, element type, shape, and values in C (row-major) order. */
export interface NdArray {
  readonly name: string;
  /** NumPy-style type: f2 f4 f8 bf16 i1 i2 i4 i8 u1 u2 u4 u8 b1. */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly values: readonly Rational[];
}

interface ElementType {
  readonly size: number;
  readonly read: (v: DataView, at: number, little: boolean) => Rational;
}

const fromFloat = (x: number, where: () => string): Rational => (Number.isFinite(x) ? ratFromDouble(x) : fail(`${where()}: the value ${x} is not finite`));

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0x1f) return m === 0 ? sign * Infinity : NaN;
  return e === 0 ? sign * m * 2 ** -24 : sign * (1024 + m) * 2 ** (e - 25);
}

function elementType(dtype: string, where: () => string): ElementType {
  const int = (size: number, signed: boolean): ElementType => ({
    size,
    read: (v, at, little) => {
      switch (size) {
        case 1:
          return rational(signed ? v.getInt8(at) : v.getUint8(at));
        case 2:
          return rational(signed ? v.getInt16(at, little) : v.getUint16(at, little));
        case 4:
          return rational(signed ? v.getInt32(at, little) : v.getUint32(at, little));
        default:
          return rational(signed ? v.getBigInt64(at, little) : v.getBigUint64(at, little));
      }
    },
  });
  switch (dtype) {
    case 'f2':
      return { size: 2, read: (v, at, little) => fromFloat(half(v.getUint16(at, little)), where) };
    case 'bf16':
      return { size: 2, read: (v, at, little) => fromFloat(new DataView(new Uint32Array([v.getUint16(at, little) << 16]).buffer).getFloat32(0, true), where) };
    case 'f4':
      return { size: 4, read: (v, at, little) => fromFloat(v.getFloat32(at, little), where) };
    case 'f8':
      return { size: 8, read: (v, at, little) => fromFloat(v.getFloat64(at, little), where) };
    case 'i1':
    case 'i2':
    case 'i4':
    case 'i8':
      return int(Number(dtype[1]), true);
    case 'u1':
    case 'u2':
    case 'u4':
    case 'u8':
      return int(Number(dtype[1]), false);
    case 'b1':
      return { size: 1, read: (v, at) => (v.getUint8(at) <= 1 ? rational(v.getUint8(at)) : fail(`${where()}: a boolean byte ${v.getUint8(at)} is neither 0 nor 1`)) };
    default:
      return fail(`${where()}: the element type "${dtype}" is not supported (floats f2/f4/f8/bf16, integers, booleans)`);
  }
}

function countOf(shape: readonly number[], where: string): number {
  let n = 1;
  for (const s of shape) {
    if (!Number.isSafeInteger(s) || s < 0) fail(`${where}: the shape entry ${s} is not a non-negative integer`);
    n *= s;
    if (n > MAX_ARRAY_ELEMENTS) fail(`${where}: more than ${MAX_ARRAY_ELEMENTS} elements`);
  }
  return n;
}

/** Reads `count` elements; `fortran` reorders them into C order. */
function readValues(bytes: Uint8Array, offset: number, dtype: string, little: boolean, shape: readonly number[], fortran: boolean, name: string): Rational[] {
  const count = countOf(shape, name);
  let index = 0;
  const t = elementType(dtype, () => `${name} (element ${index})`);
  if (offset + count * t.size > bytes.length) fail(`${name}: the data is ${bytes.length - offset} bytes, the shape needs ${count * t.size}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const raw = new Array<Rational>(count);
  for (index = 0; index < count; index++) raw[index] = t.read(view, offset + index * t.size, little);
  if (!fortran || shape.length < 2) return raw;
  // Fortran order: the first index varies fastest. Element at C position c has Fortran position f.
  const out = new Array<Rational>(count);
  const d = shape.length;
  const idx = new Array<number>(d).fill(0);
  for (let c = 0; c < count; c++) {
    let f = 0;
    for (let k = d - 1; k >= 0; k--) f = f * (shape[k] as number) + (idx[k] as number);
    out[c] = raw[f] as Rational;
    for (let k = d - 1; k >= 0; k--) {
      idx[k] = (idx[k] as number) + 1;
      if ((idx[k] as number) < (shape[k] as number)) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** Parses the Python-literal header of an NPY file: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }. */
function npyHeader(text: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const m = /^\{\s*(.*?)\s*,?\s*\}\s*$/s.exec(text.trim());
  if (!m) return fail(`${name}: the NPY header is not a dictionary`);
  const fields = new Map<string, string>();
  const re = /'(descr|fortran_order|shape)'\s*:\s*('[^']*'|True|False|\([^)]*\))/g;
  let rest = m[1] as string;
  for (const f of rest.matchAll(re)) fields.set(f[1] as string, f[2] as string);
  rest = rest.replace(re, '').replace(/[\s,]/g, '');
  if (rest !== '' || fields.size !== 3) fail(`${name}: the NPY header must have exactly descr, fortran_order and shape (a structured dtype is not supported)`);
  const descr = (fields.get('descr') as string).slice(1, -1);
  const shapeText = (fields.get('shape') as string).slice(1, -1).trim();
  const shape = shapeText === '' ? [] : shapeText.replace(/,\s*$/, '').split(',').map((s) => (/^\s*\d{1,15}\s*$/.test(s) ? Number(s) : fail(`${name}: the shape entry "${s.trim()}" is not an integer`)));
  return { descr, fortran: fields.get('fortran_order') === 'True', shape };
}

/** Reads one NPY file's bytes. */
export function readNpy(bytes: Uint8Array, name: string): NdArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((b, i) => bytes[i] === b)) fail(`${name}: not an NPY file (no \\x93NUMPY magic)`);
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major !== 1 && major !== 2 && major !== 3) fail(`${name}: NPY version ${major}.${bytes[7]} is not supported (1.0, 2.0, 3.0)`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) fail(`${name}: the NPY header runs past the end of the file`);
  const header = npyHeader(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen)), name);
  const m = /^([<>|=])([a-z])(\d+)$/.exec(header.descr);
  if (!m) return fail(`${name}: the element type "${header.descr}" is not supported`);
  const kind = m[2] as string;
  const size = m[3] as string;
  const dtype = kind === 'b' ? 'b1' : `${kind}${size}`;
  const values = readValues(bytes, start + headerLen, dtype, m[1] !== '>', header.shape, header.fortran, name);
  const expected = start + headerLen + values.length * elementType(dtype, () => name).size;
  if (expected !== bytes.length) fail(`${name}: ${bytes.length - expected} bytes after the data the shape describes`);
  return { name, dtype, shape: header.shape, values };
}

/** The members of a zip archive (stored or deflated), each checked against its CRC-32. */
function unzip(bytes: Uint8Array, file: string): { name: string; data: Uint8Array }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(`${file}: not a zip archive (no end-of-central-directory record)`);
  let entries = view.getUint16(eocd + 10, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  // Zip64: the locator sits just before the end record.
  if ((entries === 0xffff || cdOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === 0x07064b50) {
    const z = Number(view.getBigUint64(eocd - 12, true));
    if (z + 56 > bytes.length || view.getUint32(z, true) !== 0x06064b50) fail(`${file}: a broken zip64 end record`);
    entries = Number(view.getBigUint64(z + 32, true));
    cdOffset = Number(view.getBigUint64(z + 48, true));
  }
  const out: { name: string; data: Uint8Array }[] = [];
  let total = 0;
  let p = cdOffset;
  for (let e = 0; e < entries; e++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) fail(`${file}: a broken central directory (entry ${e})`);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let csize = view.getUint32(p + 20, true);
    let usize = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // Zip64 extra field: the 64-bit values of the fields set to 0xffffffff, in this order.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = view.getUint16(x, true);
      const len = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        if (usize === 0xffffffff) (usize = Number(view.getBigUint64(q, true))), (q += 8);
        if (csize === 0xffffffff) (csize = Number(view.getBigUint64(q, true))), (q += 8);
        if (local === 0xffffffff) local = Number(view.getBigUint64(q, true));
      }
      x += 4 + len;
    }
    p = xEnd + commentLen;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) fail(`${file}: member ${name}: a broken local header`);
    const localName = new TextDecoder().decode(bytes.subarray(local + 30, local + 30 + view.getUint16(local + 26, true)));
    if (localName !== name) fail(`${file}: member ${name}: its local header names "${localName.slice(0, 60)}" (the archive is inconsistent)`);
    if (out.some((m) => m.name === name)) fail(`${file}: the member ${name} appears twice (NumPy would read only the last)`);
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (dataStart + csize > bytes.length) fail(`${file}: member ${name} runs past the end of the archive`);
    total += usize;
    if (total > MAX_ARRAY_FILE_BYTES) fail(`${file}: the members unpack to more than ${MAX_ARRAY_FILE_BYTES} bytes`);
    const raw = bytes.subarray(dataStart, dataStart + csize);
    let data: Uint8Array;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(1, usize) });
      } catch (err) {
        return fail(`${file}: member ${name} does not inflate (${(err as Error).message})`);
      }
    } else return fail(`${file}: member ${name} uses compression method ${method} (stored and deflate are supported)`);
    if (data.length !== usize) fail(`${file}: member ${name} is ${data.length} bytes, the directory says ${usize}`);
    if (crc32(data) >>> 0 !== crc) fail(`${file}: member ${name} fails its CRC-32 check (the archive is corrupt)`);
    out.push({ name, data });
  }
  return out;
}

/** Reads an NPZ archive: one array per `.npy` member, named without the extension. */
export function readNpz(bytes: Uint8Array, file: string): NdArray[] {
  const members = unzip(bytes, file);
  return members.map((m) => {
    if (!m.name.endsWith('.npy')) fail(`${file}: member ${m.name} is not an .npy file`);
    return readNpy(m.data, `${file}:${m.name.slice(0, -4)}`);
  }).map((a) => ({ ...a, name: a.name.slice(file.length + 1) }));
}

const SAFETENSORS_DTYPES: Readonly<Record<string, string>> = { F64: 'f8', F32: 'f4', F16: 'f2', BF16: 'bf16', I64: 'i8', I32: 'i4', I16: 'i2', I8: 'i1', U64: 'u8', U32: 'u4', U16: 'u2', U8: 'u1', BOOL: 'b1' };

/** Reads a safetensors file. */
export function readSafetensors(bytes: Uint8Array, file: string): NdArray[] {
  if (bytes.length < 8) fail(`${file}: too short for a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8) || n > 100_000_000n) fail(`${file}: the safetensors header length ${n} runs past the end of the file`);
  const headerEnd = 8 + Number(n);
  let header: unknown;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd));
  } catch (e) {
    return fail(`${file}: the safetensors header is not UTF-8 (${(e as Error).message})`);
  }
  // The kernel's strict parser: a repeated tensor name is an error, not "the last one wins".
  const parsed = guarded(() => parseJson(text.replace(/ +$/, '')));
  if (typeof parsed === 'object' && parsed !== null && 'verdict' in parsed && Object.getPrototypeOf(parsed) !== null) {
    const r = parsed as unknown as { code: string; detail: string; path: string };
    return fail(`${file}: the safetensors header is not strict JSON (${r.code} at ${r.path || '/'}: ${r.detail})`);
  }
  header = parsed;
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail(`${file}: the safetensors header is not an object`);
  const out: NdArray[] = [];
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e !== 'object' || e === null || typeof e.dtype !== 'string' || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets) || e.data_offsets.length !== 2) fail(`${file}: tensor ${name}: needs dtype, shape and data_offsets`);
    const dtype = SAFETENSORS_DTYPES[e.dtype as string] ?? fail(`${file}: tensor ${name}: dtype ${String(e.dtype)} is not supported`);
    const shape = (e.shape as unknown[]).map((s) => (typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 ? s : fail(`${file}: tensor ${name}: bad shape entry ${String(s)}`)));
    const [begin, end] = (e.data_offsets as unknown[]).map((s) => (typeof s === 'number' && Number.isSafeInteger(s) && s >= 0 ? s : fail(`${file}: tensor ${name}: bad data offset ${String(s)}`))) as [number, number];
    const size = countOf(shape, `${file}: tensor ${name}`) * elementType(dtype, () => name).size;
    if (end - begin !== size) fail(`${file}: tensor ${name}: data_offsets span ${end - begin} bytes, the shape needs ${size}`);
    if (headerEnd + end > bytes.length) fail(`${file}: tensor ${name} runs past the end of the file`);
    ranges.push([begin, end, name]);
    out.push({ name, dtype, shape, values: readValues(bytes, headerEnd + begin, dtype, true, shape, false, `${file}: tensor ${name}`) });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) if ((ranges[i] as [number, number, string])[0] < (ranges[i - 1] as [number, number, string])[1]) fail(`${file}: tensors ${(ranges[i - 1] as [number, number, string])[2]} and ${(ranges[i] as [number, number, string])[2]} overlap`);
  let total = 0;
  for (const a of out) total += a.values.length;
  if (total > MAX_ARRAY_ELEMENTS) fail(`${file}: more than ${MAX_ARRAY_ELEMENTS} elements`);
  return out;
}

/** The array file kinds, by extension. */
export function arrayFileKind(file: string): 'npy' | 'npz' | 'safetensors' | undefined {
  const f = file.toLowerCase();
  return f.endsWith('.npy') ? 'npy' : f.endsWith('.npz') ? 'npz' : f.endsWith('.safetensors') ? 'safetensors' : undefined;
}

/** Reads every array of a .npy / .npz / .safetensors file, with the file's bytes (for its digest). */
export function readArrayFile(file: string): { arrays: NdArray[]; bytes: Buffer } {
  const kind = arrayFileKind(file) ?? fail(`${file}: expected a .npy, .npz or .safetensors file`);
  const bytes = readBounded(file, 'the array file', MAX_ARRAY_FILE_BYTES);
  const arrays = kind === 'npy' ? [{ ...readNpy(bytes, file), name: 'arr_0' }] : kind === 'npz' ? readNpz(bytes, file) : readSafetensors(bytes, file);
  return { arrays, bytes };
}

/**
 * Rounds to the nearest multiple of 2^-bits (ties to even): what `--rounding bits:K` does, so that
 * long float32 mantissas need not be carried through exact arithmetic. The statement is then about
 * the rounded tensor (its digest is that of the rounded values).
 */
export function roundTo(q: Rational, bits: number): Rational {
  const scale = 1n << BigInt(bits);
  const x = q.num * scale;
  const d = q.den;
  let f = x / d;
  if (x < 0n && f * d !== x) f -= 1n; // floor
  const rem = x - f * d; // 0 <= rem < d
  if (2n * rem > d || (2n * rem === d && f % 2n !== 0n)) f += 1n;
  return rational(f, scale);
}
