import { expect } from 'chai';
import type { KubernetesObject } from '@kubernetes/client-node';
import { LAST_APPLIED_ANNOTATION, canaryCacheForm, withoutManagedFields } from '../../../src/controller/runtime/cache-transforms.ts';

function object(metadata: Record<string, unknown>): KubernetesObject {
  return { apiVersion: 'v1', kind: 'Thing', metadata, spec: { a: 1 } } as unknown as KubernetesObject;
}

const annotateEntry = {
  manager: 'kubectl-annotate', operation: 'Update', fieldsType: 'FieldsV1',
  fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:glidepath.dev/promote': {} }, 'f:labels': { 'f:x': {} } }, 'f:spec': { 'f:a': {} } },
};
const statusEntry = { manager: 'glidepath', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:machine': { 'f:big': {} } } } };

describe('runtime/cache-transforms', () => {
  it('withoutManagedFields drops managedFields and the last-applied annotation, keeping other annotations', () => {
    const out = withoutManagedFields(object({ name: 'x', managedFields: [annotateEntry], annotations: { [LAST_APPLIED_ANNOTATION]: '{"huge":1}', keep: 'me' } }));
    expect(out.metadata).to.deep.equal({ name: 'x', annotations: { keep: 'me' } });
    expect((out as unknown as { spec: unknown }).spec).to.deep.equal({ a: 1 });
  });

  it('withoutManagedFields returns the object itself when there is nothing to drop', () => {
    const obj = object({ name: 'x', annotations: { keep: 'me' } });
    expect(withoutManagedFields(obj)).to.equal(obj);
  });

  it('canaryCacheForm keeps only annotation ownership in managedFields', () => {
    const out = canaryCacheForm(object({ name: 'c', managedFields: [annotateEntry, statusEntry], annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } }));
    expect(out.metadata?.managedFields).to.deep.equal([{
      manager: 'kubectl-annotate', operation: 'Update', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:glidepath.dev/promote': {} } } },
    }]);
    expect(out.metadata?.annotations).to.deep.equal({});
  });

  it('canaryCacheForm removes managedFields when no entry owns an annotation, and leaves the input untouched', () => {
    const input = object({ name: 'c', managedFields: [statusEntry] });
    const out = canaryCacheForm(input);
    expect(out.metadata).to.deep.equal({ name: 'c' });
    expect(input.metadata?.managedFields).to.deep.equal([statusEntry]);
  });
});
