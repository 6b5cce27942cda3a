// docs/spec-reference.md is generated from the CRDs: it must be current, and it must give
// every field a meaning (from the CRD description or the generator's notes).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { renderSpecReference } from '../../scripts/spec-reference/render-spec-reference.ts';
import { schemaFields } from '../../scripts/spec-reference/schema-fields.ts';
import type { StructuralNode } from '../../src/api/structural-node.ts';

describe('docs/spec-reference.md', () => {
  const rendered = renderSpecReference();

  it('is up to date with manifests/crds (regenerate with npm run docs:spec)', () => {
    const onDisk = readFileSync('docs/spec-reference.md', 'utf8');
    expect(onDisk === rendered, 'docs/spec-reference.md is stale: run npm run docs:spec').to.equal(true);
  });

  it('documents every field with a type and a meaning, including defaults and ranges', () => {
    const rows = rendered.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows.length).to.be.greaterThan(150);
    for (const row of rows) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      expect(cells, row).to.have.length(6);
      expect(cells[1], `type of ${row}`).to.not.equal('');
      expect(cells[5], `meaning of ${cells[0] ?? ''}`).to.not.equal('');
    }
    expect(rendered).to.match(/\| `spec\.progressDeadlineSeconds` \| integer \| {2}\| `600` \| ≥ 1 \|/);
    expect(rendered).to.match(/\| `spec\.service\.port` \| integer \| yes \| {2}\| 1–65535 \|/);
    expect(rendered).to.match(/\| `spec\.strategy` \| string \| {2}\| {2}\| one of `"canary"`, `"blueGreen"`, `"abTesting"` \|/);
  });

  it('the walk lists nested, list and map fields, and refers back to a shape it has already listed', () => {
    const shared: StructuralNode = { type: 'object', properties: { exact: { type: 'string', description: 'exact match' } } };
    const schema: StructuralNode = {
      type: 'object',
      properties: {
        spec: {
          type: 'object', required: ['a'],
          properties: {
            a: { type: 'integer', minimum: 0, maximum: 100, default: 5, description: 'a' },
            list: { type: 'array', items: { type: 'object', properties: { uri: shared, method: shared } } },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    };
    const rows = schemaFields(schema, 'spec');
    expect(rows.map((r) => r.path)).to.deep.equal(['spec', 'spec.a', 'spec.list', 'spec.list[].uri', 'spec.list[].uri.exact', 'spec.list[].method', 'spec.labels']);
    expect(rows[1]).to.deep.include({ required: true, default: '`5`', constraints: '0–100', type: 'integer' });
    expect(rows[5]?.description).to.equal('Same fields as `spec.list[].uri`.');
    expect(rows[6]?.type).to.equal('map of string');
  });
});
