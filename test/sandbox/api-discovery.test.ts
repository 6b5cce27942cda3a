import { expect } from 'chai';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { field, raw, startTestServer, waitFor, widgetCrd } from './api-fixture.ts';

type Rec = Record<string, unknown>;

function names(list: unknown, key: string): unknown[] {
  return Array.isArray(list) ? list.map((x: unknown) => field(x, key)) : [];
}

const aggregated = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('sandbox API: discovery and OpenAPI', () => {
  let server: SandboxServer;

  before(async () => {
    server = await startTestServer();
  });

  after(async () => {
    await server.stop();
  });

  it('serves /version as a 1.32 server', async () => {
    const res = await raw(server.url, 'GET', '/version');
    expect(res.json).to.include({ major: '1', minor: '32' });
  });

  it('serves legacy discovery: /api, /apis and per group-version resource lists with subresources', async () => {
    expect((await raw(server.url, 'GET', '/api')).json.versions).to.deep.equal(['v1']);
    const groups = (await raw(server.url, 'GET', '/apis')).json.groups;
    expect(names(groups, 'name')).to.include.members(['apps', 'coordination.k8s.io', 'events.k8s.io', 'rbac.authorization.k8s.io', 'apiextensions.k8s.io']);
    const apps = (await raw(server.url, 'GET', '/apis/apps/v1')).json.resources as Rec[];
    const deploy = apps.find((r) => r.name === 'deployments');
    expect(deploy).to.include({ kind: 'Deployment', namespaced: true, singularName: 'deployment' });
    expect(deploy?.shortNames).to.deep.equal(['deploy']);
    expect(deploy?.verbs).to.include.members(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']);
    expect(names(apps, 'name')).to.include.members(['deployments/status', 'deployments/scale']);
    expect(apps.find((r) => r.name === 'deployments/scale')).to.include({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('serves aggregated discovery v2 when asked, with the matching Content-Type', async () => {
    const res = await raw(server.url, 'GET', '/apis', { accept: aggregated });
    expect(res.headers.get('content-type')).to.equal('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(res.json).to.include({ kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2' });
    const apps = (res.json.items as Rec[]).find((g) => field(g, 'metadata.name') === 'apps');
    const resource = field(apps, 'versions[0].resources[?(@.resource=="deployments")]');
    expect(resource).to.include({ scope: 'Namespaced', singularResource: 'deployment' });
    expect(names(field(resource, 'subresources'), 'subresource')).to.deep.equal(['status', 'scale']);
    const core = await raw(server.url, 'GET', '/api', { accept: aggregated });
    expect(names(field(core.json, 'items[0].versions[0].resources'), 'resource')).to.include('pods');
    const beta = await raw(server.url, 'GET', '/apis', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' });
    expect(beta.json.apiVersion).to.equal('apidiscovery.k8s.io/v2beta1');
  });

  it('adds a CRD to discovery and OpenAPI once it is created, with its short names and categories', async () => {
    await raw(server.url, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: widgetCrd });
    const crd = await raw(server.url, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.test.glidepath.dev');
    const conditions = (field(crd.json, 'status.conditions') as Rec[]).map((c) => [c.type, c.status]);
    expect(conditions).to.deep.equal([['NamesAccepted', 'True'], ['Established', 'True']]);
    const list = await waitFor('the widgets resource list', async () => {
      const res = await raw(server.url, 'GET', '/apis/test.glidepath.dev/v1');
      return res.status === 200 ? (res.json.resources as Rec[]) : undefined;
    });
    expect(list.find((r) => r.name === 'widgets')).to.deep.include({ shortNames: ['wd'], categories: ['all'], kind: 'Widget' });
    const index = (await raw(server.url, 'GET', '/openapi/v3')).json.paths as Record<string, { serverRelativeURL: string }>;
    expect(index['apis/test.glidepath.dev/v1']?.serverRelativeURL).to.match(/^\/openapi\/v3\/apis\/test\.glidepath\.dev\/v1\?hash=[0-9A-F]+$/);
  });

  it('serves OpenAPI v3 documents whose patch operations carry the kind and fieldValidation', async () => {
    const index = (await raw(server.url, 'GET', '/openapi/v3')).json.paths as Record<string, { serverRelativeURL: string }>;
    expect(Object.keys(index)).to.include.members(['api/v1', 'apis/apps/v1']);
    const doc = (await raw(server.url, 'GET', index['apis/apps/v1']!.serverRelativeURL)).json;
    const patch = field(doc, "paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch");
    expect(field(patch, "['x-kubernetes-group-version-kind']")).to.deep.equal({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect((field(patch, 'parameters') as Rec[]).map((p) => `${String(p.in)}:${String(p.name)}`)).to.include('query:fieldValidation');
    expect(Object.keys(field(patch, 'requestBody.content') as Rec)).to.include('application/strategic-merge-patch+json');
    const schema = field(doc, "components.schemas['io.k8s.api.apps.v1.Deployment']");
    expect(field(schema, "['x-kubernetes-group-version-kind']")).to.deep.equal([{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
    const containers = field(schema, 'properties.spec.properties.template.properties.spec.properties.containers');
    expect(containers).to.include({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' });
    const crdDoc = (await raw(server.url, 'GET', index['apis/test.glidepath.dev/v1']!.serverRelativeURL)).json;
    const crPatch = field(crdDoc, "paths['/apis/test.glidepath.dev/v1/namespaces/{namespace}/widgets/{name}'].patch");
    expect(Object.keys(field(crPatch, 'requestBody.content') as Rec)).to.not.include('application/strategic-merge-patch+json');
    expect(field(crdDoc, "components.schemas['dev.glidepath.test.v1.Widget'].properties.spec.properties.size")).to.deep.equal({ type: 'integer', minimum: 1 });
  });

  it('serves an empty protobuf OpenAPI v2 document for kubectl fallbacks', async () => {
    const res = await raw(server.url, 'GET', '/openapi/v2', { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/octet-stream');
  });
});
