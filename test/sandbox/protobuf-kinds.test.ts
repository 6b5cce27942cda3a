// Decoding each accepted kind from protobuf into the object the JSON path receives: real kubectl
// bodies (captured fixtures; the expected objects are what `kubectl create ... --dry-run=client
// -o json` prints for the same commands) and hand-built bodies for fields kubectl's typed
// subcommands never set. Then the refusals: unknown fields (415) and bad bytes (400).
import { expect } from 'chai';
import { decodeProtobufObject } from '../../src/sandbox/protobuf/protobuf-body.ts';
import { ApiError } from '../../src/sandbox/status-errors.ts';
import { loadHexFixture } from './fixtures/protobuf/hex-fixtures.ts';
import { k8sEnvelope, key, pbBytes, pbFixed32, pbInt, pbMapEntry, pbMessage, pbString } from './fixtures/protobuf/wire-encoder.ts';

const meta = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ name, creationTimestamp: null, ...extra });

const fromKubectl: Record<string, Record<string, unknown>> = {
  'namespace': { apiVersion: 'v1', kind: 'Namespace', metadata: meta('demo'), spec: {}, status: {} },
  'configmap': { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('settings'), data: { empty: '', mode: 'fast' } },
  'configmap-binary': { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('blob'), data: { text: 'plain' }, binaryData: { 'blob.bin': Buffer.from([0xff, 0x00, 0x80, 0x7f]).toString('base64') } },
  'secret': { apiVersion: 'v1', kind: 'Secret', metadata: meta('creds'), data: { pass: Buffer.from('s3cr3t').toString('base64'), user: Buffer.from('admin').toString('base64') }, type: 'example.com/basic' },
  'secret-docker-registry': {
    apiVersion: 'v1', kind: 'Secret', metadata: meta('pull'), type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'registry.example.com': { username: 'u', password: 'p', auth: Buffer.from('u:p').toString('base64') } } })).toString('base64') },
  },
  'serviceaccount': { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('builder') },
  'deployment': {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', { labels: { app: 'web' } }),
    spec: {
      replicas: 2, selector: { matchLabels: { app: 'web' } }, strategy: {},
      template: { metadata: meta('', { labels: { app: 'web' } }), spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 8080 }], resources: {} }] } },
    },
    status: {},
  },
  'deployment-command': {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('echo', { labels: { app: 'echo' } }),
    spec: {
      replicas: 1, selector: { matchLabels: { app: 'echo' } }, strategy: {},
      template: { metadata: meta('', { labels: { app: 'echo' } }), spec: { containers: [{ name: 'busybox', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello'], resources: {} }] } },
    },
    status: {},
  },
  'service-clusterip': {
    apiVersion: 'v1', kind: 'Service', metadata: meta('web', { labels: { app: 'web' } }), status: { loadBalancer: {} },
    spec: {
      type: 'ClusterIP', selector: { app: 'web' },
      ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }, { name: '443-https', protocol: 'TCP', port: 443, targetPort: 'https' }],
    },
  },
  'service-nodeport': {
    apiVersion: 'v1', kind: 'Service', metadata: meta('edge', { labels: { app: 'edge' } }), status: { loadBalancer: {} },
    spec: { type: 'NodePort', selector: { app: 'edge' }, ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 30080 }] },
  },
  'service-externalname': {
    apiVersion: 'v1', kind: 'Service', metadata: meta('ext', { labels: { app: 'ext' } }), status: { loadBalancer: {} },
    spec: { type: 'ExternalName', selector: { app: 'ext' }, externalName: 'example.com' },
  },
  'role': {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('reader'),
    rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'configmaps'], resourceNames: ['one'] }],
  },
  'clusterrole': { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta('logs'), rules: [{ verbs: ['get'], nonResourceURLs: ['/logs/*'] }] },
  'rolebinding': {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('read'),
    subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }, { kind: 'ServiceAccount', name: 'builder', namespace: 'default' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
  },
  'clusterrolebinding': {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta('logs'),
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'logs' },
  },
};
// The template's ObjectMeta has no name; `meta('')` adds one only to keep the helper short.
for (const name of ['deployment', 'deployment-command']) {
  const template = (fromKubectl[name]?.spec as { template: { metadata: Record<string, unknown> } }).template;
  delete template.metadata.name;
}

/** Calls `fn` and returns the ApiError it throws (fails the test if it throws nothing or something else). */
function apiErrorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError, but nothing was thrown');
}

const str = pbString;
const msg = pbMessage;

