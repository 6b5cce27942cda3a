/**
 * Offline validation of manifest files: every YAML document is parsed on its own, Glidepath
 * kinds (and the Istio kinds Glidepath ships schemas for) go through the same admission the
 * API server and controller apply (schema, unknown fields, defaults, semantic rules), and
 * other kinds are skipped with a note, since their schemas live in the cluster.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { knownResourceTypes, validateResource } from '../../api/validate-resource.ts';
import { CliError } from '../cli-error.ts';

/**
 * API groups whose every kind is checked, known or not: Glidepath's own, and Flagger's, whose
 * Canaries need only their apiVersion changed (the check says so).
 */
export const CHECKED_GROUPS: ReadonlySet<string> = new Set(['glidepath.dev', 'flagger.app']);

/** The field shown for problems that concern a whole document rather than one field. */
export const WHOLE_DOCUMENT = '(document)';

/** One problem: `docIndex` counts documents in the file from 0. */
export interface ValidationProblem {
  file: string;
  docIndex: number;
  field: string;
  message: string;
}

/** A document that was not checked, and why. */
export interface ValidationNote {
  file: string;
  docIndex: number;
  text: string;
}

/** What validating some files found. */
export interface ValidationReport {
  problems: ValidationProblem[];
  notes: ValidationNote[];
  /** Documents checked against a schema. */
  checked: number;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
}

/** True when `validate` checks this document rather than skipping it as another project's kind. */
export function isCheckedKind(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return true;
  const { apiVersion, kind } = doc as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') return true;
  return CHECKED_GROUPS.has(groupOf(apiVersion)) || knownResourceTypes().includes(`${apiVersion} ${kind}`);
}

function stripField(field: string, message: string): string {
  return field !== '' && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/** The version Flagger kinds are checked as; Glidepath's spec is Flagger's, field for field. */
const GLIDEPATH_API_VERSION = 'glidepath.dev/v1alpha1';

/** A Flagger resource is reported once for its apiVersion and then checked as Glidepath's. */
function asGlidepath(report: ValidationReport, at: { file: string; docIndex: number }, value: unknown): unknown {
  const apiVersion = (value as { apiVersion?: unknown }).apiVersion;
  if (typeof apiVersion !== 'string' || groupOf(apiVersion) !== 'flagger.app') return value;
  report.problems.push({ ...at, field: 'apiVersion', message: `Unsupported value: ${JSON.stringify(apiVersion)}: this is Flagger's API; change it to "${GLIDEPATH_API_VERSION}" (the spec carries over unchanged)` });
  return { ...(value as Record<string, unknown>), apiVersion: GLIDEPATH_API_VERSION };
}

function checkDocument(report: ValidationReport, file: string, docIndex: number, value: unknown): void {
  if (!isCheckedKind(value)) {
    const { apiVersion, kind } = value as { apiVersion: string; kind: string };
    report.notes.push({ file, docIndex, text: `skipped ${apiVersion} ${kind}: not a Glidepath resource` });
    return;
  }
  report.checked += 1;
  for (const cause of validateResource(asGlidepath(report, { file, docIndex }, value))) {
    const field = cause.field === '' ? WHOLE_DOCUMENT : cause.field;
    report.problems.push({ file, docIndex, field, message: stripField(cause.field, cause.message) });
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err: unknown) {
    throw new CliError(`${file}: cannot read it (${String((err as { code?: unknown }).code ?? err)})`);
  }
}

function validateFile(report: ValidationReport, file: string): void {
  const documents = Array.from(parseAllDocuments(readText(file)));
  if (documents.length === 0) report.notes.push({ file, docIndex: 0, text: 'the file holds no YAML documents' });
  documents.forEach((doc, docIndex) => {
    const yamlError = doc.errors[0];
    if (yamlError !== undefined) {
      const message = (yamlError.message.split('\n')[0] ?? 'invalid YAML').replace(/:$/, '');
      report.problems.push({ file, docIndex, field: '(yaml)', message });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err: unknown) {
      report.problems.push({ file, docIndex, field: '(yaml)', message: err instanceof Error ? err.message : String(err) });
      return;
    }
    // An empty document (a stray `---`) is not a resource; kubectl skips it too.
    if (value === null || value === undefined) return;
    checkDocument(report, file, docIndex, value);
  });
}

/** Validates every document of every file, in order; throws a CliError only when a file cannot be read. */
export function validateFiles(files: readonly string[]): ValidationReport {
  const report: ValidationReport = { problems: [], notes: [], checked: 0 };
  for (const file of files) validateFile(report, file);
  return report;
}

/** `file:docIndex: field: message`, the line `glidepath validate` prints per problem. */
export function formatProblem(problem: ValidationProblem): string {
  return `${problem.file}:${problem.docIndex}: ${problem.field}: ${problem.message}`;
}
