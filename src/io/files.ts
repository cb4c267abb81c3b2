/**
 * Every file the program reads or writes goes through here: bounded reads (a regular file under a
 * stated size, checked before a byte is read) and atomic writes (a temporary file in the same
 * folder, flushed, then renamed into place, so a reader sees the old file or the new one, never a
 * part).
 *
 * @packageDocumentation
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file that cannot be read or written as asked, with a stable code. */
export class FileError extends Error {
  constructor(
    readonly code: 'E_FILE' | 'E_TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

/** Default largest file read (bytes). */
export const DEFAULT_MAX_READ = 256 * 1024 * 1024;

function kindOf(st: Stats): string {
  return st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a FIFO' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';
}

/** The size of a regular file, or a FileError naming what it is instead (nothing is read). */
export function regularFileSize(path: string, what: string): number {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    throw new FileError('E_FILE', `cannot read ${what} "${path}": no such file`);
  }
  if (!st.isFile()) throw new FileError('E_FILE', `${what} "${path}" is ${kindOf(st)}, not a regular file`);
  return st.size;
}

/** Reads a regular file of at most `maxBytes` (checked first: a larger file is not read). */
export function readBounded(path: string, what: string, maxBytes = DEFAULT_MAX_READ): Buffer {
  const size = regularFileSize(path, what);
  if (size > maxBytes) throw new FileError('E_TOO_LARGE', `${what} "${path}" has ${size} bytes, above the limit of ${maxBytes}; it was not read`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new FileError('E_FILE', `cannot read ${what} "${path}": ${(e as Error).message}`);
  }
}

/** The same, as UTF-8 text. */
export function readBoundedText(path: string, what: string, maxBytes = DEFAULT_MAX_READ): string {
  return readBounded(path, what, maxBytes).toString('utf8');
}

/**
 * Checks, before any work, that a file can be written there: its folder exists (or can be made)
 * and the path is not a directory.
 */
export function checkWritable(path: string, what: string, makeFolder = false): void {
  const dir = dirname(path);
  try {
    if (makeFolder) mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new FileError('E_FILE', `cannot write ${what} "${path}": the folder "${dir}" does not exist`);
  }
  try {
    if (statSync(path).isDirectory()) throw new FileError('E_FILE', `cannot write ${what} "${path}": it is a directory`);
  } catch (e) {
    if (e instanceof FileError) throw e;
  }
}

/** Pause (ms) inside every atomic write, between the temporary file and the rename: for kill tests only. */
const TEST_PAUSE = Number(process.env['CHECK_THEOREM_TEST_WRITE_PAUSE_MS'] ?? 0);

function pause(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Writes `data` to `path` atomically: into `.<name>.tmp-<pid>` in the same folder, flushed to the
 * disk, then renamed over `path` (rename is atomic within a file system), then the folder flushed.
 * Killed at any moment, the old file is intact or the new one complete; a leftover temporary file
 * has a name no command reads as its input.
 */
export function writeAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}`);
  try {
    const fd = openSync(tmp, 'w');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    pause(TEST_PAUSE);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new FileError('E_FILE', `cannot write "${path}": ${(e as Error).message}`);
  }
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some file systems cannot flush a folder; the rename is done all the same.
  }
}

/**
 * Writes a set of files into a folder so that the set is recognisably complete or not: an old
 * `marker` file (a bundle's manifest.json) is removed first, every file is written atomically,
 * and the marker last. Killed at any moment, the folder has no marker (incomplete) or the new
 * complete set.
 */
export function writeFolder(dir: string, files: ReadonlyMap<string, string | Uint8Array>, marker: { readonly name: string; readonly data: string }): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new FileError('E_FILE', `cannot write into "${dir}": ${(e as Error).message}`);
  }
  try {
    unlinkSync(join(dir, marker.name));
  } catch {
    // No old marker.
  }
  for (const [name, data] of files) writeAtomic(join(dir, name), data);
  writeAtomic(join(dir, marker.name), marker.data);
}