describe('protobuf bodies captured from kubectl v1.32 decode to the JSON kubectl itself would send', () => {
  for (const [name, expected] of Object.entries(fromKubectl)) {
    it(`decodes ${name}.hex`, () => {
      expect(decodeProtobufObject(loadHexFixture(name))).to.deep.equal(expected);
    });
  }

  it('refuses clusterrole --aggregation-rule (a field it does not decode) with 415 naming it', () => {
    const err = apiErrorOf(() => decodeProtobufObject(loadHexFixture('clusterrole-aggregation')));
    expect(err.code).to.equal(415);
    expect(err.status.reason).to.equal('UnsupportedMediaType');
    expect(err.message).to.include('rbac.authorization.k8s.io/v1 ClusterRole');
    expect(err.message).to.include('field number 3 (aggregationRule)');
    expect(err.message).to.include('kubectl create -f / kubectl apply -f with a YAML manifest');
  });
});

function objectMeta(): Buffer {
  return Buffer.concat([
    str(1, 'web'), str(2, 'web-'), str(3, 'prod'), str(4, ''), str(5, 'uid-1'), str(6, '42'), pbInt(7, 3),
    msg(8, pbInt(1, 1_700_000_000), pbInt(2, 5)),
    pbMapEntry(11, 'app', 'web'), pbMapEntry(11, 'tier', 'front'),
    pbMapEntry(12, 'note', 'a=b'), pbMapEntry(12, 'empty', ''),
    msg(13, str(1, 'Canary'), str(3, 'web'), str(4, 'owner-uid'), str(5, 'glidepath.dev/v1alpha1'), pbInt(6, true), pbInt(7, false)),
    str(14, 'example.com/one'), str(14, 'example.com/two'),
  ]);
}

function container(): Buffer {
  return Buffer.concat([
    str(1, 'app'), str(2, 'web:2'), str(3, '/bin/web'), str(4, '--port'), str(4, '8080'), str(5, ''),
    msg(6, str(1, 'http'), pbInt(2, 0), pbInt(3, 8080), str(4, 'TCP'), str(5, '')),
    msg(7, str(1, 'MODE'), str(2, 'fast')), msg(7, str(1, 'EMPTY'), str(2, '')),
    msg(8, msg(1, str(1, 'cpu'), msg(2, str(1, '500m'))), msg(2, str(1, 'memory'), msg(2, str(1, '64Mi')))),
    pbInt(16, false),
  ]);
}

function deploymentBody(): Buffer {
  const selector = msg(2, pbMapEntry(1, 'app', 'web'), msg(2, str(1, 'track'), str(2, 'In'), str(3, 'stable'), str(3, '')));
  const template = msg(3, msg(1, pbMapEntry(11, 'app', 'web'), msg(8)), msg(2, msg(2, container()), str(3, 'Always'), str(6, 'ClusterFirst')));
  const strategy = msg(4, str(1, 'RollingUpdate'), msg(2, msg(1, pbInt(1, 1), str(3, '25%')), msg(2, pbInt(1, 0), pbInt(2, 1))));
  const spec = msg(2, pbInt(1, 0), selector, template, strategy, pbInt(5, 0), pbInt(7, false), pbInt(9, 0));
  return k8sEnvelope('apps/v1', 'Deployment', Buffer.concat([msg(1, objectMeta()), spec, msg(3, pbInt(1, 0), pbInt(2, 0))]));
}

