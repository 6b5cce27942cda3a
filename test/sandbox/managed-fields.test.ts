import { expect } from 'chai';
import { recordManager } from '../../src/sandbox/managed-fields.ts';
import { workloadMeta } from '../../src/sandbox/builtin-patch-meta.ts';
import type { ManagedFieldsEntry } from '../../src/sandbox/managed-fields.ts';

const record = { manager: 'kubectl', operation: 'Update' as const, apiVersion: 'apps/v1', time: '2026-01-01T00:00:00Z' };

function entries(obj: Record<string, unknown>, subresource?: string): ManagedFieldsEntry[] {
  const meta = obj.metadata as Record<string, unknown>;
  recordManager(meta, obj, workloadMeta, subresource === undefined ? record : { ...record, subresource });
  return meta.managedFields as ManagedFieldsEntry[];
}

describe('sandbox managedFields (FieldsV1)', () => {
  it('records every set field except server-owned metadata, keyed list items by their merge key', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app', namespace: 'ns', uid: 'u', resourceVersion: '3', labels: { app: 'a' }, finalizers: ['x'] },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }] }] } } },
    };
    const [entry] = entries(obj);
    expect(entry?.fieldsV1).to.deep.equal({
      'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:finalizers': { 'v:"x"': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:ports': { 'k:{"containerPort":80}': { '.': {}, 'f:containerPort': {} } } } } } },
      },
    });
    // The field order follows the object, as in kube-apiserver's output.
    expect(Object.keys(entry?.fieldsV1 ?? {})).to.deep.equal(['f:metadata', 'f:spec']);
  });

  it('leaves f:metadata out when only server-owned metadata is set, and a status write records only status', () => {
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', uid: 'u' }, spec: { replicas: 1 }, status: { replicas: 1 } };
    expect(entries(obj)[0]?.fieldsV1).to.deep.equal({ 'f:spec': { 'f:replicas': {} }, 'f:status': { 'f:replicas': {} } });
    const status = entries(obj, 'status');
    expect(status).to.have.length(2);
    expect(status[1]).to.include({ subresource: 'status' });
    expect(status[1]?.fieldsV1).to.deep.equal({ 'f:status': { 'f:replicas': {} } });
  });
});
