import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { field, itemNames, raw, startTestServer, widget, widgetCrd } from './api-fixture.ts';

const cms = '/api/v1/namespaces/paging/configmaps';
const table = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';


describe('sandbox API: lists, paging, selectors and Tables', () => {
  let server: SandboxServer;

  before(async () => {
    server = await startTestServer();
    await raw(server.url, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'paging' } } });
    for (let i = 0; i < 7; i++) {
      const labels = { idx: String(i), parity: i % 2 === 0 ? 'even' : 'odd' };
      await raw(server.url, 'POST', cms, { body: { metadata: { name: `cm-${i}`, labels } } });
    }
    await raw(server.url, 'POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'elsewhere', labels: { parity: 'even' } } } });
  });

  after(async () => {
    await server.stop();
  });

  it('pages with limit/continue at one consistent resourceVersion, with remainingItemCount', async () => {
    const first = await raw(server.url, 'GET', `${cms}?limit=3`);
    const meta1 = first.json.metadata as Record<string, string | number | undefined>;
    expect(itemNames(first.json)).to.deep.equal(['cm-0', 'cm-1', 'cm-2']);
    expect(meta1.remainingItemCount).to.equal(4);
    await raw(server.url, 'POST', cms, { body: { metadata: { name: 'cm-9' } } });
    const second = await raw(server.url, 'GET', `${cms}?limit=3&continue=${encodeURIComponent(String(meta1.continue))}`);
    const meta2 = second.json.metadata as Record<string, string | number | undefined>;
    expect(itemNames(second.json)).to.deep.equal(['cm-3', 'cm-4', 'cm-5']);
    expect(meta2.resourceVersion).to.equal(meta1.resourceVersion);
    const third = await raw(server.url, 'GET', `${cms}?limit=3&continue=${encodeURIComponent(String(meta2.continue))}`);
    expect(itemNames(third.json)).to.deep.equal(['cm-6']);
    expect((third.json.metadata as Record<string, unknown>).continue).to.equal(undefined);
    await raw(server.url, 'DELETE', `${cms}/cm-9`);
  });

  it('filters by equality and set-based label selectors', async () => {
    expect(itemNames((await raw(server.url, 'GET', `${cms}?labelSelector=parity%3Dodd`)).json)).to.deep.equal(['cm-1', 'cm-3', 'cm-5']);
    expect(itemNames((await raw(server.url, 'GET', `${cms}?labelSelector=parity!%3Dodd,idx%20notin%20(0,2)`)).json)).to.deep.equal(['cm-4', 'cm-6']);
    expect(itemNames((await raw(server.url, 'GET', `${cms}?labelSelector=idx%20in%20(1,5),parity`)).json)).to.deep.equal(['cm-1', 'cm-5']);
    expect(itemNames((await raw(server.url, 'GET', `${cms}?labelSelector=!idx`)).json)).to.deep.equal([]);
  });

  it('filters by metadata.name and metadata.namespace field selectors, across namespaces', async () => {
    expect(itemNames((await raw(server.url, 'GET', `${cms}?fieldSelector=metadata.name%3Dcm-4`)).json)).to.deep.equal(['cm-4']);
    const all = await raw(server.url, 'GET', '/api/v1/configmaps?labelSelector=parity%3Deven&fieldSelector=metadata.namespace!%3Dpaging');
    expect(itemNames(all.json)).to.deep.equal(['elsewhere']);
  });

  it('answers kubectl-style Table requests with columns, cells and partial object metadata', async () => {
    const res = await raw(server.url, 'GET', `${cms}?limit=500&labelSelector=idx%3D1`, { accept: table });
    expect(res.headers.get('content-type')).to.equal('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(res.json).to.include({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect((res.json.columnDefinitions as Record<string, unknown>[]).map((c) => c.name)).to.deep.equal(['Name', 'Data', 'Age']);
    expect((field(res.json, 'rows[0].cells') as unknown[]).slice(0, 2)).to.deep.equal(['cm-1', 0]);
    expect(field(res.json, 'rows[0].object.kind')).to.equal('PartialObjectMetadata');
    const full = await raw(server.url, 'GET', `${cms}/cm-1?includeObject=Object`, { accept: table });
    expect(field(full.json, 'rows[0].object.kind')).to.equal('ConfigMap');
  });

  it('evaluates CRD printer columns, including filter expressions', async () => {
    await raw(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: widgetCrd });
    await raw(server.url, 'POST', '/apis/test.glidepath.dev/v1/namespaces/paging/widgets', { body: widget('t1', 4) });
    await raw(server.url, 'PATCH', '/apis/test.glidepath.dev/v1/namespaces/paging/widgets/t1/status', {
      body: { status: { phase: 'Running', conditions: [{ type: 'Other', status: 'False' }, { type: 'Ready', status: 'True' }] } },
      contentType: 'application/merge-patch+json',
    });
    const res = await raw(server.url, 'GET', '/apis/test.glidepath.dev/v1/namespaces/paging/widgets', { accept: table });
    expect((res.json.columnDefinitions as Record<string, unknown>[]).map((c) => c.name)).to.deep.equal(['Name', 'Size', 'Phase', 'Ready']);
    expect(field(res.json, 'rows[0].cells')).to.deep.equal(['t1', 4, 'Running', 'True']);
  });

  it('prints Deployment columns like kubectl', async () => {
    const body = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 2, selector: { matchLabels: { a: 'd' } }, template: { metadata: { labels: { a: 'd' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    await raw(server.url, 'POST', '/apis/apps/v1/namespaces/paging/deployments', { body });
    const res = await raw(server.url, 'GET', '/apis/apps/v1/namespaces/paging/deployments/d', { accept: table });
    const cols = (res.json.columnDefinitions as Record<string, unknown>[]).filter((c) => c.priority === 0).map((c) => c.name);
    expect(cols).to.deep.equal(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    expect((field(res.json, 'rows[0].cells') as unknown[]).slice(0, 4)).to.deep.equal(['d', '0/2', 0, 0]);
  });
});