describe('protobuf decoding of fields kubectl create does not set', () => {
  it('decodes ObjectMeta completely: names, uid, versions, time, labels, annotations, owners, finalizers', () => {
    const obj = decodeProtobufObject(k8sEnvelope('v1', 'ConfigMap', msg(1, objectMeta())));
    expect(obj.metadata).to.deep.equal({
      name: 'web', generateName: 'web-', namespace: 'prod', uid: 'uid-1', resourceVersion: '42', generation: 3,
      creationTimestamp: '2023-11-14T22:13:20Z',
      labels: { app: 'web', tier: 'front' },
      annotations: { note: 'a=b', empty: '' },
      ownerReferences: [{ kind: 'Canary', name: 'web', uid: 'owner-uid', apiVersion: 'glidepath.dev/v1alpha1', controller: true, blockOwnerDeletion: false }],
      finalizers: ['example.com/one', 'example.com/two'],
    });
  });

  it('decodes managedFields (FieldsV1 JSON), deletionTimestamp and deletionGracePeriodSeconds=0', () => {
    const entry = msg(17, str(1, 'kubectl-create'), str(2, 'Update'), str(3, 'v1'), msg(4, pbInt(1, 0), pbInt(2, 0)), str(6, 'FieldsV1'),
      msg(7, pbBytes(1, Buffer.from('{"f:data":{".":{},"f:a":{}}}'))), str(8, ''));
    const obj = decodeProtobufObject(k8sEnvelope('v1', 'ConfigMap', msg(1, str(1, 'c'), msg(9, pbInt(1, 86_400)), pbInt(10, 0), entry)));
    expect(obj.metadata).to.deep.equal({
      name: 'c', deletionTimestamp: '1970-01-02T00:00:00Z', deletionGracePeriodSeconds: 0,
      managedFields: [{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: '1970-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } }],
    });
  });

  it('decodes a Deployment: explicit zero replicas, selector expressions, template, containers, resources, strategy', () => {
    const obj = decodeProtobufObject(deploymentBody());
    expect(obj.spec).to.deep.equal({
      replicas: 0,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['stable', ''] }] },
      template: {
        metadata: { labels: { app: 'web' }, creationTimestamp: null },
        spec: {
          containers: [{
            name: 'app', image: 'web:2', command: ['/bin/web'], args: ['--port', '8080'],
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            env: [{ name: 'MODE', value: 'fast' }, { name: 'EMPTY' }],
            resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
          }],
          restartPolicy: 'Always', dnsPolicy: 'ClusterFirst',
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
      progressDeadlineSeconds: 0,
    });
    expect(obj.status).to.deep.equal({});
  });

  it('decodes a Pod the way `kubectl run` describes it, with the empty status a Go client writes', () => {
    const spec = msg(2,
      msg(2, str(1, 'p'), str(2, 'nginx'), str(4, 'serve'), msg(6, pbInt(3, 80)), msg(7, str(1, 'A'), str(2, 'B'))),
      str(3, 'Never'), str(6, 'ClusterFirst'), pbInt(11, false), pbInt(21, false));
    const status = msg(3, str(1, ''), str(3, ''), str(4, ''), str(5, ''), str(6, ''), str(9, ''), str(11, ''));
    const obj = decodeProtobufObject(k8sEnvelope('v1', 'Pod', Buffer.concat([msg(1, str(1, 'p'), pbMapEntry(11, 'run', 'p')), spec, status])));
    expect(obj).to.deep.equal({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'p', labels: { run: 'p' } },
      spec: {
        containers: [{ name: 'p', image: 'nginx', args: ['serve'], ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'B' }] }],
        restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', automountServiceAccountToken: false,
      },
      status: {},
    });
  });

  it('decodes a Service with a cluster IP and a string targetPort', () => {
    const spec = msg(2, msg(1, str(1, 'http'), str(2, 'TCP'), pbInt(3, 80), msg(4, pbInt(1, 1), pbInt(2, 0), str(3, 'web')), pbInt(5, 31000)),
      pbMapEntry(2, 'app', 'web'), str(3, '10.96.0.10'), str(4, 'NodePort'));
    const obj = decodeProtobufObject(k8sEnvelope('v1', 'Service', Buffer.concat([msg(1, str(1, 'web')), spec])));
    expect(obj.spec).to.deep.equal({
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'web', nodePort: 31000 }],
      selector: { app: 'web' }, clusterIP: '10.96.0.10', type: 'NodePort',
    });
  });

  it('keeps Secret stringData as text and data as base64, and a ConfigMap immutable=false', () => {
    const secret = decodeProtobufObject(k8sEnvelope('v1', 'Secret', Buffer.concat([
      msg(1, str(1, 's')), msg(2, str(1, 'bin'), pbBytes(2, Buffer.from([0, 1, 2]))), str(3, 'Opaque'), pbMapEntry(4, 'plain', 'text'), pbInt(5, true),
    ])));
    expect(secret).to.include({ type: 'Opaque', immutable: true });
    expect(secret.data).to.deep.equal({ bin: 'AAEC' });
    expect(secret.stringData).to.deep.equal({ plain: 'text' });
    const cm = decodeProtobufObject(k8sEnvelope('v1', 'ConfigMap', Buffer.concat([msg(1, str(1, 'c')), pbInt(4, false)])));
    expect(cm).to.have.property('immutable', false);
  });

  it('follows protobuf merge rules: a repeated singular scalar takes the last value, a repeated singular message merges', () => {
    const raw = Buffer.concat([msg(1, str(1, 'first'), pbMapEntry(11, 'a', '1')), msg(1, str(1, 'second'), pbMapEntry(11, 'b', '2')), str(3, 'x'), str(3, 'y')]);
    const obj = decodeProtobufObject(k8sEnvelope('v1', 'Secret', raw));
    expect(obj.metadata).to.deep.equal({ name: 'second', labels: { a: '1', b: '2' } });
    expect(obj.type).to.equal('y');
  });
});

