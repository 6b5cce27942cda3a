// The frame around every Kubernetes protobuf body: the magic bytes `k8s\0`, then a
// runtime.Unknown message carrying the object's TypeMeta and its encoded bytes. The object
// message itself has no apiVersion or kind; they come from here.
import { MalformedProtobufError, WireType, readFields } from './wire-reader.ts';
import type { WireField } from './wire-reader.ts';
import { MalformedBodyError, UnsupportedContentError } from './decode-errors.ts';

/** The four bytes every Kubernetes protobuf body starts with. */
export const protobufMagic = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** What runtime.Unknown carries. */
export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
  contentType: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function bytesOf(field: WireField, what: string): Buffer {
  if (field.wireType !== WireType.LengthDelimited) {
    throw new MalformedBodyError(`malformed protobuf envelope: ${what} (field ${field.no}) has wire type ${field.wireType}, expected 2`);
  }
  return field.value;
}

function textOf(field: WireField, what: string): string {
  try {
    return utf8.decode(bytesOf(field, what));
  } catch (err) {
    if (err instanceof MalformedBodyError) throw err;
    throw new MalformedBodyError(`malformed protobuf envelope: ${what} is not valid UTF-8`);
  }
}

function fields(bytes: Buffer, what: string): WireField[] {
  try {
    return readFields(bytes);
  } catch (err) {
    if (err instanceof MalformedProtobufError) throw new MalformedBodyError(`malformed protobuf ${what}: ${err.message}`);
    throw err;
  }
}

function readTypeMeta(bytes: Buffer, into: Envelope): void {
  for (const field of fields(bytes, 'type meta')) {
    if (field.no === 1) into.apiVersion = textOf(field, 'typeMeta.apiVersion');
    else if (field.no === 2) into.kind = textOf(field, 'typeMeta.kind');
    else throw new MalformedBodyError(`malformed protobuf envelope: unexpected field ${field.no} in typeMeta`);
  }
}

function readUnknownField(field: WireField, into: Envelope): void {
  switch (field.no) {
    case 1:
      readTypeMeta(bytesOf(field, 'typeMeta'), into);
      return;
    case 2:
      into.raw = bytesOf(field, 'raw');
      return;
    case 3:
      into.contentEncoding = textOf(field, 'contentEncoding');
      return;
    case 4:
      into.contentType = textOf(field, 'contentType');
      return;
    default:
      throw new MalformedBodyError(`malformed protobuf envelope: unexpected field ${field.no} in runtime.Unknown`);
  }
}

/**
 * Checks the magic bytes and reads the runtime.Unknown envelope. Throws MalformedBodyError for a
 * missing magic or bad bytes, UnsupportedContentError for a compressed or non-protobuf payload.
 */
export function decodeEnvelope(body: Buffer): Envelope {
  if (body.length < protobufMagic.length || !body.subarray(0, protobufMagic.length).equals(protobufMagic)) {
    throw new MalformedBodyError('the protobuf body does not start with the Kubernetes magic bytes "k8s\\x00"');
  }
  const envelope: Envelope = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '', contentType: '' };
  for (const field of fields(body.subarray(protobufMagic.length), 'envelope')) readUnknownField(field, envelope);
  if (envelope.kind === '' || envelope.apiVersion === '') {
    throw new MalformedBodyError('the protobuf envelope does not name the object\'s apiVersion and kind');
  }
  if (envelope.contentEncoding !== '') {
    throw new UnsupportedContentError(`the protobuf envelope uses content encoding "${envelope.contentEncoding}", which the sandbox does not decode`);
  }
  if (envelope.contentType !== '' && envelope.contentType !== 'application/vnd.kubernetes.protobuf') {
    throw new UnsupportedContentError(`the protobuf envelope carries content type "${envelope.contentType}", which the sandbox does not decode`);
  }
  return envelope;
}
