import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, envNameOf, loadControllerConfig } from '../../../src/controller/runtime/config.ts';
import { loadKubeConfig } from '../../../src/controller/runtime/kubeconfig-source.ts';
import { labelSelectorProblem } from '../../../src/controller/runtime/label-selector.ts';

function configError(argv: string[], env: NodeJS.ProcessEnv = {}): ConfigError {
  try {
    loadControllerConfig(argv, env);
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('controller config', () => {
  it('has safe defaults', () => {
    const config = loadControllerConfig([], {});
    expect(config).to.deep.include({
      kube: { mode: 'default', context: null },
      namespace: null,
      labelSelector: null,
      prometheusAddress: 'http://127.0.0.1:9090',
      metricsHost: '127.0.0.1',
      metricsPort: 8080,
      workers: 8,
      logLevel: 'info',
    });
    expect(config.leaderElection).to.deep.include({
      enabled: false, leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000,
      leaseName: 'glidepath-controller-leader', leaseNamespace: 'glidepath-system',
    });
    expect(config.leaderElection.identity).to.match(/_[0-9a-f]{8}$/);
  });

  it('reads flags, and flags win over environment variables', () => {
    const config = loadControllerConfig(
      ['--namespace', 'shop', '--workers=3', '--leader-elect', '--prometheus-address', 'http://127.0.0.1:9999/', '--kubeconfig', '/tmp/kc', '--context', 'dev'],
      { GLIDEPATH_WORKERS: '12', GLIDEPATH_LOG_LEVEL: 'debug', GLIDEPATH_LABEL_SELECTOR: 'shard in (a, b),!skip', GLIDEPATH_METRICS_PORT: '0' },
    );
    expect(config).to.deep.include({
      namespace: 'shop', workers: 3, logLevel: 'debug', labelSelector: 'shard in (a, b),!skip', metricsPort: 0,
      prometheusAddress: 'http://127.0.0.1:9999', kube: { mode: 'file', path: '/tmp/kc', context: 'dev' },
    });
    expect(config.leaderElection.enabled).to.equal(true);
    expect(config.leaderElection.leaseNamespace, 'the lease lives in the shard namespace').to.equal('shop');
  });

  it('accepts in-cluster credentials from the environment', () => {
    expect(loadControllerConfig([], { GLIDEPATH_IN_CLUSTER: 'true' }).kube).to.deep.equal({ mode: 'in-cluster' });
  });

  it('names the setting and the problem for every invalid value', () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['--workers', 'many'], {}, /^--workers \(GLIDEPATH_WORKERS\): "many" is not a whole number/],
      [['--workers', '0'], {}, /--workers .*out of range; allowed 1\.\.1000/],
      [[], { GLIDEPATH_METRICS_PORT: '70000' }, /--metrics-port \(GLIDEPATH_METRICS_PORT\): 70000 is out of range/],
      [['--namespace', 'Shop_1'], {}, /--namespace .*not a valid namespace name/],
      [['--label-selector', 'app=web,,tier=db'], {}, /--label-selector .*empty requirement/],
      [['--label-selector', 'app in a,b'], {}, /--label-selector .*invalid requirement "app in a"/],
      [['--prometheus-address', 'prometheus:9090'], {}, /--prometheus-address .*must use http or https/],
      [['--prometheus-address', 'not a url'], {}, /--prometheus-address .*is not a URL/],
      [['--log-level', 'loud'], {}, /--log-level .*not a log level; use debug, info, warn or error/],
      [['--leader-elect-lease-duration', 'soon'], {}, /--leader-elect-lease-duration .*"soon": expected numbers with units/],
      [['--leader-elect-lease-duration', '0s'], {}, /--leader-elect-lease-duration .*must be longer than zero/],
      [['--leader-elect-renew-deadline', '20s'], {}, /--leader-elect-renew-deadline .*must be shorter than the lease duration/],
      [['--leader-elect-retry-period', '10s'], {}, /--leader-elect-retry-period .*must be shorter than the renew deadline/],
      [[], { GLIDEPATH_LEADER_ELECT: 'maybe' }, /--leader-elect \(GLIDEPATH_LEADER_ELECT\): "maybe" is not a boolean/],
      [['--in-cluster', '--kubeconfig', '/x'], {}, /--in-cluster .*cannot be combined with --kubeconfig/],
      [['--wokers', '3'], {}, /^command line: .*--wokers.*known flags: .*--workers/],
      [['positional'], {}, /^command line:/],
    ];
    for (const [argv, env, pattern] of cases) {
      expect(configError(argv, env).message, argv.join(' ') || JSON.stringify(env)).to.match(pattern);
    }
  });

  it('derives environment variable names from flags', () => {
    expect(envNameOf('leader-elect-renew-deadline')).to.equal('GLIDEPATH_LEADER_ELECT_RENEW_DEADLINE');
  });
});

describe('label selector syntax', () => {
  it('accepts the Kubernetes forms', () => {
    for (const ok of ['app=web', 'app==web', 'app!=web', 'glidepath.dev/shard in (a,b)', 'tier notin (db)', 'canary', '!canary', 'a=b,c!=d,e in (x, y),!f', 'app=']) {
      expect(labelSelectorProblem(ok), ok).to.equal(null);
    }
  });

  it('rejects malformed selectors', () => {
    for (const bad of ['app=we b', 'app in ()x', '=web', 'app=web,', 'a'.repeat(64)]) {
      expect(labelSelectorProblem(bad), bad).to.be.a('string');
    }
  });
});

describe('loadKubeConfig', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'glidepath-kc-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('loads a kubeconfig file and selects the requested context', () => {
    const path = join(dir, 'config');
    writeFileSync(path, [
      'apiVersion: v1', 'kind: Config', 'current-context: a',
      'clusters:', '- name: a', '  cluster: {server: "http://127.0.0.1:1"}', '- name: b', '  cluster: {server: "http://127.0.0.1:2"}',
      'contexts:', '- name: a', '  context: {cluster: a, user: u}', '- name: b', '  context: {cluster: b, user: u}',
      'users:', '- name: u', '  user: {}',
    ].join('\n'));
    expect(loadKubeConfig({ mode: 'file', path, context: null }).getCurrentCluster()?.server).to.equal('http://127.0.0.1:1');
    expect(loadKubeConfig({ mode: 'file', path, context: 'b' }).getCurrentCluster()?.server).to.equal('http://127.0.0.1:2');
    expect(() => loadKubeConfig({ mode: 'file', path, context: 'c' })).to.throw(ConfigError, /context "c" is not in the kubeconfig; known: a, b/);
  });

  it('reports an unreadable kubeconfig file against --kubeconfig', () => {
    expect(() => loadKubeConfig({ mode: 'file', path: join(dir, 'missing'), context: null }))
      .to.throw(ConfigError, /^--kubeconfig \(GLIDEPATH_KUBECONFIG\): cannot load credentials/);
  });
});
