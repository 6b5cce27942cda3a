// Parses the query parameters shared by writes (dryRun, fieldManager, fieldValidation) and reads.
import type { IncomingHttpHeaders } from 'node:http';
import type { WriteOptions } from './write-context.ts';
import { FieldValidation } from './write-context.ts';
import { defaultManager } from './managed-fields.ts';
import { badRequest } from './status-errors.ts';

function parseDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun').filter((v) => v !== '');
  for (const v of values) {
    if (v !== 'All') throw badRequest(`unsupported dryRun value "${v}": the only supported value is "All"`);
  }
  return values.length > 0;
}

function parseFieldValidation(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return FieldValidation.Warn;
  const match = Object.values(FieldValidation).find((v) => v.toLowerCase() === value.toLowerCase());
  if (match === undefined) throw badRequest(`fieldValidation must be one of Strict, Warn, Ignore (got "${value}")`);
  return match;
}

/** Write options from the query; the field manager defaults to the user agent's program name. */
export function writeOptions(query: URLSearchParams, headers: IncomingHttpHeaders, operation: 'Apply' | 'Update'): WriteOptions {
  const manager = query.get('fieldManager');
  if (manager !== null && manager.length > 128) throw badRequest('fieldManager must be at most 128 characters');
  return {
    dryRun: parseDryRun(query),
    fieldManager: manager === null || manager === '' ? defaultManager(headers['user-agent']) : manager,
    fieldValidation: parseFieldValidation(query),
    operation,
  };
}

/** Whether a boolean query flag is set (`true` or `1`). */
export function flag(query: URLSearchParams, name: string): boolean {
  const v = query.get(name);
  return v === 'true' || v === '1';
}

/** A resourceVersion query value as a number; undefined for absent, empty or "0". */
export function parseResourceVersion(value: string | null): number | undefined {
  if (value === null || value === '' || value === '0') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resourceVersion "${value}": must be a non-negative integer`);
  return n;
}
