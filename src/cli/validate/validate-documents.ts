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

/** The API group whose every kind is checked, known or not. */
export const GLIDEPATH_GROUP = 'glidepath.dev';

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
  return groupOf(apiVersion) === GLIDEPATH_GROUP || knownResourceTypes().includes(`${apiVersion} ${kind}`);
}

function stripField(field: string, message: string): string {
  return field !== '' && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

function checkDocument(report: ValidationReport, file: string, docIndex: number, value: unknown): void {
  if (!isCheckedKind(value)) {
    const { apiVersion, kind } = value as { apiVersion: string; kind: string };
    report.notes.push({ file, docIndex, text: `skipped ${apiVersion} ${kind}: not a Glidepath resource` });
    return;
  }
  report.checked += 1;
  for (const cause of validateResource(value)) {
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
      report.problems.push({ file, docIndex, field: '(yaml)', message: yamlError.message.split('\n')[0] ?? 'invalid YAML' });
      return;
    }
    // An empty document (a stray `---`) is not a resource; kubectl skips it too.
    if (doc.contents === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err: unknown) {
      report.problems.push({ file, docIndex, field: '(yaml)', message: err instanceof Error ? err.message : String(err) });
      return;
    }
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
