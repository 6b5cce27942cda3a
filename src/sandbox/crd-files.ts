// Pre-installs CustomResourceDefinitions from manifest files or directories at start-up.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './resource-type.ts';
import { storageVersion } from './resource-type.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import { internalOptions } from './write-context.ts';
import { createObject } from './object-create.ts';
import { commitUpdate } from './object-update.ts';
import { crdBucket } from './crd-controller.ts';
import { metaOf } from './object-store.ts';

const manifestExtensions = /\.(ya?ml|json)$/;

function expand(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).filter((f) => manifestExtensions.test(f)).sort().map((f) => join(path, f));
}

/** The CRD documents of a manifest file; other kinds are skipped. Throws naming the file on bad YAML. */
export function readCrdDocuments(file: string): KubeObject[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const out: KubeObject[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length > 0) throw new Error(`${file}: invalid YAML: ${doc.errors[0]?.message ?? 'unknown error'}`);
    const value = doc.toJS() as unknown;
    if (typeof value === 'object' && value !== null && (value as KubeObject).kind === 'CustomResourceDefinition') out.push(value as KubeObject);
  }
  return out;
}

function install(core: SandboxCore, req: WriteRequest, crd: KubeObject): void {
  const name = String(metaOf(crd).name);
  const existing = core.store.get(crdBucket, '', name);
  if (existing === undefined) {
    createObject(core, req, crd);
    return;
  }
  const next = { ...crd, metadata: { ...metaOf(existing), ...metaOf(crd) }, status: existing.status };
  commitUpdate(core, req, next, existing);
}

/** Installs (or updates) every CRD found in the given files and directories; returns their names. */
export function installCrdFiles(core: SandboxCore, paths: readonly string[]): string[] {
  const type = core.registry.byPlural('apiextensions.k8s.io', 'customresourcedefinitions');
  if (type === undefined) throw new Error('the customresourcedefinitions resource is not registered');
  const req: WriteRequest = { resolved: { type, version: storageVersion(type) }, namespace: '', options: internalOptions('sandbox-crd-files'), warnings: [] };
  const names: string[] = [];
  for (const file of paths.flatMap(expand)) {
    for (const crd of readCrdDocuments(file)) {
      try {
        install(core, req, crd);
      } catch (err) {
        throw new Error(`${file}: CRD ${String(metaOf(crd).name)} was rejected: ${err instanceof Error ? err.message : String(err)}`);
      }
      names.push(String(metaOf(crd).name));
    }
  }
  return names;
}
