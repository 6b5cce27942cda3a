// Metadata rules shared by every write: names, generated names, uids, timestamps, and the
// split of an object into the parts that do and do not count towards metadata.generation.
import { randomUUID, randomInt } from 'node:crypto';
import type { KubeObject, ResourceType } from './resource-type.ts';
import type { StatusCause } from './status-errors.ts';
import { sameJson, sameRecords } from './json-equality.ts';

/** A mutable view of metadata. */
export type ObjectMeta = Record<string, unknown>;

/** The metadata of an object, created empty if absent or malformed. */
export function ensureMeta(obj: KubeObject): ObjectMeta {
  const meta = obj.metadata;
  if (typeof meta === 'object' && meta !== null && !Array.isArray(meta)) return meta as ObjectMeta;
  const created: ObjectMeta = {};
  obj.metadata = created;
  return created;
}

// Every write stamps the time; formatting it once per second keeps that off the write path.
const stamp = { second: Number.NaN, text: '' };

/** A timestamp the way Kubernetes writes them (RFC 3339, seconds precision). */
export function nowTimestamp(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== stamp.second) {
    stamp.second = second;
    stamp.text = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return stamp.text;
}

/** A fresh uid. */
export function newUid(): string {
  return randomUUID();
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` plus five random characters, as the API server does. */
export function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += suffixAlphabet.charAt(randomInt(suffixAlphabet.length));
  return `${prefix}${suffix}`;
}

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Causes for an invalid object name (namespaces must be DNS labels, others DNS subdomains). */
export function nameCauses(name: unknown, isNamespace: boolean): StatusCause[] {
  if (typeof name !== 'string' || name === '') {
    return [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }];
  }
  const limit = isNamespace ? 63 : 253;
  const pattern = isNamespace ? label : subdomain;
  if (name.length > limit || !pattern.test(name)) {
    const what = isNamespace ? 'RFC 1123 label' : 'RFC 1123 subdomain';
    return [{
      reason: 'FieldValueInvalid',
      message: `Invalid value: "${name}": a lowercase ${what} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      field: 'metadata.name',
    }];
  }
  return [];
}

/** Metadata fields the server owns: clients cannot set or change them. */
const serverOwned = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;

/** Copies server-owned metadata from the stored object onto an incoming one. */
export function carryServerMeta(incoming: ObjectMeta, stored: ObjectMeta): void {
  for (const key of serverOwned) {
    if (stored[key] === undefined) Reflect.deleteProperty(incoming, key);
    else incoming[key] = stored[key];
  }
  if (incoming.managedFields === undefined && stored.managedFields !== undefined) {
    incoming.managedFields = stored.managedFields;
  }
}

/** Clears server-owned metadata on an object about to be created. */
export function clearServerMeta(meta: ObjectMeta): void {
  for (const key of serverOwned) Reflect.deleteProperty(meta, key);
  delete meta.resourceVersion;
  delete meta.selfLink;
}

const outsideGeneration = new Set(['metadata', 'apiVersion', 'kind']);
const outsideGenerationWithStatus = new Set(['metadata', 'apiVersion', 'kind', 'status']);

/** True when the parts of two objects whose change bumps metadata.generation are equal. */
export function sameGenerationContent(a: KubeObject, b: KubeObject, hasStatusSubresource: boolean): boolean {
  return sameRecords(a, b, hasStatusSubresource ? outsideGenerationWithStatus : outsideGeneration);
}

/** The next generation for an update, or undefined when the kind does not track generations. */
export function nextGeneration(type: ResourceType, hasStatus: boolean, next: KubeObject, previous: KubeObject): number | undefined {
  if (!type.tracksGeneration) return undefined;
  const prior = Number((previous.metadata as ObjectMeta | undefined)?.generation ?? 1);
  return sameGenerationContent(next, previous, hasStatus) ? prior : prior + 1;
}

const outsideStoredContent = new Set(['metadata']);
const writeBookkeeping = new Set(['resourceVersion', 'managedFields']);

/** True when two objects differ at most in resourceVersion and managedFields (a write that changes nothing). */
export function sameStoredContent(a: KubeObject, b: KubeObject): boolean {
  const metaA = a.metadata;
  const metaB = b.metadata;
  const sameMeta = typeof metaA === 'object' && metaA !== null && typeof metaB === 'object' && metaB !== null
    ? sameRecords(metaA as ObjectMeta, metaB as ObjectMeta, writeBookkeeping)
    : sameJson(metaA ?? {}, metaB ?? {});
  return sameMeta && sameRecords(a, b, outsideStoredContent);
}

/** The finalizers of an object. */
export function finalizersOf(obj: KubeObject): string[] {
  const list = (obj.metadata as ObjectMeta | undefined)?.finalizers;
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : [];
}
