// What every write needs to know: the core services, the resource addressed, and the
// request's options (dry run, field manager, field validation), plus warnings to send back.
import type { ObjectStore } from './object-store.ts';
import type { ResourceRegistry, ResolvedResource } from './resource-registry.ts';
import type { KubeObject } from './resource-type.ts';
import { apiVersionOf, storageKey } from './resource-type.ts';
import type { WatchHub } from './watch-hub.ts';

/** How unknown fields are treated (the `fieldValidation` query parameter). */
export const FieldValidation = Object.freeze({ Strict: 'Strict', Warn: 'Warn', Ignore: 'Ignore' } as const);
export type FieldValidation = (typeof FieldValidation)[keyof typeof FieldValidation];

/** Options carried by a write request. */
export interface WriteOptions {
  dryRun: boolean;
  fieldManager: string;
  fieldValidation: FieldValidation;
  operation: 'Apply' | 'Update';
}

/** One write: which resource, which namespace ('' when cluster-scoped), options and warnings. */
export interface WriteRequest {
  resolved: ResolvedResource;
  namespace: string;
  options: WriteOptions;
  warnings: string[];
  /** Set for writes to a subresource (`status`, `scale`). */
  subresource?: string;
}

/** A plug-in that may mutate or reject an object before it is stored. */
export interface Admission {
  /** Throws an ApiError to reject; may mutate `obj`. `old` is undefined on create. */
  admit(req: WriteRequest, obj: KubeObject, old: KubeObject | undefined): void;
}

/** The services shared by all handlers. */
export interface SandboxCore {
  registry: ResourceRegistry;
  store: ObjectStore;
  hub: WatchHub;
  admission: Admission[];
}

/** The storage bucket of the addressed resource. */
export function bucketOf(req: WriteRequest): string {
  return storageKey(req.resolved.type.group, req.resolved.type.plural);
}

/** The apiVersion a response is rendered at (the version the request addressed). */
export function requestApiVersion(resolved: ResolvedResource): string {
  return apiVersionOf(resolved.type.group, resolved.version.name);
}

/** A stored object as seen at the requested version (conversion is `None`: only apiVersion changes). */
export function renderAt(obj: KubeObject, resolved: ResolvedResource): KubeObject {
  const apiVersion = requestApiVersion(resolved);
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

/** Default options for writes the server makes itself (garbage collection, controllers). */
export function internalOptions(manager: string): WriteOptions {
  return { dryRun: false, fieldManager: manager, fieldValidation: FieldValidation.Ignore, operation: 'Update' };
}
