/**
 * The subset of a CRD's `openAPIV3Schema` (Kubernetes JSONSchemaProps) that
 * defaulting, pruning and field-path rendering need to walk.
 */

/** One node of a structural schema. Keys not listed here are carried but not interpreted by the walkers. */
export interface StructuralNode {
  type?: string;
  properties?: Record<string, StructuralNode>;
  additionalProperties?: StructuralNode | boolean;
  items?: StructuralNode;
  default?: unknown;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  [keyword: string]: unknown;
}

/** Fields every Kubernetes object (the root, or an embedded resource) may carry whatever its schema says. */
export const OBJECT_ENVELOPE_FIELDS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

/** True for a JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the node keeps fields its schema does not declare. */
export function preservesUnknown(node: StructuralNode): boolean {
  return node['x-kubernetes-preserve-unknown-fields'] === true;
}

/** The schema of a named field of an object node: a declared property, else the additionalProperties schema. */
export function fieldSchema(node: StructuralNode, key: string): StructuralNode | undefined {
  const declared = node.properties?.[key];
  if (declared !== undefined && Object.hasOwn(node.properties ?? {}, key)) return declared;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/** How a child segment is written in a field path: `.name` for declared fields, `[i]` for items, `[key]` for map entries. */
export function childPath(parentPath: string, node: StructuralNode | undefined, segment: string, isIndex: boolean): string {
  if (isIndex) return `${parentPath}[${segment}]`;
  const declared = node?.properties !== undefined && Object.hasOwn(node.properties, segment);
  const isMapEntry = !declared && typeof node?.additionalProperties === 'object';
  if (isMapEntry) return `${parentPath}[${segment}]`;
  return parentPath === '' ? segment : `${parentPath}.${segment}`;
}
