// Secrets as kube-apiserver stores them: `stringData` is a write-only convenience merged into
// `data` (base64, stringData winning on shared keys) and never stored; `type` defaults to Opaque;
// `data` values must be standard padded base64, or the body does not decode (400).
import type { KubeObject } from './resource-type.ts';
import { isPlainObject } from '../api/structural-node.ts';
import { badRequest } from './status-errors.ts';

const BASE64_CHAR = /[A-Za-z0-9+/]/;

// The offset Go's decoder reports: the first byte that is not base64, or where the padding breaks.
function base64ErrorOffset(text: string): number | undefined {
  const body = text.replace(/={1,2}$/, '');
  for (let i = 0; i < body.length; i++) {
    if (!BASE64_CHAR.test(body.charAt(i))) return i;
  }
  if (text.length % 4 !== 0) return text.length - (text.length % 4);
  return body.length % 4 === 1 ? body.length - 1 : undefined;
}

function checkData(data: Record<string, unknown>): void {
  for (const value of Object.values(data)) {
    if (typeof value !== 'string') continue;
    const offset = base64ErrorOffset(value);
    if (offset !== undefined) throw badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${offset}`);
  }
}

function allStrings(value: Record<string, unknown>): value is Record<string, string> {
  return Object.values(value).every((v) => typeof v === 'string');
}

/** Folds `stringData` into `data`, defaults `type` to Opaque and rejects `data` that is not base64; mutates `obj`. */
export function normalizeSecret(obj: KubeObject): void {
  if (isPlainObject(obj.data)) checkData(obj.data);
  const extra = obj.stringData;
  // Wrongly typed stringData is left for the type check, which names the field.
  if (isPlainObject(extra) && allStrings(extra)) {
    const data = isPlainObject(obj.data) ? { ...obj.data } : {};
    for (const [key, text] of Object.entries(extra)) data[key] = Buffer.from(text, 'utf8').toString('base64');
    obj.data = data;
    delete obj.stringData;
  } else if (extra === null) {
    delete obj.stringData;
  }
  if (obj.type === undefined || obj.type === null || obj.type === '') obj.type = 'Opaque';
}
