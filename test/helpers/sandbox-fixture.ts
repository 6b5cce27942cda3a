/**
 * One sandbox per test file: `useSandbox()` registers mocha `before`/`after`
 * hooks in the enclosing `describe` that start a sandbox (with our CRDs by
 * default), a temp dir and a kubectl runner bound to them, and stop all of it
 * afterwards, also when a test failed.
 *
 * ```ts
 * describe('my feature', () => {
 *   const env = useSandbox({ readyDelayMs: 200 });
 *   it('works', async () => {
 *     await env().kubectl.ok(['apply', '-f', file]);
 *   });
 * });
 * ```
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../src/sandbox/start-sandbox.ts';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/start-sandbox.ts';
import { Kubectl, requireKubectl } from './kubectl.ts';
import { makeTempDir } from './temp-dir.ts';
import type { TempDir } from './temp-dir.ts';

/** The repository root (two levels above this file). */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute paths of the CRD manifest directories: ours and the Istio ones. */
export function crdPaths(): string[] {
  return [join(PROJECT_ROOT, 'manifests', 'crds'), join(PROJECT_ROOT, 'manifests', 'istio')];
}

/** What a test gets from `useSandbox`. */
export interface SandboxFixture {
  sandbox: Sandbox;
  dir: TempDir;
  /** Present unless `withKubectl: false` was given. */
  kubectl: Kubectl;
}

/** Options: everything `startSandbox` takes, plus whether kubectl is needed (default true: fails without it). */
export type FixtureOptions = SandboxOptions & { withKubectl?: boolean };

/** Registers before/after hooks and returns an accessor for the running fixture. */
export function useSandbox(options: FixtureOptions = {}): () => SandboxFixture {
  let fixture: SandboxFixture | undefined;
  let dir: TempDir | undefined;
  let sandbox: Sandbox | undefined;
  let kubectl: Kubectl | undefined;
  before(async function startFixture() {
    this.timeout(30_000);
    const { withKubectl = true, ...sandboxOptions } = options;
    if (withKubectl) requireKubectl();
    dir = await makeTempDir('sandbox-test');
    sandbox = await startSandbox({ crdFiles: crdPaths(), kubeconfigPath: dir.join('kubeconfig'), ...sandboxOptions });
    kubectl = new Kubectl({ kubeconfigPath: sandbox.kubeconfigPath, cacheDir: dir.join('kube-cache'), binary: withKubectl ? requireKubectl() : 'kubectl' });
    fixture = { sandbox, dir, kubectl };
  });
  after(async function stopFixture() {
    this.timeout(30_000);
    await kubectl?.stopAll();
    await sandbox?.stop();
    await dir?.remove();
  });
  return () => {
    if (fixture === undefined) throw new Error('useSandbox: the sandbox is not running (did its before hook fail?)');
    return fixture;
  };
}
