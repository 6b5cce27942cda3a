/**
 * Kubernetes pruning for structural schemas: fields the schema does not
 * declare are dropped, except below `x-kubernetes-preserve-unknown-fields`
 * and in the envelope (`apiVersion`, `kind`, `metadata`) of the root object
 * and of embedded resources, whose metadata the API server handles itself.
 */
import {
  OBJECT_ENVELOPE_FIELDS,
  childPath,
  fieldSchema,
  isPlainObject,
  preservesUnknown,
  type StructuralNode,
} from './structural-node.ts';

interface PruneScope {
  path: string;
  /** The object at this node is a Kubernetes object (the root, or an embedded resource). */
  isEnvelope: boolean;
  pruned: string[];
}

/** Removes undeclared fields from `value` in place and returns their field paths (e.g. `spec.analysis.foo`). */
export function pruneUnknownFields(value: unknown, node: StructuralNode): string[] {
  const pruned: string[] = [];
  pruneNode(value, node, { path: '', isEnvelope: true, pruned });
  return pruned;
}

function pruneNode(value: unknown, node: StructuralNode, scope: PruneScope): void {
  if (Array.isArray(value)) {
    pruneItems(value, node, scope);
    return;
  }
  if (isPlainObject(value)) pruneObject(value, node, scope);
}

function pruneItems(items: unknown[], node: StructuralNode, scope: PruneScope): void {
  const itemNode = node.items;
  if (itemNode === undefined) return;
  items.forEach((item, index) => {
    const path = childPath(scope.path, node, String(index), true);
    pruneNode(item, itemNode, { path, isEnvelope: isEmbedded(itemNode), pruned: scope.pruned });
  });
}

function pruneObject(target: Record<string, unknown>, node: StructuralNode, scope: PruneScope): void {
  for (const key of Object.keys(target)) {
    if (scope.isEnvelope && OBJECT_ENVELOPE_FIELDS.has(key)) continue;
    const path = childPath(scope.path, node, key, false);
    const childNode = fieldSchema(node, key);
    if (childNode !== undefined) {
      pruneNode(target[key], childNode, { path, isEnvelope: isEmbedded(childNode), pruned: scope.pruned });
    } else if (!keepsUndeclared(node)) {
      Reflect.deleteProperty(target, key);
      scope.pruned.push(path);
    }
  }
}

function keepsUndeclared(node: StructuralNode): boolean {
  return preservesUnknown(node) || node.additionalProperties === true;
}

function isEmbedded(node: StructuralNode): boolean {
  return node['x-kubernetes-embedded-resource'] === true;
}
