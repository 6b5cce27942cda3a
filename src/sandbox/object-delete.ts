// Delete: immediate removal, or — when finalizers (including the propagation-policy ones)
// are present — marking the object with deletionTimestamp and waiting for them to clear.
import type { KubeObject } from './resource-type.ts';
import type { ObjectMeta } from './object-meta.ts';
import { finalizersOf, nowTimestamp } from './object-meta.ts';
import type { SandboxCore, WriteRequest } from './write-context.ts';
import { bucketOf, renderAt } from './write-context.ts';
import { checkPreconditions, currentObject } from './object-checks.ts';
import { badRequest } from './status-errors.ts';

/** The propagation policies of DeleteOptions. */
export const Propagation = Object.freeze({ Background: 'Background', Foreground: 'Foreground', Orphan: 'Orphan' } as const);
export type Propagation = (typeof Propagation)[keyof typeof Propagation];

/** Finalizers the garbage collector acts on. */
export const GcFinalizer = Object.freeze({ Foreground: 'foregroundDeletion', Orphan: 'orphan' } as const);

/** The parts of DeleteOptions the sandbox honours. */
export interface DeleteOptions {
  propagationPolicy?: Propagation;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** The result of a delete: the object, and whether it is gone (200) or pending finalizers (202). */
export interface DeleteOutcome {
  object: KubeObject;
  removed: boolean;
}

function checkPolicy(policy: unknown): Propagation {
  const found = Object.values(Propagation).find((p) => p === policy);
  if (found === undefined) throw badRequest(`unsupported propagationPolicy ${JSON.stringify(policy)}: must be one of Background, Foreground, Orphan`);
  return found;
}

/** Reads DeleteOptions from a body (may be empty) and the query; 400 on unknown policies. */
export function parseDeleteOptions(body: unknown, query: URLSearchParams): DeleteOptions {
  const opts = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const policy = query.get('propagationPolicy') ?? opts.propagationPolicy ?? (opts.orphanDependents === true ? Propagation.Orphan : undefined);
  const out: DeleteOptions = {};
  if (policy !== undefined) out.propagationPolicy = checkPolicy(policy);
  if (typeof opts.preconditions === 'object' && opts.preconditions !== null) out.preconditions = opts.preconditions;
  return out;
}

function policyFinalizer(policy: Propagation | undefined): string | undefined {
  if (policy === Propagation.Foreground) return GcFinalizer.Foreground;
  if (policy === Propagation.Orphan) return GcFinalizer.Orphan;
  return undefined;
}

function markForDeletion(core: SandboxCore, req: WriteRequest, old: KubeObject, finalizers: string[]): DeleteOutcome {
  const meta = { ...(old.metadata as ObjectMeta) };
  meta.deletionTimestamp ??= nowTimestamp();
  meta.deletionGracePeriodSeconds ??= 0;
  meta.finalizers = finalizers;
  const next: KubeObject = { ...old, metadata: meta };
  if (req.options.dryRun) return { object: renderAt(next, req.resolved), removed: false };
  return { object: renderAt(core.store.replace(bucketOf(req), next, old), req.resolved), removed: false };
}

// A namespace is never removed at once: it turns Terminating and the namespace controller
// removes it once its contents are gone.
function terminateNamespace(core: SandboxCore, req: WriteRequest, old: KubeObject): DeleteOutcome {
  if ((old.metadata as ObjectMeta).deletionTimestamp !== undefined) return { object: old, removed: false };
  const meta = { ...(old.metadata as ObjectMeta), deletionTimestamp: nowTimestamp() };
  const next: KubeObject = { ...old, metadata: meta, status: { phase: 'Terminating' } };
  if (req.options.dryRun) return { object: next, removed: false };
  return { object: core.store.replace(bucketOf(req), next, old), removed: false };
}

/** Deletes one object, honouring preconditions, finalizers and the propagation policy. */
export function deleteObject(core: SandboxCore, req: WriteRequest, name: string, opts: DeleteOptions): DeleteOutcome {
  const old = currentObject(core, req, name);
  const oldMeta = old.metadata as ObjectMeta;
  checkPreconditions(req, name, opts.preconditions ?? {}, oldMeta);
  if (req.resolved.type.group === '' && req.resolved.type.plural === 'namespaces') return terminateNamespace(core, req, old);
  if (oldMeta.deletionTimestamp !== undefined) return { object: renderAt(old, req.resolved), removed: false };
  const finalizers = finalizersOf(old);
  const extra = policyFinalizer(opts.propagationPolicy);
  if (extra !== undefined && !finalizers.includes(extra)) finalizers.push(extra);
  if (finalizers.length > 0) return markForDeletion(core, req, old, finalizers);
  if (req.options.dryRun) return { object: renderAt(old, req.resolved), removed: true };
  const gone = core.store.remove(bucketOf(req), req.namespace, name);
  return { object: renderAt(gone ?? old, req.resolved), removed: true };
}
