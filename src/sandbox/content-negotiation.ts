// Reads the Accept header the way the Kubernetes API server does: JSON is the only
// serialization, but parameters (`as=Table;g=meta.k8s.io;v=v1`, aggregated discovery) select
// alternative shapes of the response.
import { ApiError, StatusReason } from './status-errors.ts';

/** One entry of an Accept header. */
export interface MediaRange {
  type: string;
  params: Readonly<Record<string, string>>;
}

/** Alternative response shapes a client can ask for. */
export const ResponseShape = Object.freeze({
  Plain: 'plain',
  Table: 'table',
  PartialMetadata: 'partial-metadata',
  AggregatedDiscovery: 'aggregated-discovery',
} as const);
export type ResponseShape = (typeof ResponseShape)[keyof typeof ResponseShape];

/** The chosen response: its shape, the apiVersion of that shape, and the Content-Type to send. */
export interface Negotiated {
  shape: ResponseShape;
  version: string;
  contentType: string;
}

const jsonTypes = new Set(['application/json', 'application/*', '*/*']);

/** Splits an Accept header into media ranges in the client's order. */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type = '', ...rawParams] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params };
  });
}

/** The `as` parameter values each shape answers to, with its group and versions. */
const shapeParams: readonly { shape: ResponseShape; as: readonly string[]; group: string; versions: readonly string[] }[] = [
  { shape: ResponseShape.Table, as: ['Table'], group: 'meta.k8s.io', versions: ['v1', 'v1beta1'] },
  { shape: ResponseShape.PartialMetadata, as: ['PartialObjectMetadata', 'PartialObjectMetadataList'], group: 'meta.k8s.io', versions: ['v1', 'v1beta1'] },
  { shape: ResponseShape.AggregatedDiscovery, as: ['APIGroupDiscoveryList'], group: 'apidiscovery.k8s.io', versions: ['v2', 'v2beta1'] },
];

function contentTypeFor(shape: ResponseShape, as: string, group: string, version: string): string {
  return shape === ResponseShape.AggregatedDiscovery
    ? `application/json;g=${group};v=${version};as=${as}`
    : `application/json;as=${as};v=${version};g=${group}`;
}

function chooseShape(range: MediaRange, allowed: readonly ResponseShape[]): Negotiated | undefined {
  if (!jsonTypes.has(range.type)) return undefined;
  const { as, g, v } = range.params;
  if (as === undefined) return { shape: ResponseShape.Plain, version: '', contentType: 'application/json' };
  const match = shapeParams.find((p) => p.as.includes(as) && p.group === g && v !== undefined && p.versions.includes(v));
  if (match === undefined || v === undefined || !allowed.includes(match.shape)) return undefined;
  return { shape: match.shape, version: v, contentType: contentTypeFor(match.shape, as, match.group, v) };
}

/**
 * Picks the first acceptable response shape in the client's order; plain JSON always qualifies
 * for a bare JSON range. Throws 406 when nothing in the header can be produced (e.g. protobuf only).
 */
export function negotiate(header: string | undefined, allowed: readonly ResponseShape[]): Negotiated {
  for (const range of parseAccept(header)) {
    const chosen = chooseShape(range, allowed);
    if (chosen !== undefined) return chosen;
  }
  throw new ApiError(StatusReason.NotAcceptable, `only the following media types are accepted: application/json (asked for ${header ?? ''})`);
}

/** The media type of a Content-Type header without parameters, lower-cased. */
export function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
