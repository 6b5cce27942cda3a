// JSON patch (RFC 6902) on top of fast-json-patch, with kube-style errors: a malformed patch
// is 400 BadRequest, a patch that cannot be applied (failed test, missing path) is 422 Invalid.
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, StatusReason, badRequest } from './status-errors.ts';

const ops = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

function checkOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations');
  patch.forEach((op: unknown, i) => {
    const rec = (typeof op === 'object' && op !== null ? op : {}) as Record<string, unknown>;
    if (typeof rec.op !== 'string' || !ops.has(rec.op) || typeof rec.path !== 'string') {
      throw badRequest(`JSON patch operation ${i} is malformed: it needs "op" (one of ${[...ops].join(', ')}) and a string "path"`);
    }
  });
  return patch as Operation[];
}

/** Applies an RFC 6902 patch to a copy of `target`; returns the new document. */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  const operations = checkOperations(patch);
  try {
    return fastJsonPatch.applyPatch(structuredClone(target), operations, true, true).newDocument;
  } catch (err) {
    const e = err as { name?: string; message?: string; index?: number };
    const where = e.index === undefined ? '' : ` (operation ${e.index})`;
    throw new ApiError(StatusReason.Invalid, `the JSON patch could not be applied${where}: ${e.message ?? String(err)}`);
  }
}
