/**
 * Temporary directories for tests, created under the OS temp dir and removed
 * by the caller (typically in a mocha `after` hook).
 *
 * ```ts
 * let dir: TempDir;
 * before(async () => { dir = await makeTempDir('kubectl'); });
 * after(async () => { await dir.remove(); });
 * ```
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary directory and a way to remove it. */
export interface TempDir {
  path: string;
  /** Returns `path` joined with the given segments. */
  join(...segments: string[]): string;
  /** Writes a file inside the directory and returns its full path. */
  write(name: string, content: string): Promise<string>;
  /** Deletes the directory and everything in it; safe to call twice. */
  remove(): Promise<void>;
}

/** Creates a fresh directory named `glidepath-<prefix>-XXXXXX` in the OS temp dir. */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `glidepath-${prefix}-`));
  return {
    path,
    join: (...segments) => join(path, ...segments),
    async write(name, content) {
      const file = join(path, name);
      await writeFile(file, content, 'utf8');
      return file;
    },
    async remove() {
      await rm(path, { recursive: true, force: true });
    },
  };
}
