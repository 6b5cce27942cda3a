import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { deployment, field, itemNames, raw, startTestServer, waitFor, widget, widgetCrd } from './api-fixture.ts';

const widgets = '/apis/test.glidepath.dev/v1/namespaces/default/widgets';
const cms = '/api/v1/namespaces/default/configmaps';

async function create(url: string, path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await raw(url, 'POST', path, { body });
  expect(res.status, res.text).to.equal(201);
  return res.json;
}

function ownerRef(owner: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: field(owner, 'metadata.name'), uid: field(owner, 'metadata.uid'), controller: true, blockOwnerDeletion: true };
}

function ownedBy(owner: Record<string, unknown>, name: string, data: Record<string, string> = {}): Record<string, unknown> {
  return { metadata: { name, ownerReferences: [ownerRef(owner)] }, data };
}

async function gone(url: string, path: string): Promise<boolean | undefined> {
  return (await raw(url, 'GET', path)).status === 404 ? true : undefined;
}

describe('sandbox API: deletion, finalizers and garbage collection', () => {
  let server: SandboxServer;

  before(async () => {
    server = await startTestServer();
    await create(server.url, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd);
  });

  after(async () => {
    await server.stop();
  });

  it('deleting an owner removes its dependents in the background (and only those)', async () => {
    const owner = await create(server.url, widgets, widget('owner', 1));
    await create(server.url, cms, ownedBy(owner, 'dep-1'));
    await create(server.url, cms, ownedBy(owner, 'dep-2'));
    await create(server.url, cms, { metadata: { name: 'bystander' } });
    const del = await raw(server.url, 'DELETE', `${widgets}/owner`, { body: { propagationPolicy: 'Background' } });
    expect(del.status).to.equal(200);
    await waitFor('dep-1 and dep-2 to be collected', async () => ((await gone(server.url, `${cms}/dep-1`)) && (await gone(server.url, `${cms}/dep-2`))));
    expect((await raw(server.url, 'GET', `${cms}/bystander`)).status).to.equal(200);
  });

  it('keeps a dependent that still has another live owner', async () => {
    const a = await create(server.url, widgets, widget('owner-a', 1));
    const b = await create(server.url, widgets, widget('owner-b', 1));
    await create(server.url, cms, { metadata: { name: 'shared', ownerReferences: [ownerRef(a), ownerRef(b)] } });
    await raw(server.url, 'DELETE', `${widgets}/owner-a`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await raw(server.url, 'GET', `${cms}/shared`)).status).to.equal(200);
    await raw(server.url, 'DELETE', `${widgets}/owner-b`);
    await waitFor('shared to be collected once both owners are gone', () => gone(server.url, `${cms}/shared`));
  });

  it('finalizers hold deletion: deletionTimestamp is set (202) until the last finalizer is removed', async () => {
    await create(server.url, cms, { metadata: { name: 'held', finalizers: ['test.glidepath.dev/hold'] } });
    const del = await raw(server.url, 'DELETE', `${cms}/held`);
    expect(del.status).to.equal(202);
    const held = await raw(server.url, 'GET', `${cms}/held`);
    expect(held.status).to.equal(200);
    expect((held.json.metadata as Record<string, unknown>).deletionTimestamp).to.be.a('string');
    const again = await raw(server.url, 'DELETE', `${cms}/held`);
    expect(again.status).to.equal(202);
    const patched = await raw(server.url, 'PATCH', `${cms}/held`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    expect(patched.status).to.equal(200);
    expect((await raw(server.url, 'GET', `${cms}/held`)).status).to.equal(404);
  });

  it('foreground deletion removes dependents first, then the owner', async () => {
    const owner = await create(server.url, widgets, widget('fg', 1));
    await create(server.url, cms, ownedBy(owner, 'fg-dep'));
    const del = await raw(server.url, 'DELETE', `${widgets}/fg`, { body: { propagationPolicy: 'Foreground' } });
    expect(del.status).to.equal(202);
    expect(field(del.json, 'metadata.finalizers')).to.include('foregroundDeletion');
    await waitFor('the owner to disappear after its dependent', () => gone(server.url, `${widgets}/fg`));
    expect((await raw(server.url, 'GET', `${cms}/fg-dep`)).status).to.equal(404);
  });

  it('orphan deletion keeps dependents and strips their owner references', async () => {
    const owner = await create(server.url, widgets, widget('orph', 1));
    await create(server.url, cms, ownedBy(owner, 'orph-dep'));
    await raw(server.url, 'DELETE', `${widgets}/orph?propagationPolicy=Orphan`);
    await waitFor('the owner to disappear', () => gone(server.url, `${widgets}/orph`));
    const dep = await raw(server.url, 'GET', `${cms}/orph-dep`);
    expect(dep.status).to.equal(200);
    expect((dep.json.metadata as Record<string, unknown>).ownerReferences).to.deep.equal([]);
  });

  it('deleting a Deployment collects pods it owns', async () => {
    const deploy = await create(server.url, '/apis/apps/v1/namespaces/default/deployments', deployment('gc-web'));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gc-web-1', ownerReferences: [ownerRef(deploy)] }, spec: { containers: [{ name: 'main', image: 'nginx' }] } };
    await create(server.url, '/api/v1/namespaces/default/pods', pod);
    await raw(server.url, 'DELETE', '/apis/apps/v1/namespaces/default/deployments/gc-web');
    await waitFor('the pod to be collected', () => gone(server.url, '/api/v1/namespaces/default/pods/gc-web-1'));
  });

  it('deleting a namespace deletes its contents, then the namespace; creates inside it are refused meanwhile', async () => {
    await create(server.url, '/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await create(server.url, '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'c1' } });
    await create(server.url, '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'stuck', finalizers: ['test/hold'] } });
    const del = await raw(server.url, 'DELETE', '/api/v1/namespaces/doomed');
    expect(del.status).to.equal(202);
    expect((del.json.status as Record<string, unknown>).phase).to.equal('Terminating');
    await waitFor('c1 to be deleted', () => gone(server.url, '/api/v1/namespaces/doomed/configmaps/c1'));
    const refused = await raw(server.url, 'POST', '/api/v1/namespaces/doomed/configmaps', { body: { metadata: { name: 'late' } } });
    expect(refused.status).to.equal(403);
    expect((await raw(server.url, 'GET', '/api/v1/namespaces/doomed')).status).to.equal(200);
    await raw(server.url, 'PATCH', '/api/v1/namespaces/doomed/configmaps/stuck', { body: { metadata: { finalizers: [] } }, contentType: 'application/merge-patch+json' });
    await waitFor('the namespace to go away', () => gone(server.url, '/api/v1/namespaces/doomed'));
  });

  it('deleting a CRD removes its custom resources and stops serving the kind', async () => {
    const crd = { ...widgetCrd, metadata: { name: 'gadgets.test.glidepath.dev' }, spec: { ...widgetCrd.spec, names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' } } };
    await create(server.url, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    const gadgets = '/apis/test.glidepath.dev/v1/namespaces/default/gadgets';
    await create(server.url, gadgets, { apiVersion: 'test.glidepath.dev/v1', kind: 'Gadget', metadata: { name: 'g1' }, spec: { size: 1 } });
    await raw(server.url, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.test.glidepath.dev');
    await waitFor('the gadgets resource to stop being served', () => gone(server.url, gadgets));
    expect(server.services.core.store.count('test.glidepath.dev/gadgets')).to.equal(0);
  });

  it('deletecollection deletes the objects matching a selector', async () => {
    await create(server.url, cms, { metadata: { name: 'dc-1', labels: { batch: 'x' } } });
    await create(server.url, cms, { metadata: { name: 'dc-2', labels: { batch: 'x' } } });
    await create(server.url, cms, { metadata: { name: 'dc-3', labels: { batch: 'y' } } });
    const res = await raw(server.url, 'DELETE', `${cms}?labelSelector=batch%3Dx`);
    expect(res.status).to.equal(200);
    expect(itemNames(res.json)).to.deep.equal(['dc-1', 'dc-2']);
    expect((await raw(server.url, 'GET', `${cms}/dc-3`)).status).to.equal(200);
  });
});
