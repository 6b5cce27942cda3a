// The shape of our field tables: for each protobuf message Kubernetes sends, which field number
// carries which JSON field and how its bytes become a JSON value. The numbers themselves live in
// the *-tables.ts files, written from Kubernetes' generated.proto definitions.

/** Scalar protobuf types, by the JSON value they become. */
export type ScalarType = 'string' | 'int' | 'bool' | 'bytes';

/** How a singular scalar that holds its zero value ("", 0, false) is rendered. */
export interface ScalarOptions {
  /**
   * Keep the zero value. Go's protobuf encoder writes every non-pointer field, even empty ones, so
   * zero values are dropped by default as the omitempty JSON encoder would; `keep` marks pointer
   * fields (where false or 0 was set on purpose) and JSON fields without omitempty.
   */
  keep?: boolean;
  repeated?: boolean;
}

/** A scalar field. */
export interface ScalarField extends ScalarOptions {
  kind: 'scalar';
  name: string;
  type: ScalarType;
}

/** A nested message field (or a repeated one: a JSON array). */
export interface MessageField {
  kind: 'message';
  name: string;
  message: MessageSpec;
  repeated?: boolean;
}

/** A protobuf map (repeated key=1/value=2 entries) with string keys: a JSON object. */
export interface MapField {
  kind: 'map';
  name: string;
  value: 'string' | 'bytes' | MessageSpec;
}

/** One entry of a field table. */
export type FieldSpec = ScalarField | MessageField | MapField;

/** A message: its proto name (for error messages), its fields by number, and an optional final conversion. */
export interface MessageSpec {
  readonly name: string;
  readonly fields: ReadonlyMap<number, FieldSpec>;
  /**
   * Turns the decoded fields into the JSON value of the whole message (Time → RFC 3339 string,
   * IntOrString → number or string); `undefined` leaves the field out.
   */
  readonly toJson?: (decoded: Record<string, unknown>) => unknown;
  /** Names of real fields the sandbox refuses to decode, so the 415 message can name them. */
  readonly refused?: Readonly<Record<number, string>>;
}

/** The optional parts of a message spec. */
export type MessageExtras = Pick<MessageSpec, 'toJson' | 'refused'>;

/** A string field. */
export function str(name: string, opts: ScalarOptions = {}): ScalarField {
  return { kind: 'scalar', name, type: 'string', ...opts };
}

/** An integer field (int32 or int64, both varints). */
export function int(name: string, opts: ScalarOptions = {}): ScalarField {
  return { kind: 'scalar', name, type: 'int', ...opts };
}

/** A bool field. */
export function bool(name: string, opts: ScalarOptions = {}): ScalarField {
  return { kind: 'scalar', name, type: 'bool', ...opts };
}

/** A repeated string field (a JSON array of strings; empty strings in it are kept). */
export function strings(name: string): ScalarField {
  return { kind: 'scalar', name, type: 'string', repeated: true };
}

/** A nested message field. */
export function msg(name: string, message: MessageSpec): MessageField {
  return { kind: 'message', name, message };
}

/** A repeated message field. */
export function list(name: string, message: MessageSpec): MessageField {
  return { kind: 'message', name, message, repeated: true };
}

/** A map field with string keys. */
export function map(name: string, value: MapField['value']): MapField {
  return { kind: 'map', name, value };
}

/** Builds a message spec from `{fieldNumber: field}`. */
export function message(name: string, fields: Readonly<Record<number, FieldSpec>>, extras: MessageExtras = {}): MessageSpec {
  const byNumber = new Map<number, FieldSpec>(Object.entries(fields).map(([no, f]) => [Number(no), f]));
  return Object.freeze({ name, fields: byNumber, ...extras });
}
