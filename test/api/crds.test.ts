import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { CRD_FILES, loadCrd, type CustomResourceDefinition } from '../../src/api/validate-resource.ts';
import { CrdLoadError, assertCrdShape, findNonStructuralNodes } from '../../src/api/crd-loader.ts';
import { compileStructuralSchema } from '../../src/api/structural-schema.ts';
import { Phase } from '../../machines/release-types.ts';
import type { StructuralNode } from '../../src/api/structural-node.ts';

const manifests = fileURLToPath(new URL('../../manifests/', import.meta.url));

function load(file: string): CustomResourceDefinition {
  return loadCrd(`${manifests}${file}`);
}

function schemaAt(crd: CustomResourceDefinition, path: readonly string[]): StructuralNode {
  let node: StructuralNode | undefined = crd.spec.versions[0]?.schema.openAPIV3Schema;
  for (const key of path) node = key === '[]' ? node?.items : node?.properties?.[key];
  if (node === undefined) throw new Error(`no schema node at ${path.join('.')}`);
  return node;
}

describe('CRD manifests', () => {
  for (const file of CRD_FILES) {
    it(`${file} parses, has a CRD's shape and structural schemas that compile`, () => {
      const crd = load(file);
      for (const version of crd.spec.versions) {
        expect(findNonStructuralNodes(version.schema.openAPIV3Schema), `${file} ${version.name}`).to.deep.equal([]);
        expect(() => compileStructuralSchema(version.schema.openAPIV3Schema)).to.not.throw();
        // A kind with a status has the status subresource, so spec writes cannot touch it; one without has neither.
        const hasStatus = version.schema.openAPIV3Schema.properties?.status !== undefined;
        expect(version.subresources?.status, `${file} ${version.name} status subresource`).to.deep.equal(hasStatus ? {} : undefined);
      }
    });
  }

  describe('canaries.glidepath.dev', () => {
    const crd = load('crds/canaries.glidepath.dev.yaml');

    it('names the resource like kubectl expects', () => {
      expect(crd.metadata.name).to.equal('canaries.glidepath.dev');
      expect(crd.spec.names).to.deep.include({ kind: 'Canary', plural: 'canaries', singular: 'canary', shortNames: ['cn'] });
      expect(crd.spec.names.categories).to.include.members(['all', 'glidepath']);
      expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).to.deep.equal([['v1alpha1', true, true]]);
    });

    it('prints Status, Weight, FailedChecks, Interval and LastTransitionTime, with StepWeight and MaxWeight at priority 1', () => {
      const columns = crd.spec.versions[0]?.additionalPrinterColumns ?? [];
      const byName = new Map(columns.map((column) => [column.name, column]));
      expect(byName.get('Status')?.jsonPath).to.equal('.status.phase');
      expect(byName.get('Weight')?.jsonPath).to.equal('.status.canaryWeight');
      expect(byName.get('FailedChecks')?.jsonPath).to.equal('.status.failedChecks');
      expect(byName.get('Interval')?.jsonPath).to.equal('.spec.analysis.interval');
      expect(byName.get('LastTransitionTime')?.jsonPath).to.equal('.status.lastTransitionTime');
      expect(byName.get('StepWeight')?.priority).to.equal(1);
      expect(byName.get('MaxWeight')?.priority).to.equal(1);
    });

    it('offers the three strategies and Flagger phase names', () => {
      expect(schemaAt(crd, ['spec', 'strategy']).enum).to.deep.equal(['canary', 'blueGreen', 'abTesting']);
      expect(schemaAt(crd, ['spec', 'strategy'])).to.not.have.property('default');
      expect(schemaAt(crd, ['status', 'phase']).enum).to.deep.equal(Object.values(Phase));
    });

    it('keeps the persisted machine snapshot whatever its shape', () => {
      expect(schemaAt(crd, ['status', 'machine', 'snapshot'])['x-kubernetes-preserve-unknown-fields']).to.equal(true);
    });

    it('bounds the history', () => {
      expect(schemaAt(crd, ['status', 'history']).maxItems).to.equal(50);
    });
  });

  describe('Istio CRDs', () => {
    it('serve v1 (storage) and v1beta1 with the same schema', () => {
      for (const file of ['istio/virtualservices.networking.istio.io.yaml', 'istio/destinationrules.networking.istio.io.yaml']) {
        const crd = load(file);
        expect(crd.spec.versions.map((v) => [v.name, v.storage])).to.deep.equal([['v1', true], ['v1beta1', false]]);
        expect(crd.spec.versions[0]?.schema).to.deep.equal(crd.spec.versions[1]?.schema);
        expect(crd.spec.names.categories).to.deep.equal(['istio-io', 'networking-istio-io']);
      }
      expect(load('istio/virtualservices.networking.istio.io.yaml').spec.names.shortNames).to.deep.equal(['vs']);
      expect(load('istio/destinationrules.networking.istio.io.yaml').spec.names.shortNames).to.deep.equal(['dr']);
    });
  });

  describe('loadCrd errors', () => {
    it('names the file when it cannot be read', () => {
      expect(() => loadCrd('/nonexistent/crd.yaml')).to.throw(CrdLoadError, '/nonexistent/crd.yaml: cannot read');
    });

    it('rejects a non-structural schema, naming the node', () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com',
          scope: 'Namespaced',
          names: { kind: 'Widget', plural: 'widgets' },
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { properties: {} } } } } }],
        },
      };
      expect(() => { assertCrdShape(crd, 'widget.yaml'); }).to.throw(CrdLoadError, 'openAPIV3Schema.properties[spec]: type is required');
    });

    it('requires metadata.name to be plural.group', () => {
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widget' },
        spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [] },
      };
      expect(() => { assertCrdShape(crd, 'widget.yaml'); }).to.throw(CrdLoadError, 'metadata.name must be "widgets.example.com"');
    });
  });
});
