// The patch media types, and which of them a resource accepts.
import type { PatchMetaNode, ResourceType } from './resource-type.ts';
import { mediaTypeOf } from './content-negotiation.ts';
import { applyMergePatch } from './patch-merge.ts';
import { applyJsonPatch } from './patch-json.ts';
import { applyStrategicPatch } from './patch-strategic.ts';
import { ApiError, StatusReason } from './status-errors.ts';

/** The PATCH Content-Types Kubernetes defines. */
export const PatchType = Object.freeze({
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const);
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** The patch types a resource accepts: custom resources have no strategic merge. */
export function acceptedPatchTypes(type: ResourceType): PatchType[] {
  const all = Object.values(PatchType);
  return type.builtin ? all : all.filter((t) => t !== PatchType.Strategic);
}

/** The patch type of a request; 415 UnsupportedMediaType when the resource does not accept it. */
export function patchTypeOf(contentType: string | undefined, type: ResourceType): PatchType {
  const media = mediaTypeOf(contentType);
  const accepted = acceptedPatchTypes(type);
  const found = accepted.find((t) => t === media);
  if (found === undefined) {
    throw new ApiError(
      StatusReason.UnsupportedMediaType,
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')} (got "${media}")`,
    );
  }
  return found;
}

/** Applies a decoded json, merge or strategic patch to a document. */
export function applyPatchDocument(patchType: PatchType, current: unknown, patch: unknown, meta: PatchMetaNode | undefined): unknown {
  switch (patchType) {
    case PatchType.Json:
      return applyJsonPatch(current, patch);
    case PatchType.Merge:
      return applyMergePatch(current, patch);
    case PatchType.Strategic:
    case PatchType.Apply:
      return meta === undefined ? applyMergePatch(current, patch) : applyStrategicPatch(current, patch, meta);
  }
}
