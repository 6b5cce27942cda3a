import { expect } from 'chai';
import { CoreV1Api, V1ConfigMap, makeInformer } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { SandboxServer } from '../../src/sandbox/sandbox-server.ts';
import { createObject } from '../../src/sandbox/object-create.ts';
import { internalOptions } from '../../src/sandbox/write-context.ts';
import type { WriteRequest } from '../../src/sandbox/write-context.ts';
import { field, kubeConfigFor, openWatch, raw, startTestServer, typed, waitFor } from './api-fixture.ts';
import type { RawWatch } from './api-fixture.ts';

/** Creates ConfigMaps synchronously inside the server, so nothing can interleave. */
function createInside(server: SandboxServer, namespace: string, names: string[]): void {
  const { core } = server.services;
  const type = core.registry.byPlural('', 'configmaps');
  if (type === undefined) throw new Error('configmaps not registered');
  const req: WriteRequest = { resolved: { type, version: type.versions[0]! }, namespace, options: internalOptions('test'), warnings: [] };
  for (const name of names) createObject(core, req, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
}

function names(w: RawWatch, type?: string): string[] {
  return w.events.filter((e) => type === undefined || e.type === type).map((e) => String(field(e.object, 'metadata.name')));
}

describe('sandbox API: informers through client-node', () => {
  let server: SandboxServer;
  let kc: KubeConfig;
  let core: CoreV1Api;

  before(async () => {
    server = await startTestServer({ watchWindow: 5 });
    kc = kubeConfigFor(server.url);
    core = kc.makeApiClient(CoreV1Api);
    await raw(server.url, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'inf' } } });
  });

  after(async () => {
    await server.stop();
  });

  it('sees adds, updates and deletes; re-lists after a 410; resumes from its resourceVersion otherwise', async () => {
    let lists = 0;
    const seen: string[] = [];
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/inf/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'inf' });
    });
    informer.on('add', (o) => seen.push(`add:${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update:${o.metadata?.name}:${o.data?.v ?? ''}`));
    informer.on('delete', (o) => seen.push(`delete:${o.metadata?.name}`));
    informer.on('error', (err) => seen.push(`error:${String(err)}`));
    await informer.start();
    try {
      await waitFor('the first list', () => (lists === 1 ? true : undefined));
      await core.createNamespacedConfigMap({ namespace: 'inf', body: typed(V1ConfigMap, { metadata: { name: 'a' }, data: { v: '1' } }) });
      await core.replaceNamespacedConfigMap({ name: 'a', namespace: 'inf', body: typed(V1ConfigMap, { metadata: { name: 'a' }, data: { v: '2' } }) });
      await core.deleteNamespacedConfigMap({ name: 'a', namespace: 'inf' });
      await waitFor('add, update and delete of a', () => (seen.includes('delete:a') ? true : undefined));
      expect(seen).to.deep.equal(['add:a', 'update:a:2', 'delete:a']);

      // The server ends the watch while a few writes (fewer than the window) happen: the informer
      // re-watches from its last resourceVersion and gets them replayed, without listing again.
      server.services.core.hub.closeResource('/configmaps');
      createInside(server, 'inf', ['b1', 'b2']);
      await waitFor('b1 and b2 replayed', () => (informer.get('b2', 'inf') !== undefined ? true : undefined));
      expect(lists).to.equal(1);
      expect(seen.slice(3)).to.deep.equal(['add:b1', 'add:b2']);

      // Now more writes than the window: the resumed watch gets 410 Expired and the informer re-lists.
      server.services.core.hub.closeResource('/configmaps');
      createInside(server, 'inf', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
      await waitFor('c7 after a re-list', () => (informer.get('c7', 'inf') !== undefined ? true : undefined));
      expect(lists).to.equal(2);
      expect(informer.list('inf').map((o) => o.metadata?.name).sort()).to.deep.equal(['b1', 'b2', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
      expect(seen.filter((s) => s.startsWith('error'))).to.deep.equal([]);
    } finally {
      await informer.stop();
    }
  });
});

