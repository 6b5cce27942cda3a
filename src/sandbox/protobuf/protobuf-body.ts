// Protobuf request bodies (`application/vnd.kubernetes.protobuf`, what kubectl's typed `create`
// subcommands send) turned into the object the JSON path would have received, so validation,
// defaults, storage and watch stay one code path.
import type { KubeObject } from '../resource-type.ts';
import { ApiError, StatusReason, badRequest } from '../status-errors.ts';
import { MalformedBodyError, UnsupportedContentError } from './decode-errors.ts';
import { decodeEnvelope } from './envelope.ts';
import { messageForKind, protobufKinds } from './kind-tables.ts';
import { decodeMessage } from './message-decoder.ts';

/** The media type of Kubernetes protobuf bodies. */
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

const instead = 'send the object as JSON or YAML instead (kubectl create -f / kubectl apply -f with a YAML manifest)';

function unsupported(subject: string, why: string): ApiError {
  return new ApiError(StatusReason.UnsupportedMediaType, `cannot accept the protobuf ${subject}: ${why}; rather than store it without that data, the request is refused: ${instead}`);
}

function decodeKnown(apiVersion: string, kind: string, raw: Buffer): KubeObject {
  const spec = messageForKind(apiVersion, kind);
  if (spec === undefined) {
    throw new ApiError(StatusReason.UnsupportedMediaType, `the sandbox accepts protobuf bodies only for ${protobufKinds().join(', ')}; ${apiVersion} ${kind} is not one of them: ${instead}`);
  }
  try {
    return { apiVersion, kind, ...decodeMessage(spec, raw) };
  } catch (err) {
    if (err instanceof UnsupportedContentError) throw unsupported(`${apiVersion} ${kind}`, err.message);
    if (err instanceof MalformedBodyError) throw badRequest(`the ${apiVersion} ${kind} request body is ${err.message}`);
    throw err;
  }
}

/**
 * Decodes a protobuf body into a JSON-shaped object with apiVersion and kind. Bad bytes are 400
 * BadRequest; an unknown kind, an undecodable field (named by message, path and field number)
 * or a compressed payload is 415 UnsupportedMediaType. Never returns a partial object.
 */
export function decodeProtobufObject(body: Buffer): KubeObject {
  try {
    const envelope = decodeEnvelope(body);
    return decodeKnown(envelope.apiVersion, envelope.kind, envelope.raw);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    if (err instanceof UnsupportedContentError) throw unsupported('request body', err.message);
    if (err instanceof MalformedBodyError) throw badRequest(`the request body is not valid Kubernetes protobuf: ${err.message}`);
    throw err;
  }
}
