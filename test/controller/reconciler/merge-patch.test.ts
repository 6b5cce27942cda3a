import { expect } from 'chai';
import { coveredBy, mergePatchBetween, storableForm } from '../../../src/controller/reconciler/merge-patch.ts';

describe('reconciler merge patches', () => {
  it('drops null fields, as the API server keeps a merge-patched object', () => {
    expect(storableForm({ a: null, b: { c: null, d: 1 }, e: [{ f: null, g: 2 }] })).to.deep.equal({ b: { d: 1 }, e: [{ g: 2 }] });
  });

  it('diffs two objects: changed and new fields set, removed fields null, equal subtrees left out', () => {
    const before = { phase: 'Progressing', weight: 20, machine: { context: { a: 1, b: 2 } }, gone: 'x' };
    const after = { phase: 'Progressing', weight: 40, machine: { context: { a: 1, b: 3 } }, fresh: [1] };
    expect(mergePatchBetween(before, after)).to.deep.equal({ weight: 40, machine: { context: { b: 3 } }, gone: null, fresh: [1] });
  });

  it('returns null when nothing changed, also when the only difference is a null the server cannot store', () => {
    expect(mergePatchBetween({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).to.equal(null);
    expect(mergePatchBetween({ a: 1 }, { a: 1, b: null })).to.equal(null);
  });

  it('replaces arrays wholesale', () => {
    expect(mergePatchBetween({ list: [1, 2, 3] }, { list: [1, 2] })).to.deep.equal({ list: [1, 2] });
  });

  it('sees a desired object as covered when the live one only adds server defaults, even inside list items', () => {
    const live = { spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }], clusterIP: '10.0.0.1' } };
    expect(coveredBy(live, { spec: { ports: [{ name: 'http', port: 80 }] } })).to.equal(true);
    expect(coveredBy(live, { spec: { ports: [{ name: 'http', port: 81 }] } })).to.equal(false);
    expect(coveredBy(live, { spec: { ports: [{ name: 'http', port: 80 }, { name: 'b', port: 9 }] } })).to.equal(false);
  });
});
