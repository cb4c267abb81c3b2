/**
 * Every file the program reads or writes goes through here: bounded reads (a regular file under a
 * stated size, checked before a byte is read) and atomic writes (a temporary file in the same
 * folder, flushed, then renamed into place, so a reader sees the old file or the new one, never a
 * part).
 *
 * @packageDocumentation
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
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
 * Writes a set of files into a folder so that the set is recognisably complete or not, with a
 * `marker` file (a bundle's manifest.json) written last.
 *
 * - A folder that does not hold a marker yet gets every file written atomically, the marker last:
 *   killed before the end, it has no marker, and `verify` calls it incomplete.
 * - A folder that already holds a complete set (a marker) is replaced as a whole: the new set is
 *   written into a sibling `<dir>.tmp-<pid>`, then the old folder is renamed to `<dir>.old-<pid>`
 *   and the new one into place, and the old one removed. Killed while the new set is written, the
 *   old folder is untouched; killed between the two renames, it is intact at `<dir>.old-<pid>`.
 */
export function writeFolder(dir: string, files: ReadonlyMap<string, string | Uint8Array>, marker: { readonly name: string; readonly data: string }): void {
  let replacing = false;
  try {
    replacing = statSync(join(dir, marker.name)).isFile();
  } catch {
    replacing = false;
  }
  const target = replacing ? `${dir}.tmp-${process.pid}` : dir;
  try {
    if (replacing) rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
  } catch (e) {
    throw new FileError('E_FILE', `cannot write into "${target}": ${(e as Error).message}`);
  }
  for (const [name, data] of files) writeAtomic(join(target, name), data);
  writeAtomic(join(target, marker.name), marker.data);
  if (!replacing) return;
  const old = `${dir}.old-${process.pid}`;
  try {
    rmSync(old, { recursive: true, force: true });
    renameSync(dir, old);
    renameSync(target, dir);
  } catch (e) {
    throw new FileError('E_FILE', `cannot put the new folder in place of "${dir}": ${(e as Error).message}`);
  }
  rmSync(old, { recursive: true, force: true });
}
