/**
 * Reading CustomResourceDefinition manifests from disk, checking they have the
 * shape kube-apiserver requires (including structural schemas).
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { isPlainObject, type StructuralNode } from './structural-node.ts';

/** One served version of a CRD. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  schema: { openAPIV3Schema: StructuralNode };
  subresources?: { status?: object; scale?: object };
  additionalPrinterColumns?: { name: string; type: string; jsonPath: string; priority?: number; description?: string; format?: string }[];
}

/** The `apiextensions.k8s.io/v1` CustomResourceDefinition fields Glidepath uses. */
export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string };
  spec: {
    group: string;
    scope: 'Namespaced' | 'Cluster';
    names: { kind: string; listKind?: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: CrdVersion[];
  };
}

/** Thrown when a file is not a usable CRD; the message names the file and the problem. */
export class CrdLoadError extends Error {
  override name = 'CrdLoadError';
}

function need(condition: boolean, source: string, problem: string): asserts condition {
  if (!condition) throw new CrdLoadError(`${source}: ${problem}`);
}

function checkVersion(version: unknown, index: number, source: string): void {
  const where = `spec.versions[${index}]`;
  need(isPlainObject(version), source, `${where} must be an object`);
  need(typeof version.name === 'string' && version.name !== '', source, `${where}.name is required`);
  need(typeof version.served === 'boolean' && typeof version.storage === 'boolean', source, `${where}.served and .storage must be booleans`);
  const schema = version.schema;
  need(isPlainObject(schema) && isPlainObject(schema.openAPIV3Schema), source, `${where}.schema.openAPIV3Schema is required`);
  const problems = findNonStructuralNodes(schema.openAPIV3Schema);
  need(problems.length === 0, source, `${where} schema is not structural: ${problems.join('; ')}`);
}

function checkNames(spec: Record<string, unknown>, name: unknown, source: string): void {
  const names = spec.names;
  need(isPlainObject(names) && typeof names.kind === 'string' && typeof names.plural === 'string', source, 'spec.names.kind and spec.names.plural are required');
  need(typeof spec.group === 'string' && spec.group !== '', source, 'spec.group is required');
  need(name === `${names.plural}.${spec.group}`, source, `metadata.name must be "${names.plural}.${spec.group}"`);
}

/** Checks a parsed object is a CRD kube-apiserver would accept in shape; throws CrdLoadError naming `source` otherwise. */
export function assertCrdShape(doc: unknown, source: string): asserts doc is CustomResourceDefinition {
  need(isPlainObject(doc), source, 'not a YAML mapping');
  need(doc.apiVersion === 'apiextensions.k8s.io/v1' && doc.kind === 'CustomResourceDefinition', source, 'must be an apiextensions.k8s.io/v1 CustomResourceDefinition');
  const spec = doc.spec;
  need(isPlainObject(spec), source, 'spec is required');
  checkNames(spec, isPlainObject(doc.metadata) ? doc.metadata.name : undefined, source);
  need(spec.scope === 'Namespaced' || spec.scope === 'Cluster', source, 'spec.scope must be Namespaced or Cluster');
  const versions = spec.versions;
  need(Array.isArray(versions) && versions.length > 0, source, 'spec.versions must list at least one version');
  versions.forEach((version, index) => {
    checkVersion(version, index, source);
  });
  need(versions.filter((version) => isPlainObject(version) && version.storage === true).length === 1, source, 'exactly one version must have storage: true');
}

/** Reads and checks a single-document CRD YAML file; throws CrdLoadError naming the file on any problem. */
export function loadCrd(path: string): CustomResourceDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CrdLoadError(`${path}: cannot read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const docs = parseAllDocuments(text);
  need(Array.isArray(docs) && docs.length === 1, path, 'must hold exactly one YAML document');
  const [doc] = docs;
  need(doc !== undefined && doc.errors.length === 0, path, `invalid YAML: ${doc?.errors.map((e) => e.message).join('; ') ?? ''}`);
  const parsed: unknown = doc.toJS();
  assertCrdShape(parsed, path);
  return parsed;
}

/** The schemas a node's children are described by, with the path to each. */
function childNodes(node: StructuralNode, path: string): [string, StructuralNode][] {
  const children: [string, StructuralNode][] = Object.entries(node.properties ?? {}).map(([key, child]) => [`${path}.properties[${key}]`, child]);
  if (isPlainObject(node.additionalProperties)) children.push([`${path}.additionalProperties`, node.additionalProperties]);
  if (isPlainObject(node.items)) children.push([`${path}.items`, node.items]);
  return children;
}

function nodeProblems(node: StructuralNode, path: string): string[] {
  const problems: string[] = [];
  const open = node['x-kubernetes-preserve-unknown-fields'] === true || node['x-kubernetes-int-or-string'] === true;
  if (node.type === undefined && !open) problems.push(`${path}: type is required`);
  if (node.properties !== undefined && node.additionalProperties !== undefined) problems.push(`${path}: properties and additionalProperties are mutually exclusive`);
  if (node.type === 'array' && node.items === undefined) problems.push(`${path}: items is required for arrays`);
  return problems;
}

/** Paths of schema nodes that break Kubernetes' structural-schema rules (a missing type outside preserve-unknown/int-or-string, arrays without items, properties beside additionalProperties). */
export function findNonStructuralNodes(root: StructuralNode, path = 'openAPIV3Schema'): string[] {
  return [...nodeProblems(root, path), ...childNodes(root, path).flatMap(([childPath, child]) => findNonStructuralNodes(child, childPath))];
}
