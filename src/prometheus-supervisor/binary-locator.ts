import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { PrometheusNotInstalledError } from './errors.ts';

/** Where to look: an explicit binary wins over PROMETHEUS_BIN, which wins over PATH. */
export interface BinarySearch {
  explicit?: string | undefined;
  env: NodeJS.ProcessEnv;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function searchPath(name: string, pathVar: string | undefined): string | null {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function locateNamed(binary: string, pathVar: string | undefined, source: string): string {
  // A bare name is looked up on PATH, like a shell would; anything with a slash is a path.
  if (!binary.includes('/')) {
    const found = searchPath(binary, pathVar);
    if (found !== null) return found;
    throw new PrometheusNotInstalledError(`${source} "${binary}" is not on PATH`);
  }
  const resolved = isAbsolute(binary) ? binary : join(process.cwd(), binary);
  if (isExecutableFile(resolved)) return resolved;
  throw new PrometheusNotInstalledError(`${source} "${binary}" does not exist or is not executable`);
}

/** Returns an absolute path to an executable Prometheus binary, or throws PrometheusNotInstalledError. */
export function locatePrometheusBinary(search: BinarySearch): string {
  if (search.explicit !== undefined && search.explicit !== '') {
    return locateNamed(search.explicit, search.env.PATH, 'binary');
  }
  const fromEnv = search.env.PROMETHEUS_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    return locateNamed(fromEnv, search.env.PATH, 'PROMETHEUS_BIN');
  }
  return locateNamed('prometheus', search.env.PATH, '"prometheus"');
}
