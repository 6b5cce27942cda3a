// The install manifests: `kubectl apply -k manifests/` is accepted by the sandbox with real
// kubectl, and the RBAC and the Deployment keep the promises made in the issue (least
// privilege with every rule justified, leader election, probes, a locked-down container).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { useSandbox } from '../helpers/sandbox-fixture.ts';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

function documents(file: string): Record<string, unknown>[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
}

function rulesOf(file: string, kind: string): Rule[] {
  return documents(file).filter((d) => d.kind === kind).flatMap((d) => d.rules as Rule[]);
}

describe('manifests/ for a real cluster', function () {
  this.timeout(60_000);
  // Nothing pre-installed: the CRDs come from the kustomization like on a real cluster.
  const env = useSandbox({ crdFiles: [], startWorkloads: false });

  describe('kubectl apply -k manifests/', () => {
    let output = '';
    before(async () => { output = await env().kubectl.ok(['apply', '-k', 'manifests/']); });

    it('creates every object', () => {
      // The sandbox seeds glidepath-system, so the Namespace is configured rather than created.
      expect(output).to.match(/^namespace\/glidepath-system (created|configured|unchanged)$/m);
      for (const line of [
        'customresourcedefinition.apiextensions.k8s.io/canaries.glidepath.dev created',
        'customresourcedefinition.apiextensions.k8s.io/metrictemplates.glidepath.dev created',
        'serviceaccount/glidepath-controller created',
        'role.rbac.authorization.k8s.io/glidepath-leader-election created',
        'clusterrole.rbac.authorization.k8s.io/glidepath-controller created',
        'rolebinding.rbac.authorization.k8s.io/glidepath-leader-election created',
        'clusterrolebinding.rbac.authorization.k8s.io/glidepath-controller created',
        'service/glidepath-controller-metrics created',
        'service/glidepath-status-page created',
        'deployment.apps/glidepath-controller created',
      ]) expect(output).to.include(line);
    });

    it('the objects are in the API, in glidepath-system', async () => {
      const names = await env().kubectl.ok(['get', 'deployment,service,serviceaccount,role,rolebinding', '-n', 'glidepath-system', '-o', 'name']);
      for (const name of ['deployment.apps/glidepath-controller', 'service/glidepath-status-page', 'service/glidepath-controller-metrics', 'serviceaccount/glidepath-controller']) {
        expect(names).to.include(name);
      }
      const deployment = JSON.parse(await env().kubectl.ok(['get', 'deployment', 'glidepath-controller', '-n', 'glidepath-system', '-o', 'json'])) as { spec: { replicas: number; template: { spec: { containers: { args: string[] }[] } } } };
      expect(deployment.spec.replicas).to.equal(2);
      expect(deployment.spec.template.spec.containers[0]?.args).to.include('--leader-elect');
    });

    it('a second apply changes nothing', async () => {
      const again = await env().kubectl.ok(['apply', '-k', 'manifests/']);
      expect(again).to.not.match(/ (created|configured)$/m);
    });

    it('the applied CRDs serve Canaries: the podinfo example is accepted', async () => {
      await env().kubectl.ok(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'test' } }) });
      const created = await env().kubectl.ok(['apply', '-f', 'manifests/examples/podinfo-canary.yaml']);
      expect(created).to.include('canary.glidepath.dev/podinfo created');
    });
  });

  describe('RBAC', () => {
    const clusterRules = rulesOf('manifests/rbac/cluster-role.yaml', 'ClusterRole');
    const roleRules = rulesOf('manifests/rbac/leader-election-role.yaml', 'Role');

    it('has no wildcard and no cluster-admin', () => {
      for (const rule of [...clusterRules, ...roleRules]) {
        expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).to.not.include('*');
      }
      for (const file of ['cluster-role-binding.yaml', 'leader-election-role.yaml']) {
        expect(readFileSync(`manifests/rbac/${file}`, 'utf8')).to.not.include('cluster-admin');
      }
    });

    it('reads Secrets and only creates or patches them (config tracking\'s -primary copies), never updates; deletes nothing', () => {
      const secrets = clusterRules.filter((r) => r.resources.includes('secrets'));
      expect(secrets.map((r) => r.verbs)).to.deep.equal([['get', 'list', 'watch', 'create', 'patch']]);
      for (const rule of [...clusterRules, ...roleRules]) expect(rule.verbs).to.not.include.members(['delete', 'deletecollection', 'escalate', 'bind', 'impersonate']);
    });

    it('covers what the controller writes: canaries/status, deployments/scale, events, the Lease', () => {
      const grants = (resource: string, verb: string): boolean => [...clusterRules, ...roleRules].some((r) => r.resources.includes(resource) && r.verbs.includes(verb));
      for (const [resource, verb] of [['canaries', 'patch'], ['canaries/status', 'patch'], ['deployments', 'create'], ['deployments/scale', 'patch'], ['services', 'create'], ['virtualservices', 'patch'], ['destinationrules', 'create'], ['events', 'create'], ['leases', 'create'], ['leases', 'update'], ['metrictemplates', 'watch'], ['configmaps', 'watch']] as const) {
        expect(grants(resource, verb), `${verb} ${resource}`).to.equal(true);
      }
    });

    it('justifies every rule with a comment', () => {
      for (const file of ['cluster-role.yaml', 'leader-election-role.yaml']) {
        const lines = readFileSync(`manifests/rbac/${file}`, 'utf8').split('\n');
        const ruleStarts = lines.flatMap((line, i) => (/^\s*- apiGroups:/.test(line) ? [i] : []));
        expect(ruleStarts.length, file).to.equal(rulesOf(`manifests/rbac/${file}`, file.startsWith('cluster') ? 'ClusterRole' : 'Role').length);
        for (const i of ruleStarts) expect(lines[i - 1] ?? '', `${file} line ${i + 1}: the rule's justification`).to.match(/^\s*# \S/);
      }
    });
  });

  describe('the controller Deployment', () => {
    const deployment = documents('manifests/controller/deployment.yaml')[0] as { spec: { replicas: number; template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0] as Record<string, unknown> & { args: string[]; securityContext: Record<string, unknown>; ports: { name: string }[] };

    it('runs two replicas with leader election and probes on /healthz and /readyz', () => {
      expect(deployment.spec.replicas).to.equal(2);
      expect(container.args).to.include.members(['--leader-elect', '--in-cluster', '--metrics-address=0.0.0.0']);
      expect((container.livenessProbe as { httpGet: { path: string } }).httpGet.path).to.equal('/healthz');
      expect((container.readinessProbe as { httpGet: { path: string } }).httpGet.path).to.equal('/readyz');
      expect(container.resources).to.have.keys('requests', 'limits');
    });

    it('is locked down: non-root, read-only root filesystem, no escalation, no capabilities, RuntimeDefault seccomp', () => {
      expect(container.securityContext).to.deep.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
      expect(container.securityContext.capabilities).to.deep.equal({ drop: ['ALL'] });
      expect(container.securityContext.seccompProfile).to.deep.equal({ type: 'RuntimeDefault' });
      expect(pod.securityContext).to.deep.include({ runAsNonRoot: true });
    });

    it('has a ServiceMonitor-ready metrics Service: labels and a named http-metrics port', () => {
      const metrics = documents('manifests/controller/services.yaml').find((d) => (d.metadata as { name: string }).name === 'glidepath-controller-metrics') as { metadata: { labels: Record<string, string> }; spec: { ports: { name: string }[] } };
      expect(metrics.metadata.labels).to.include({ 'app.kubernetes.io/name': 'glidepath' });
      expect(metrics.spec.ports.map((p) => p.name)).to.deep.equal(['http-metrics']);
      expect(container.ports.map((p) => p.name)).to.include('http-metrics');
    });
  });
});
