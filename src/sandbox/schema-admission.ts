// Structural-schema admission for custom resources: prune unknown fields (rejected under
// fieldValidation=Strict, warned under Warn), apply defaults, then validate (422 with causes).
import { compileStructuralSchema } from '../api/structural-schema.ts';
import type { KubeObject } from './resource-type.ts';
import type { Admission, WriteRequest } from './write-context.ts';
import { FieldValidation } from './write-context.ts';
import { badRequest, invalid } from './status-errors.ts';
import { textOf } from './value-text.ts';

function unknownFieldMessages(paths: string[]): string[] {
  return paths.map((p) => `unknown field "${p}"`);
}

/** Admission that enforces a CRD version's openAPIV3Schema. */
export const schemaAdmission: Admission = Object.freeze({
  admit(req: WriteRequest, obj: KubeObject): void {
    const schema = req.resolved.version.schema;
    if (typeof schema !== 'object' || schema === null) return;
    const compiled = compileStructuralSchema(schema);
    const pruned = compiled.prune(obj);
    if (pruned.length > 0) {
      const messages = unknownFieldMessages(pruned);
      if (req.options.fieldValidation === FieldValidation.Strict) throw badRequest(`strict decoding error: ${messages.join(', ')}`);
      if (req.options.fieldValidation === FieldValidation.Warn) req.warnings.push(...messages);
    }
    compiled.applyDefaults(obj);
    const causes = compiled.validate(obj);
    if (causes.length > 0) {
      const name = textOf((obj.metadata as Record<string, unknown> | undefined)?.name);
      throw invalid(req.resolved.type.kind, req.resolved.type.group, name, causes);
    }
  },
});
