// A deliberately empty OpenAPI v2 document. kubectl falls back to v2 for client-side
// validation of kinds the v3 documents do not (yet) list, e.g. a custom resource whose CRD is
// created in the same `kubectl apply`; an empty document makes it skip validation there, as it
// does against a real cluster for unknown kinds. kubectl asks for protobuf, so the document is
// encoded by hand: field 1 `swagger`, field 2 `info {title, version}`.

/** The protobuf media type kubectl requests for OpenAPI v2. */
export const openApiV2Protobuf = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

function field(tag: number, payload: Buffer): Buffer {
  // Wire type 2 (length-delimited); all payloads here are shorter than 128 bytes.
  return Buffer.concat([Buffer.from([(tag << 3) | 2, payload.length]), payload]);
}

/** The v2 document as protobuf bytes. */
export function openApiV2ProtobufDocument(): Buffer {
  const info = Buffer.concat([field(1, Buffer.from('Kubernetes')), field(2, Buffer.from('v1.32.0'))]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info)]);
}

/** The v2 document as JSON. */
export function openApiV2JsonDocument(): Record<string, unknown> {
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {}, definitions: {} };
}
