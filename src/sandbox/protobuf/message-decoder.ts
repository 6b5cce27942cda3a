// Turns protobuf message bytes into the JSON object the JSON path would have received, driven by
// a field table. Every field record must have a table entry: an unknown number is refused, never
// skipped, because skipping would store the object without data the client sent.
import type { FieldSpec, MapField, MessageField, MessageSpec, ScalarField, ScalarType } from './field-spec.ts';
import { MalformedProtobufError, WireType, readFields } from './wire-reader.ts';
import type { WireField } from './wire-reader.ts';
import { MalformedBodyError, UnsupportedContentError, joinPath } from './decode-errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where in the object a message sits, for error messages. */
interface Place {
  path: string;
  spec: MessageSpec;
}

function where(place: Place): string {
  return place.path === '' ? `the top-level ${place.spec.name}` : `${place.spec.name} at ${place.path}`;
}

function malformed(place: Place, what: string): MalformedBodyError {
  return new MalformedBodyError(`malformed protobuf in ${where(place)}: ${what}`);
}

function fieldsOf(buf: Buffer, place: Place): WireField[] {
  try {
    return readFields(buf);
  } catch (err) {
    if (err instanceof MalformedProtobufError) throw malformed(place, err.message);
    throw err;
  }
}

function expectBytes(field: WireField, spec: FieldSpec, place: Place): Buffer {
  if (field.wireType !== WireType.LengthDelimited) {
    throw malformed(place, `field ${field.no} (${spec.name}) has wire type ${field.wireType}, expected 2 (length-delimited)`);
  }
  return field.value;
}

function expectVarint(field: WireField, spec: FieldSpec, place: Place): bigint {
  if (field.wireType !== WireType.Varint) {
    throw malformed(place, `field ${field.no} (${spec.name}) has wire type ${field.wireType}, expected 0 (varint)`);
  }
  return field.value;
}

function toText(bytes: Buffer, spec: FieldSpec, place: Place): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw malformed(place, `field ${spec.name} is not valid UTF-8`);
  }
}

function toInt(raw: bigint, spec: FieldSpec, place: Place): number {
  const value = BigInt.asIntN(64, raw);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new UnsupportedContentError(`field ${spec.name} of ${where(place)} holds ${value}, beyond the integers JSON can carry exactly`);
  }
  return Number(value);
}