describe('protobuf bodies the sandbox refuses', () => {
  it('answers 415 for an unknown field deep inside, naming kind, message, path and field number', () => {
    const probe = msg(10, msg(1, msg(1, str(1, '/healthz'))));
    const raw = Buffer.concat([msg(1, str(1, 'web')), msg(2, pbInt(1, 1), msg(3, msg(2, msg(2, str(1, 'a')), msg(2, str(1, 'b'), probe))))]);
    const err = apiErrorOf(() => decodeProtobufObject(k8sEnvelope('apps/v1', 'Deployment', raw)));
    expect(err.code).to.equal(415);
    expect(err.message).to.equal(
      'cannot accept the protobuf apps/v1 Deployment: field number 10 (livenessProbe) of Container at spec.template.spec.containers[1] is not one the sandbox decodes; '
      + 'rather than store it without that data, the request is refused: send the object as JSON or YAML instead (kubectl create -f / kubectl apply -f with a YAML manifest)',
    );
  });

  it('answers 415 for a field number no table lists, even when its value is empty', () => {
    const err = apiErrorOf(() => decodeProtobufObject(k8sEnvelope('v1', 'Namespace', Buffer.concat([msg(1, str(1, 'x')), str(99, '')]))));
    expect(err.code).to.equal(415);
    expect(err.message).to.include('field number 99 of the top-level Namespace');
  });

  it('answers 415 listing the accepted kinds for a kind without a table', () => {
    const err = apiErrorOf(() => decodeProtobufObject(k8sEnvelope('apps/v1', 'ReplicaSet', msg(1, str(1, 'x')))));
    expect(err.code).to.equal(415);
    expect(err.message).to.match(/accepts protobuf bodies only for v1 Namespace, .*apps\/v1 Deployment.*; apps\/v1 ReplicaSet is not one of them/);
  });

  it('answers 415 for an integer JSON cannot carry exactly', () => {
    const err = apiErrorOf(() => decodeProtobufObject(k8sEnvelope('apps/v1', 'Deployment', msg(1, pbInt(7, 2n ** 60n)))));
    expect(err.code).to.equal(415);
    expect(err.message).to.include('field generation of ObjectMeta at metadata holds 1152921504606846976');
  });

  const malformed: [string, Buffer, string][] = [
    ['a truncated nested message', k8sEnvelope('v1', 'ConfigMap', Buffer.concat([key(1, 2), Buffer.from([0x05, 0x0a])])), 'malformed protobuf in the top-level ConfigMap: field of 5 bytes runs past the end of the message (1 left) at byte 2'],
    ['a string field sent as a varint', k8sEnvelope('v1', 'ConfigMap', msg(1, pbInt(1, 7))), 'malformed protobuf in ObjectMeta at metadata: field 1 (name) has wire type 0, expected 2 (length-delimited)'],
    ['an int field sent as fixed32', k8sEnvelope('apps/v1', 'Deployment', msg(2, pbFixed32(1, 3))), 'malformed protobuf in DeploymentSpec at spec: field 1 (replicas) has wire type 5, expected 0 (varint)'],
    ['invalid UTF-8 in a string', k8sEnvelope('v1', 'ConfigMap', msg(1, pbBytes(1, Buffer.from([0xc3, 0x28])))), 'malformed protobuf in ObjectMeta at metadata: field name is not valid UTF-8'],
    ['a time beyond year 9999', k8sEnvelope('v1', 'ConfigMap', msg(1, msg(8, pbInt(1, 2n ** 50n)))), 'malformed protobuf in Time at metadata.creationTimestamp: Invalid time value'],
  ];
  for (const [what, body, message] of malformed) {
    it(`answers 400 for ${what}, saying where`, () => {
      const err = apiErrorOf(() => decodeProtobufObject(body));
      expect(err.code).to.equal(400);
      expect(err.status.reason).to.equal('BadRequest');
      expect(err.message).to.include(message);
    });
  }

  it('answers 400 for a body that is not Kubernetes protobuf at all', () => {
    const err = apiErrorOf(() => decodeProtobufObject(Buffer.from('{"apiVersion":"v1"}')));
    expect(err.code).to.equal(400);
    expect(err.message).to.equal('the request body is not valid Kubernetes protobuf: the protobuf body does not start with the Kubernetes magic bytes "k8s\\x00"');
  });
});
