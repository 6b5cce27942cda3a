// Reads and decodes request bodies: a size cap (413), JSON or YAML objects (and, for whole
// objects, Kubernetes protobuf), and clear 400/415 errors for anything else.
import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from './resource-type.ts';
import { ApiError, StatusReason, badRequest } from './status-errors.ts';
import { mediaTypeOf } from './content-negotiation.ts';
import { decodeProtobufObject, protobufMediaType } from './protobuf/protobuf-body.ts';

/** The largest body accepted, like kube-apiserver's 3 MiB request limit. */
export const maxBodyBytes = 3 * 1024 * 1024;

/** Body media types that decode as YAML (a superset of JSON). */
const yamlTypes = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'application/apply-patch+yaml']);
const jsonTypes = new Set([
  '',
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
]);

function tooLarge(limit: number): ApiError {
  return new ApiError(StatusReason.RequestEntityTooLarge, `the request body is larger than the ${limit} bytes the server accepts`);
}

/**
 * Reads the whole body. An oversized body is drained and discarded, then rejected with 413, so
 * the connection stays usable and memory stays bounded.
 */
export function readBody(req: IncomingMessage, limit = maxBodyBytes): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(tooLarge(limit));
      else resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function parseText(text: string, mediaType: string): unknown {
  if (yamlTypes.has(mediaType)) {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(`the request body is not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err)}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Decodes a body as JSON or YAML according to its Content-Type; 415 for other media types. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const mediaType = mediaTypeOf(contentType);
  if (!yamlTypes.has(mediaType) && !jsonTypes.has(mediaType)) {
    throw new ApiError(StatusReason.UnsupportedMediaType, `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (got "${mediaType}")`);
  }
  if (body.length === 0) throw badRequest('the request body is empty');
  return parseText(body.toString('utf8'), mediaType);
}

/** Which body encodings beyond JSON and YAML a request may use. */
export interface DecodeOptions {
  /** Accept Kubernetes protobuf (built-in kinds only: custom resources have no protobuf form). */
  protobuf?: boolean;
}

/** Decodes a body that must be a single object (not an array, string or null), or protobuf when allowed. */
export function decodeObject(body: Buffer, contentType: string | undefined, opts: DecodeOptions = {}): KubeObject {
  if (opts.protobuf === true && mediaTypeOf(contentType) === protobufMediaType) {
    if (body.length === 0) throw badRequest('the request body is empty');
    return decodeProtobufObject(body);
  }
  const value = decodeBody(body, contentType);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest('the request body must be a JSON or YAML object');
  }
  return value as KubeObject;
}