function scalarValue(field: WireField, spec: FieldSpec & { type: ScalarType }, place: Place): unknown {
  switch (spec.type) {
    case 'string':
      return toText(expectBytes(field, spec, place), spec, place);
    case 'bytes':
      return expectBytes(field, spec, place).toString('base64');
    case 'int':
      return toInt(expectVarint(field, spec, place), spec, place);
    case 'bool':
      return expectVarint(field, spec, place) !== 0n;
  }
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

/** Accumulates one message's fields: singular scalars keep the last value, lists append, messages merge. */
class MessageBuilder {
  readonly out: Record<string, unknown> = {};
  private readonly messageChunks = new Map<number, Buffer[]>();

  constructor(private readonly place: Place) {}

  add(field: WireField): void {
    const spec = this.place.spec.fields.get(field.no);
    if (spec === undefined) throw this.unknown(field.no);
    if (spec.kind === 'scalar') this.addScalar(field, spec);
    else if (spec.kind === 'map') this.addMapEntry(field, spec);
    else this.addMessage(field, spec);
  }

  finish(): Record<string, unknown> {
    for (const [no, chunks] of this.messageChunks) {
      const spec = this.place.spec.fields.get(no) as MessageField;
      // Protobuf merges repeated occurrences of a singular message field: decoding the
      // concatenated bytes is exactly that merge.
      const value = decodeMessageValue(spec.message, Buffer.concat(chunks), joinPath(this.place.path, spec.name));
      if (value === undefined) Reflect.deleteProperty(this.out, spec.name);
      else this.out[spec.name] = value;
    }
    return this.out;
  }

  private unknown(no: number): UnsupportedContentError {
    const known = this.place.spec.refused?.[no];
    const label = known === undefined ? `field number ${no}` : `field number ${no} (${known})`;
    return new UnsupportedContentError(`${label} of ${where(this.place)} is not one the sandbox decodes`);
  }

  private addScalar(field: WireField, spec: ScalarField): void {
    if (spec.repeated !== true) {
      const value = scalarValue(field, spec, this.place);
      if (spec.keep === true || !isZero(value)) this.out[spec.name] = value;
      else Reflect.deleteProperty(this.out, spec.name);
      return;
    }
    this.listOf(spec.name).push(scalarValue(field, spec, this.place));
  }

  private addMessage(field: WireField, spec: MessageField): void {
    const bytes = expectBytes(field, spec, this.place);
    if (spec.repeated !== true) {
      const chunks = this.messageChunks.get(field.no);
      if (chunks !== undefined) {
        chunks.push(bytes);
        return;
      }
      this.messageChunks.set(field.no, [bytes]);
      // Holds the field's place so the JSON keys come out in wire order.
      this.out[spec.name] = undefined;
      return;
    }
    const items = this.listOf(spec.name);
    items.push(decodeMessageValue(spec.message, bytes, `${joinPath(this.place.path, spec.name)}[${items.length}]`) ?? {});
  }

  private addMapEntry(field: WireField, spec: MapField): void {
    const path = joinPath(this.place.path, spec.name);
    const entry = decodeMapEntry(expectBytes(field, spec, this.place), spec, path);
    const target = (this.out[spec.name] ?? {}) as Record<string, unknown>;
    target[entry.key] = entry.value;
    this.out[spec.name] = target;
  }

  private listOf(name: string): unknown[] {
    const existing = this.out[name];
    if (Array.isArray(existing)) return existing;
    const created: unknown[] = [];
    this.out[name] = created;
    return created;
  }
}

function entrySpec(spec: MapField): MessageSpec {
  const value: FieldSpec = typeof spec.value === 'string'
    ? { kind: 'scalar', name: 'value', type: spec.value, keep: true }
    : { kind: 'message', name: 'value', message: spec.value };
  return { name: `${spec.name} entry`, fields: new Map<number, FieldSpec>([[1, { kind: 'scalar', name: 'key', type: 'string', keep: true }], [2, value]]) };
}

function emptyMapValue(spec: MapField): unknown {
  if (typeof spec.value !== 'string') return decodeMessageValue(spec.value, Buffer.alloc(0), '');
  return '';
}

function decodeMapEntry(bytes: Buffer, spec: MapField, path: string): { key: string; value: unknown } {
  const decoded = decodeFields(entrySpec(spec), bytes, path);
  const key = typeof decoded.key === 'string' ? decoded.key : '';
  return { key, value: 'value' in decoded ? decoded.value : emptyMapValue(spec) };
}

function decodeFields(spec: MessageSpec, bytes: Buffer, path: string): Record<string, unknown> {
  const builder = new MessageBuilder({ path, spec });
  for (const field of fieldsOf(bytes, { path, spec })) builder.add(field);
  return builder.finish();
}

function decodeMessageValue(spec: MessageSpec, bytes: Buffer, path: string): unknown {
  const decoded = decodeFields(spec, bytes, path);
  if (spec.toJson === undefined) return decoded;
  try {
    return spec.toJson(decoded);
  } catch (err) {
    throw malformed({ path, spec }, err instanceof Error ? err.message : String(err));
  }
}

/**
 * Decodes a message into its JSON form using `spec`. Throws MalformedBodyError for bytes that are
 * not protobuf (or do not fit the table's wire types) and UnsupportedContentError naming the
 * message, path and field number of anything the tables do not cover.
 */
export function decodeMessage(spec: MessageSpec, bytes: Buffer): Record<string, unknown> {
  return decodeFields(spec, bytes, '');
}
