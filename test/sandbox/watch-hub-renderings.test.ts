import { expect } from 'chai';
import { ObjectStore } from '../../src/sandbox/object-store.ts';
import { WatchHub } from '../../src/sandbox/watch-hub.ts';
import type { WatchFilter, WatchSink } from '../../src/sandbox/watch-hub.ts';
import type { KubeObject } from '../../src/sandbox/resource-type.ts';
import { waitFor } from '../helpers/wait-for.ts';

function collector(): WatchSink & { lines: () => string[] } {
  const chunks: Buffer[] = [];
  return {
    write(chunk: Buffer): boolean { chunks.push(chunk); return true; },
    end(): void { /* nothing to release */ },
    writableLength: 0,
    lines: () => Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l !== ''),
  };
}

function filter(renderKey: string, render: (obj: KubeObject) => KubeObject): WatchFilter {
  return { resource: '/configmaps', render, renderKey, channelKey: renderKey, kind: 'ConfigMap', apiVersion: 'v1', bookmarks: false };
}

describe('sandbox WatchHub: one event, several renderings', () => {
  let hub: WatchHub;
  afterEach(() => { hub.closeAll(); });

  it('sends each watcher its own rendering, and a replaying watcher the same bytes as a live one', async () => {
    const store = new ObjectStore();
    hub = new WatchHub(store, { window: 10, bookmarkIntervalMs: 60_000, maxBufferedBytes: 1 << 20, flushIntervalMs: 1 });
    const plain = collector();
    const tagged = collector();
    const tag = (obj: KubeObject): KubeObject => ({ ...obj, tag: 'b' });
    hub.watch(plain, filter('a', (obj) => obj), 1, []);
    hub.watch(tagged, filter('b', tag), 1, []);
    store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } });
    await waitFor(() => plain.lines().length === 1 && tagged.lines().length === 1, { what: 'the event lines', timeoutMs: 2000 });
    expect(JSON.parse(plain.lines()[0] ?? '{}')).to.not.have.nested.property('object.tag');
    expect(JSON.parse(tagged.lines()[0] ?? '{}')).to.have.nested.property('object.tag', 'b');
    const late = collector();
    let renders = 0;
    hub.watch(late, filter('b', (obj) => { renders++; return tag(obj); }), 1, []);
    await waitFor(() => late.lines().length === 1, { what: 'the event lines', timeoutMs: 2000 });
    expect(late.lines()).to.deep.equal(tagged.lines());
    expect(renders, 'the replay reuses the line already serialized for rendering b').to.equal(0);
  });
});
