import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { Strategy } from './release-types.ts';

/**
 * The JSON schema of `status.machine`: `{name, version, snapshot}` where the
 * snapshot is XState's persisted form of a release machine. The context is
 * closed (no unknown fields) so a snapshot from another machine shape is
 * refused instead of half-read.
 */

const count = { type: 'integer', minimum: 0 };
const nullableCount = { type: ['integer', 'null'], minimum: 0 };
const nullableRevision = { type: ['string', 'null'] };
const percent = { type: 'number', minimum: 0, maximum: 100 };

const configSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'strategy',
    'intervalMs',
    'threshold',
    'stepWeights',
    'stepWeightPromotion',
    'iterations',
    'mirror',
    'mirrorWeight',
    'progressDeadlineMs',
    'skipAnalysis',
  ],
  properties: {
    strategy: { enum: Object.values(Strategy) },
    intervalMs: count,
    threshold: count,
    stepWeights: { type: 'array', items: percent },
    stepWeightPromotion: percent,
    iterations: count,
    mirror: { type: 'boolean' },
    mirrorWeight: percent,
    progressDeadlineMs: count,
    skipAnalysis: { type: 'boolean' },
    // Optional: snapshots written before it existed stay readable.
    firstAnalysisDelayMs: count,
    metricWindowMs: count,
  },
};

const contextSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'config',
    'revision',
    'promotedRevision',
    'canaryWeight',
    'failedChecks',
    'iterations',
    'stepIndex',
    'lastAnalysisAt',
    'unreadySince',
    'preRolloutDone',
    'lastTransitionAt',
    'message',
    'canaryReady',
  ],
  properties: {
    config: configSchema,
    revision: nullableRevision,
    promotedRevision: nullableRevision,
    canaryWeight: percent,
    failedChecks: count,
    iterations: count,
    stepIndex: { type: 'integer', minimum: -1 },
    lastAnalysisAt: nullableCount,
    unreadySince: nullableCount,
    preRolloutDone: { type: 'boolean' },
    lastTransitionAt: count,
    message: { type: 'string' },
    canaryReady: { type: 'boolean' },
    // Optional: snapshots written before it existed stay readable (restored as null).
    canaryQuietSince: nullableCount,
  },
};

const stateValueSchema = {
  anyOf: [{ type: 'string', minLength: 1 }, { type: 'object', minProperties: 1, maxProperties: 1 }],
};

const persistedSchema = {
  type: 'object',
  required: ['name', 'version', 'snapshot'],
  properties: {
    name: { type: 'string', minLength: 1 },
    version: { type: 'integer', minimum: 0 },
    snapshot: {
      type: 'object',
      required: ['status', 'value', 'context'],
      properties: {
        status: { const: 'active' },
        value: stateValueSchema,
        context: contextSchema,
        historyValue: { type: 'object' },
        children: { type: 'object', maxProperties: 0 },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validatePersisted = ajv.compile(persistedSchema);

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replaceAll('/', '.');
  const allowed = 'allowedValues' in error.params ? `: ${JSON.stringify(error.params.allowedValues)}` : '';
  return `${where} ${error.message ?? 'is invalid'}${allowed}`;
}

/** The problems that make a value unusable as `status.machine`; empty when it is well formed. */
export function persistedSnapshotProblems(value: unknown): string[] {
  if (validatePersisted(value)) return [];
  return (validatePersisted.errors ?? []).map(describeError);
}
