import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { admitResource, validateResource } from '../../src/api/validate-resource.ts';
import { toReleaseConfig } from '../../src/api/release-config.ts';
import type { Canary } from '../../src/api/canary-types.ts';

const examplesDir = fileURLToPath(new URL('../../manifests/examples/', import.meta.url));
const BUILTIN_API_VERSIONS = new Set(['v1', 'apps/v1', 'autoscaling/v2']);

function documents(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(`${examplesDir}${file}`, 'utf8')).map((doc) => {
    expect(doc.errors, `${file} YAML errors`).to.deep.equal([]);
    return doc.toJS() as Record<string, unknown>;
  });
}

describe('example manifests', () => {
  const files = readdirSync(examplesDir).filter((file) => file.endsWith('.yaml'));

  it('include the promised examples', () => {
    expect(files).to.include.members([
      'podinfo-deployment.yaml',
      'podinfo-canary.yaml',
      'podinfo-blue-green.yaml',
      'podinfo-ab-testing.yaml',
      'metric-template-error-rate.yaml',
      'podinfo-canary-custom-metric.yaml',
    ]);
  });

  for (const file of files) {
    it(`${file}: every Glidepath document validates against its CRD schema and the semantic rules`, () => {
      const docs = documents(file).filter((doc) => !BUILTIN_API_VERSIONS.has(String(doc.apiVersion)));
      for (const doc of docs) expect(validateResource(doc), `${file} ${String(doc.kind)}`).to.deep.equal([]);
    });
  }

  it('the podinfo Deployment and Service select the same pods the Canary targets', () => {
    interface Workload {
      metadata: { name: string };
      spec: {
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: { containers: { ports: { containerPort: number }[] }[] } };
      };
    }
    interface PlainService { kind: string; spec: { selector: Record<string, string> } }
    const [first, second] = documents('podinfo-deployment.yaml');
    expect(first?.kind).to.equal('Deployment');
    expect(second?.kind).to.equal('Service');
    const deployment = first as unknown as Workload;
    const service = second as unknown as PlainService;
    const podLabels = deployment.spec.template.metadata.labels;
    expect(podLabels).to.deep.include(deployment.spec.selector.matchLabels);
    expect(podLabels).to.deep.include(service.spec.selector);
    const canary = documents('podinfo-canary.yaml')[0] as unknown as Canary;
    expect(canary.spec.targetRef.name).to.equal(deployment.metadata.name);
    expect(canary.spec.service.port).to.equal(deployment.spec.template.spec.containers[0]?.ports[0]?.containerPort);
  });

  it('each Canary example runs the strategy its name says', () => {
    const expected: Record<string, string> = {
      'podinfo-canary.yaml': 'canary',
      'podinfo-blue-green.yaml': 'blueGreen',
      'podinfo-ab-testing.yaml': 'abTesting',
      'podinfo-canary-custom-metric.yaml': 'canary',
    };
    for (const [file, strategy] of Object.entries(expected)) {
      const [doc] = documents(file);
      const canary = admitResource(doc).object as Canary;
      expect(toReleaseConfig(canary.spec).strategy, file).to.equal(strategy);
    }
  });
});
