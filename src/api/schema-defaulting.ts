/**
 * Kubernetes defaulting for structural schemas: a `default` fills an absent
 * field when its parent object exists, then defaulting continues inside the
 * defaulted value. A null in a non-nullable field counts as absent, and is
 * dropped when there is no default (kube-apiserver prunes such nulls too).
 */
import { fieldSchema, isPlainObject, type StructuralNode } from './structural-node.ts';

/** Applies the schema's defaults to `value` in place, at every depth (object fields, list items, map values). */
export function applySchemaDefaults(value: unknown, node: StructuralNode): void {
  if (Array.isArray(value)) {
    if (node.items !== undefined) for (const item of value) applySchemaDefaults(item, node.items);
    return;
  }
  if (!isPlainObject(value)) return;
  fillDeclaredFields(value, node);
  for (const [key, child] of Object.entries(value)) {
    const childNode = fieldSchema(node, key);
    if (childNode !== undefined) applySchemaDefaults(child, childNode);
  }
}

function fillDeclaredFields(target: Record<string, unknown>, node: StructuralNode): void {
  for (const [key, propNode] of Object.entries(node.properties ?? {})) {
    const current = target[key];
    if (current === null && propNode.nullable !== true) Reflect.deleteProperty(target, key);
    if (target[key] === undefined && propNode.default !== undefined) {
      target[key] = structuredClone(propNode.default);
    }
  }
}
