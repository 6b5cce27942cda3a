// Create: the POST path, and the create half of server-side apply.
import type { KubeObject } from './resource-type.ts';
import { storageKey } from './resource-type.ts';
import { clearServerMeta, ensureMeta, generatedName, nameCauses, newUid, nowTimestamp } from './object-meta.ts';
import { recordManager } from './managed-fields.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import { bucketOf, renderAt, requestApiVersion } from './write-context.ts';
import { checkNamespace, checkTypeMeta, requireNamespace } from './object-checks.ts';
import { alreadyExists, invalid } from './status-errors.ts';
import { textOf } from './value-text.ts';

function assignName(obj: KubeObject, req: WriteRequest): string {
  const meta = ensureMeta(obj);
  if ((meta.name === undefined || meta.name === '') && typeof meta.generateName === 'string' && meta.generateName !== '') {
    meta.name = generatedName(meta.generateName);
  }
  const isNamespace = req.resolved.type.plural === 'namespaces' && req.resolved.type.group === '';
  const causes = nameCauses(meta.name, isNamespace);
  if (causes.length > 0) throw invalid(req.resolved.type.kind, req.resolved.type.group, textOf(meta.name), causes);
  return String(meta.name);
}

function initialStatus(obj: KubeObject, req: WriteRequest): void {
  const { type, version } = req.resolved;
  if (!version.status) return;
  const status = type.initialStatus?.(obj);
  if (status === undefined) delete obj.status;
  else obj.status = status;
}

/** Validates, defaults and stores a new object; returns it rendered at the requested version. */
export function createObject(core: SandboxCore, req: WriteRequest, body: KubeObject): KubeObject {
  const { type } = req.resolved;
  const obj = checkTypeMeta(body, req);
  const meta = ensureMeta(obj);
  checkNamespace(meta, req);
  const name = assignName(obj, req);
  requireNamespace(core, req, true);
  if (core.store.get(bucketOf(req), req.namespace, name) !== undefined) throw alreadyExists(type.plural, type.group, name);
  clearServerMeta(meta);
  initialStatus(obj, req);
  type.defaults?.(obj, undefined);
  for (const plugin of core.admission) plugin.admit(req, obj, undefined);
  meta.uid = newUid();
  meta.creationTimestamp = nowTimestamp();
  if (type.tracksGeneration) meta.generation = 1;
  recordManager(meta, obj, type.patchMeta, {
    manager: req.options.fieldManager,
    operation: req.options.operation,
    apiVersion: requestApiVersion(req.resolved),
    time: String(meta.creationTimestamp),
  });
  if (req.options.dryRun) return renderAt(obj, req.resolved);
  return renderAt(core.store.create(storageKey(type.group, type.plural), obj), req.resolved);
}
