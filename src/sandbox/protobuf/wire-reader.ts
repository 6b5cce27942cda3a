// The protobuf wire format, read without a schema: a message is a sequence of (field number,
// wire type, value) records. Meaning comes later from the field tables; this layer only
// guarantees that every byte was accounted for, or says where the bytes stop making sense.

/** Protobuf wire types this reader understands (groups, 3 and 4, are long deprecated). */
export const WireType = Object.freeze({
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  Fixed32: 5,
} as const);
export type WireType = (typeof WireType)[keyof typeof WireType];

/** One field record: a varint as a bigint (64 bits need it), the raw bytes for the others. */
export type WireField =
  | { no: number; wireType: typeof WireType.Varint; value: bigint }
  | { no: number; wireType: typeof WireType.Fixed64 | typeof WireType.Fixed32 | typeof WireType.LengthDelimited; value: Buffer };

/** The bytes are not a well-formed protobuf message; `offset` is where reading failed. */
export class MalformedProtobufError extends Error {
  override readonly name = 'MalformedProtobufError';
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
  }
}

/** The highest field number protobuf allows (2^29 - 1). */
const maxFieldNumber = 0x1fffffff;

/** Reads a base-128 varint at `offset`; returns its value and the offset after it. */
export function readVarint(buf: Buffer, offset: number): { value: bigint; next: number } {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = buf[offset + i];
    if (byte === undefined) throw new MalformedProtobufError('truncated varint', offset);
    value |= BigInt(byte & 0x7f) << BigInt(7 * i);
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: offset + i + 1 };
  }
  throw new MalformedProtobufError('varint longer than 10 bytes', offset);
}

function take(buf: Buffer, offset: number, length: number): Buffer {
  if (length > buf.length - offset) {
    throw new MalformedProtobufError(`field of ${length} bytes runs past the end of the message (${buf.length - offset} left)`, offset);
  }
  return buf.subarray(offset, offset + length);
}

function readKey(buf: Buffer, offset: number): { no: number; wireType: number; next: number } {
  const { value, next } = readVarint(buf, offset);
  const no = Number(value >> 3n);
  if (no < 1 || no > maxFieldNumber) throw new MalformedProtobufError(`invalid field number ${no}`, offset);
  return { no, wireType: Number(value & 7n), next };
}

function readValue(buf: Buffer, key: { no: number; wireType: number; next: number }): { field: WireField; next: number } {
  const { no, wireType, next } = key;
  switch (wireType) {
    case WireType.Varint: {
      const v = readVarint(buf, next);
      return { field: { no, wireType, value: v.value }, next: v.next };
    }
    case WireType.Fixed64:
    case WireType.Fixed32: {
      const size = wireType === WireType.Fixed64 ? 8 : 4;
      return { field: { no, wireType, value: take(buf, next, size) }, next: next + size };
    }
    case WireType.LengthDelimited: {
      const len = readVarint(buf, next);
      const length = Number(len.value);
      return { field: { no, wireType, value: take(buf, len.next, length) }, next: len.next + length };
    }
    default:
      throw new MalformedProtobufError(`unsupported wire type ${wireType} for field ${no}`, next);
  }
}

/** Splits a message into its field records in wire order; throws MalformedProtobufError on bad bytes. */
export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < buf.length) {
    const { field, next } = readValue(buf, readKey(buf, offset));
    fields.push(field);
    offset = next;
  }
  return fields;
}
