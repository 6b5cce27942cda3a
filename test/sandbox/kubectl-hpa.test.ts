// Real kubectl against the sandbox's autoscaling/v2 HorizontalPodAutoscaler: apply with server
// validation, get with the real printer columns, the `hpa` short name and the `all` category,
// defaults and 422 rules worded like kube-apiserver's.
import { expect } from 'chai';
import { useSandbox } from '../helpers/sandbox-fixture.ts';

function table(out: string): { header: string[]; rows: string[][] } {
  const [head = '', ...lines] = out.trimEnd().split('\n');
  // Cells are separated by at least two spaces, so "cpu: <unknown>/80%" stays one cell.
  const cells = (line: string): string[] => line.trim().split(/\s{2,}/);
  return { header: cells(head), rows: lines.map(cells) };
}

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: podinfo
  namespace: test
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: podinfo
  minReplicas: 2
  maxReplicas: 4
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 60
    - type: Pods
      pods:
        metric:
          name: requests_per_second
        target:
          type: AverageValue
          averageValue: "100"
`;

describe('kubectl apply/get HorizontalPodAutoscaler against the sandbox', function suite() {
  this.timeout(60_000);
  const env = useSandbox({ readyDelayMs: 100 });

  before(async () => {
    const { kubectl, dir } = env();
    await kubectl.ok(['apply', '-f', await dir.write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: test\n')]);
  });

  it('creates an HPA with kubectl apply and updates it with a second apply', async () => {
    const { kubectl, dir } = env();
    expect(await kubectl.ok(['apply', '-f', await dir.write('hpa.yaml', HPA)])).to.equal('horizontalpodautoscaler.autoscaling/podinfo created\n');
    const changed = HPA.replace('maxReplicas: 4', 'maxReplicas: 6');
    expect(await kubectl.ok(['apply', '-f', await dir.write('hpa2.yaml', changed)])).to.equal('horizontalpodautoscaler.autoscaling/podinfo configured\n');
    const stored = (await kubectl.json(['get', 'hpa', 'podinfo', '-n', 'test'])) as { spec: { maxReplicas: number } };
    expect(stored.spec.maxReplicas).to.equal(6);
  });

  it('prints NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE, with <unknown> current values', async () => {
    const { header, rows } = table(await env().kubectl.ok(['get', 'hpa', '-n', 'test']));
    expect(header).to.deep.equal(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
    expect(rows[0]?.slice(0, 6)).to.deep.equal(['podinfo', 'Deployment/podinfo', 'cpu: <unknown>/60%, <unknown>/100', '2', '6', '0']);
  });

  it('is found by its short name, by kind.group and in the all category', async () => {
    const { kubectl } = env();
    expect(await kubectl.ok(['get', 'horizontalpodautoscalers.autoscaling', '-n', 'test', '-o', 'name'])).to.equal('horizontalpodautoscaler.autoscaling/podinfo\n');
    expect(await kubectl.ok(['get', 'all', '-n', 'test', '-o', 'name'])).to.include('horizontalpodautoscaler.autoscaling/podinfo');
  });

  it('defaults minReplicas to 1 and metrics to 80% CPU, as kube-apiserver does', async () => {
    const { kubectl, dir } = env();
    const bare = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bare\n  namespace: test\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n';
    await kubectl.ok(['apply', '-f', await dir.write('bare.yaml', bare)]);
    const stored = (await kubectl.json(['get', 'hpa', 'bare', '-n', 'test'])) as { spec: { minReplicas: number; metrics: unknown[] } };
    expect(stored.spec.minReplicas).to.equal(1);
    expect(stored.spec.metrics).to.deep.equal([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
    const row = table(await kubectl.ok(['get', 'hpa', 'bare', '-n', 'test'])).rows[0];
    expect(row?.slice(0, 5)).to.deep.equal(['bare', 'Deployment/web', 'cpu: <unknown>/80%', '1', '3']);
  });

  it('rejects max below min and a missing scale target name with 422 causes kubectl prints', async () => {
    const { kubectl, dir } = env();
    const bad = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: bad\n  namespace: test\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment}\n  minReplicas: 5\n  maxReplicas: 2\n';
    const result = await kubectl.fail(['apply', '-f', await dir.write('bad.yaml', bad)]);
    expect(result.stderr).to.include('is invalid');
    expect(result.stderr).to.include('spec.scaleTargetRef.name: Required value');
    expect(result.stderr).to.include('spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  });

  it('rejects a mistyped field with a 400 naming the Go field, like the real decoder', async () => {
    const { kubectl, dir } = env();
    const typo = HPA.replace('name: podinfo\n  namespace', 'name: typo\n  namespace').replace('maxReplicas: 4', 'maxReplicas: "four"');
    const result = await kubectl.fail(['apply', '-f', await dir.write('typo.yaml', typo)]);
    expect(result.stderr).to.match(/spec\.maxReplicas.*int32/);
  });
});
