import { errorOutcome, type QueryOutcome } from './query-outcome.ts';
import { parseSampleValue } from './sample-value.ts';

/** Why an outcome has no data; the wording Flagger users know. */
export const NO_VALUES_FOUND = 'no values found';

interface ApiBody {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromSample(sample: unknown, query: string): QueryOutcome {
  const raw = Array.isArray(sample) ? (sample as unknown[])[1] : undefined;
  const value = parseSampleValue(raw);
  if (value === null) return errorOutcome(`Prometheus returned a sample that is not a number (${JSON.stringify(raw)}) for query: ${query}`);
  if (Number.isNaN(value)) return { kind: 'no-data', reason: `${NO_VALUES_FOUND} (the query evaluated to NaN)` };
  return { kind: 'value', value };
}

function fromVector(result: unknown, query: string): QueryOutcome {
  if (!Array.isArray(result)) return errorOutcome(`Prometheus returned a vector without a result list for query: ${query}`);
  const series = result as unknown[];
  if (series.length === 0) return { kind: 'no-data', reason: `${NO_VALUES_FOUND} (the query returned no series)` };
  if (series.length > 1) {
    return errorOutcome(`query returned ${series.length} series but a check needs exactly one; aggregate it (e.g. sum(...)): ${query}`);
  }
  const only = series[0];
  return fromSample(isRecord(only) ? only.value : undefined, query);
}

function fromData(body: ApiBody, query: string): QueryOutcome {
  const type = body.data?.resultType;
  if (type === 'scalar') return fromSample(body.data?.result, query);
  if (type === 'vector') return fromVector(body.data?.result, query);
  return errorOutcome(`Prometheus returned a ${JSON.stringify(type)} result; a check needs a scalar or a single-series vector: ${query}`);
}

/** Turns a decoded `/api/v1/query` body into an outcome; any unexpected shape is an error outcome. */
export function outcomeFromBody(body: unknown, query: string): QueryOutcome {
  if (!isRecord(body)) return errorOutcome('Prometheus answered with JSON that is not an object');
  const parsed = body as ApiBody;
  if (parsed.status === 'error') {
    return errorOutcome(`Prometheus rejected the query (${String(parsed.errorType)}): ${String(parsed.error)}; query: ${query}`);
  }
  if (parsed.status !== 'success') return errorOutcome(`Prometheus answered with unknown status ${JSON.stringify(parsed.status)}`);
  return fromData(parsed, query);
}