describe('sandbox API: raw watch semantics', () => {
  let server: SandboxServer;
  const open: RawWatch[] = [];

  async function watch(path: string, accept?: string): Promise<RawWatch> {
    const w = await openWatch(server.url, path, accept);
    open.push(w);
    return w;
  }

  before(async () => {
    server = await startTestServer({ watchWindow: 50, bookmarkIntervalMs: 50 });
    await raw(server.url, 'POST', '/api/v1/namespaces', { body: { metadata: { name: 'w' } } });
  });

  afterEach(() => {
    for (const w of open.splice(0)) w.close();
  });

  after(async () => {
    await server.stop();
  });

  it('starts with ADDED for current objects when no resourceVersion is given, then streams changes', async () => {
    await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name: 'pre' } } });
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true');
    await waitFor('ADDED pre', () => (names(w, 'ADDED').includes('pre') ? true : undefined));
    await raw(server.url, 'PATCH', '/api/v1/namespaces/w/configmaps/pre', { body: { data: { x: '1' } }, contentType: 'application/merge-patch+json' });
    await waitFor('MODIFIED pre', () => (names(w, 'MODIFIED').includes('pre') ? true : undefined));
    expect(w.status).to.equal(200);
  });

  it('replays events after a given resourceVersion from the retained window', async () => {
    const list = await raw(server.url, 'GET', '/api/v1/namespaces/w/configmaps');
    const rv = String((list.json.metadata as Record<string, unknown>).resourceVersion);
    for (const name of ['r1', 'r2', 'r3']) await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name } } });
    await raw(server.url, 'DELETE', '/api/v1/namespaces/w/configmaps/r2');
    const w = await watch(`/api/v1/namespaces/w/configmaps?watch=1&resourceVersion=${rv}`);
    await waitFor('four replayed events', () => (w.events.length >= 4 ? true : undefined));
    expect(w.events.map((e) => `${e.type}:${String(field(e.object, 'metadata.name'))}`)).to.deep.equal(['ADDED:r1', 'ADDED:r2', 'ADDED:r3', 'DELETED:r2']);
    const rvs = w.events.map((e) => Number(field(e.object, 'metadata.resourceVersion')));
    expect(rvs).to.deep.equal([...rvs].sort((a, b) => a - b));
    expect(rvs[0]).to.be.greaterThan(Number(rv));
  });

  it('sends an ERROR event with a 410 Expired Status for a resourceVersion outside the window, then closes', async () => {
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=2');
    for (let i = 0; i < 60; i++) await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name: `fill-${i}` } } });
    const late = await watch('/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=3');
    await late.ended;
    expect(late.status).to.equal(200);
    expect(late.events).to.have.length(1);
    expect(late.events[0]?.type).to.equal('ERROR');
    expect(late.events[0]?.object).to.include({ kind: 'Status', code: 410, reason: 'Expired' });
    expect(w.events.length).to.be.greaterThan(0);
  });

  it('sends BOOKMARK events carrying the current resourceVersion when allowed', async () => {
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=0');
    const bookmark = await waitFor('a bookmark', () => w.events.find((e) => e.type === 'BOOKMARK'));
    expect(bookmark.object.kind).to.equal('ConfigMap');
    expect(Number(field(bookmark.object, 'metadata.resourceVersion'))).to.equal(server.services.core.store.resourceVersion);
    const plain = await watch('/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=0');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(plain.events.filter((e) => e.type === 'BOOKMARK')).to.deep.equal([]);
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const started = Date.now();
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true&timeoutSeconds=1&resourceVersion=0');
    await w.ended;
    expect(Date.now() - started).to.be.within(900, 2500);
  });

  it('applies label selectors to watches: leaving the selector is DELETED, entering it is ADDED', async () => {
    await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name: 'sel', labels: { tier: 'web' } } } });
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true&labelSelector=tier%20in%20(web)');
    await waitFor('ADDED sel', () => (names(w, 'ADDED').includes('sel') ? true : undefined));
    await raw(server.url, 'PATCH', '/api/v1/namespaces/w/configmaps/sel', { body: { metadata: { labels: { tier: 'db' } } }, contentType: 'application/merge-patch+json' });
    await raw(server.url, 'PATCH', '/api/v1/namespaces/w/configmaps/sel', { body: { metadata: { labels: { tier: 'web' } } }, contentType: 'application/merge-patch+json' });
    await waitFor('three events', () => (w.events.length >= 3 ? true : undefined));
    expect(w.events.map((e) => e.type)).to.deep.equal(['ADDED', 'DELETED', 'ADDED']);
  });

  it('filters a watch by field selector and supports the legacy /watch/ path', async () => {
    const w = await watch('/api/v1/watch/namespaces/w/configmaps/only-me');
    await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name: 'not-me' } } });
    await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name: 'only-me' } } });
    await waitFor('only-me', () => (names(w).includes('only-me') ? true : undefined));
    expect(names(w)).to.deep.equal(['only-me']);
  });

  it('ends the initial events with an annotated BOOKMARK when sendInitialEvents=true', async () => {
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=tier%3Dweb');
    const mark = await waitFor('initial-events-end', () => w.events.find((e) => e.type === 'BOOKMARK'));
    expect(field(mark.object, 'metadata.annotations')).to.deep.equal({ 'k8s.io/initial-events-end': 'true' });
    expect(names(w, 'ADDED')).to.deep.equal(['sel']);
  });

  it('streams Table rows when asked, as kubectl get -w does', async () => {
    const w = await watch('/api/v1/namespaces/w/configmaps?watch=true&fieldSelector=metadata.name%3Dsel', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    const first = await waitFor('a table event', () => w.events[0]);
    expect(first.object.kind).to.equal('Table');
    expect(field(first.object, 'rows[0].cells[0]')).to.equal('sel');
  });

  it('fans out one change to many concurrent watchers', async () => {
    const watchers = await Promise.all(Array.from({ length: 50 }, () => watch('/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=0&fieldSelector=metadata.name%3Dfan')));
    await raw(server.url, 'POST', '/api/v1/namespaces/w/configmaps', { body: { metadata: { name: 'fan' } } });
    await waitFor('all 50 watchers to see fan', () => (watchers.every((w) => names(w).includes('fan')) ? true : undefined));
    expect(server.services.core.hub.watcherCount).to.be.at.least(50);
  });
});
