import { expect } from 'chai';
import { sameJson, sameRecords } from '../../src/sandbox/json-equality.ts';
import { nextGeneration, sameStoredContent } from '../../src/sandbox/object-meta.ts';
import type { ResourceType } from '../../src/sandbox/resource-type.ts';

describe('sandbox JSON equality (change detection on updates)', () => {
  it('ignores key order and keys holding undefined, but not array order, types or extra keys', () => {
    expect(sameJson({ a: 1, b: { c: [1, 'x'] } }, { b: { c: [1, 'x'] }, a: 1 })).to.equal(true);
    expect(sameJson({ a: 1, gone: undefined }, { a: 1 })).to.equal(true);
    expect(sameJson({ a: 1 }, { a: 1, gone: undefined })).to.equal(true);
    expect(sameJson([1, 2], [2, 1])).to.equal(false);
    expect(sameJson({ a: 1 }, { a: '1' })).to.equal(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).to.equal(false);
    expect(sameJson({ a: [] }, { a: {} })).to.equal(false);
    expect(sameJson({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } })).to.equal(false);
    expect(sameJson(null, {})).to.equal(false);
  });

  it('skips the named keys at the top level only', () => {
    const skip = new Set(['status']);
    expect(sameRecords({ spec: 1, status: 1 }, { spec: 1, status: 2 }, skip)).to.equal(true);
    expect(sameRecords({ spec: { status: 1 } }, { spec: { status: 2 } }, skip)).to.equal(false);
  });

  it('bumps generation on spec changes only, and treats resourceVersion/managedFields-only changes as no-ops', () => {
    const type = { tracksGeneration: true } as ResourceType;
    const old = { metadata: { name: 'a', generation: 3, resourceVersion: '7' }, spec: { replicas: 1 }, status: { ready: 1 } };
    expect(nextGeneration(type, true, { ...old, status: { ready: 2 } }, old)).to.equal(3);
    expect(nextGeneration(type, true, { ...old, spec: { replicas: 2 } }, old)).to.equal(4);
    expect(nextGeneration(type, false, { ...old, status: { ready: 2 } }, old)).to.equal(4);
    expect(sameStoredContent({ ...old, metadata: { ...old.metadata, resourceVersion: '8', managedFields: [] } }, old)).to.equal(true);
    expect(sameStoredContent({ ...old, metadata: { ...old.metadata, labels: { x: 'y' } } }, old)).to.equal(false);
    expect(sameStoredContent({ ...old, status: { ready: 2 } }, old)).to.equal(false);
  });
});
