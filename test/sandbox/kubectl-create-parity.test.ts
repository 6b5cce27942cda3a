// The protobuf path must be the JSON path: for every typed `create` command of the fixture set,
// the body the installed kubectl sends right now (recorded by a proxy) decodes to exactly the
// JSON kubectl prints for the same command with --dry-run=client, and the object the sandbox
// stores from it equals the one it stores from `kubectl create -f` of that JSON.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox } from '../../src/sandbox/start-sandbox.ts';
import { writeKubeconfig } from '../../src/sandbox/kubeconfig.ts';
import { decodeProtobufObject } from '../../src/sandbox/protobuf/protobuf-body.ts';
import { requireKubectl } from '../helpers/kubectl.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import type { TempDir } from '../helpers/temp-dir.ts';
import { fixtureCommands, refusedFixtures, withFlags, writeFixtureInputs } from './fixtures/protobuf/fixture-commands.ts';
import { startRecordingProxy } from './fixtures/protobuf/recording-proxy.ts';
import type { RecordingProxy } from './fixtures/protobuf/recording-proxy.ts';

const run = promisify(execFile);
type Json = Record<string, unknown>;

/** Fields the server sets on every write, which differ between any two objects. */
function withoutServerFields(obj: Json): Json {
  const copy = structuredClone(obj);
  const meta = copy.metadata as Json;
  for (const key of ['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'managedFields']) Reflect.deleteProperty(meta, key);
  const spec = copy.spec as Json | undefined;
  if (spec !== undefined && 'clusterIP' in spec) {
    spec.clusterIP = 'assigned';
    spec.clusterIPs = ['assigned'];
  }
  Reflect.deleteProperty(copy, 'status');
  return copy;
}

describe('kubectl create: the protobuf body equals kubectl\'s own JSON, and stores the same object', function suite() {
  this.timeout(60_000);
  let dir: TempDir;
  let sandbox: Sandbox;
  let proxy: RecordingProxy;
  let binary: string;

  async function kubectl(argv: string[], kubeconfig = 'proxied'): Promise<string> {
    const flags = ['--kubeconfig', dir.join(kubeconfig), '--cache-dir', dir.join(`cache-${kubeconfig}`)];
    return (await run(binary, withFlags(argv, flags), { timeout: 20_000, encoding: 'utf8' })).stdout;
  }

  before(async function start() {
    this.timeout(30_000);
    binary = requireKubectl();
    dir = await makeTempDir('protobuf-parity');
    await writeFixtureInputs(dir);
    sandbox = await startSandbox({ startWorkloads: false, kubeconfigPath: dir.join('direct') });
    proxy = await startRecordingProxy(sandbox.url);
    writeKubeconfig(dir.join('proxied'), proxy.url);
    await kubectl(['create', 'namespace', 'json-path'], 'direct');
  });

  after(async function stop() {
    this.timeout(30_000);
    await proxy.stop();
    await sandbox.stop();
    await dir.remove();
  });

  for (const [name, command] of Object.entries(fixtureCommands)) {
    if (refusedFixtures.includes(name)) continue;
    it(`${name}: the body decodes to kubectl's --dry-run JSON and stores what the JSON path stores`, async () => {
      const argv = command(dir);
      const printed = JSON.parse(await kubectl(withFlags(argv, ['--dry-run=client', '-o', 'json']))) as Json;
      proxy.captured.length = 0;
      await kubectl(argv);
      expect(proxy.captured, 'protobuf requests recorded').to.have.length(1);
      const sent = proxy.captured[0];
      expect(decodeProtobufObject(sent?.body ?? Buffer.alloc(0))).to.deep.equal(printed);

      const namespaced = sent?.line.includes('/namespaces/default/') === true;
      if (!namespaced) return;
      const file = dir.join(`${name}.json`);
      await writeFile(file, JSON.stringify(printed));
      await kubectl(['create', '-f', file, '-n', 'json-path'], 'direct');
      const resource = `${String(printed.kind)}/${String((printed.metadata as Json).name)}`;
      const fromProtobuf = JSON.parse(await kubectl(['get', resource, '-n', 'default', '-o', 'json'], 'direct')) as Json;
      const fromJson = JSON.parse(await kubectl(['get', resource, '-n', 'json-path', '-o', 'json'], 'direct')) as Json;
      expect(withoutServerFields(fromProtobuf)).to.deep.equal(withoutServerFields(fromJson));
    });
  }
});
