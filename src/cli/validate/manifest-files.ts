/**
 * The manifest files a command was given: directories expand to their YAML and JSON files
 * (sorted, not recursive), and every path is checked to exist before any work starts.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.ts';

const MANIFEST_NAME = /\.(ya?ml|json)$/i;

function expandOne(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err: unknown) {
    const code = (err as { code?: unknown }).code;
    throw new CliError(`${path}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read it (${String(code)})`}`);
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path).filter((name) => MANIFEST_NAME.test(name)).sort().map((name) => join(path, name));
  if (files.length === 0) throw new CliError(`${path}: the directory holds no .yaml, .yml or .json files`);
  return files;
}

/** Returns the files to read, in order; throws a CliError naming the first path that does not exist. */
export function expandManifestPaths(paths: readonly string[]): string[] {
  return paths.flatMap(expandOne);
}
