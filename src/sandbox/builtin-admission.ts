// Admission for built-in kinds, in kube-apiserver's order: a body whose field types do not decode
// is a 400 BadRequest naming the first mismatch; otherwise schema presence rules and the kind's
// validation rules together give one 422 Invalid listing every cause.
import { compileStructuralSchema, FieldReason } from '../api/structural-schema.ts';
import type { FieldCause } from '../api/field-cause.ts';
import type { KubeObject } from './resource-type.ts';
import type { Admission, WriteRequest } from './write-context.ts';
import { builtinSchema } from './builtin-schemas.ts';
import { builtinRuleCauses } from './builtin-rules.ts';
import { typeErrorMessage } from './builtin-type-errors.ts';
import { badRequest, invalid } from './status-errors.ts';
import { textOf } from './value-text.ts';

function distinct(causes: FieldCause[]): FieldCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.field}\u0000${c.message}`;
    const fresh = !seen.has(key);
    seen.add(key);
    return fresh;
  });
}

/** Admission that type-checks and validates Deployments, ReplicaSets, Pods, Services, ConfigMaps, Secrets and Namespaces. */
export const builtinAdmission: Admission = Object.freeze({
  admit(req: WriteRequest, obj: KubeObject): void {
    const { type, version } = req.resolved;
    // Status writes carry the stored spec, which was validated when it was written.
    if (!type.builtin || req.subresource === 'status') return;
    const schema = builtinSchema(type.group, type.kind);
    if (schema === undefined) return;
    const schemaCauses = compileStructuralSchema(schema).validate(obj);
    const typeCause = schemaCauses.find((c) => c.reason === FieldReason.TypeInvalid);
    if (typeCause !== undefined) throw badRequest(typeErrorMessage({ kind: type.kind, version: version.name }, schema, obj, typeCause.field));
    const causes = distinct([...schemaCauses, ...builtinRuleCauses(type.group, type.kind, obj)]);
    if (causes.length > 0) {
      const name = textOf((obj.metadata as Record<string, unknown> | undefined)?.name);
      throw invalid(type.kind, type.group, name, causes);
    }
  },
});
