/** The demo's writes and reads against the sandbox, through client-node as any client would. */
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { apiCall } from '../api-call.ts';
import { DEMO, namespaceManifest, podinfoCanary, podinfoDeployment } from './demo-manifests.ts';
import type { DemoTiming, DemoVersion } from './demo-manifests.ts';

const FIELD_MANAGER = 'glidepath-demo';

/** Applies the demo's objects and reads back what runs. */
export class DemoCluster {
  private readonly apps: AppsV1Api;
  private readonly core: CoreV1Api;
  private readonly custom: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig, private readonly server: string) {
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** Creates the namespace, podinfo at `first` and its Canary. */
  async bootstrap(first: DemoVersion, timing: DemoTiming): Promise<void> {
    await apiCall(`creating namespace ${DEMO.namespace}`, this.server, () => this.core.createNamespace({ body: namespaceManifest(), fieldManager: FIELD_MANAGER }));
    await apiCall('creating the podinfo Deployment', this.server, () => this.apps.createNamespacedDeployment({ namespace: DEMO.namespace, body: podinfoDeployment(first), fieldManager: FIELD_MANAGER }));
    await apiCall('creating the podinfo Canary', this.server, () => this.custom.createNamespacedCustomObject({
      group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries', namespace: DEMO.namespace, body: podinfoCanary(timing), fieldManager: FIELD_MANAGER,
    }));
  }

  /** Rolls podinfo to `version`: a merge patch of the pod template, as a CD tool would apply it. */
  async release(version: DemoVersion): Promise<void> {
    const template = (podinfoDeployment(version) as { spec: { template: unknown } }).spec.template;
    await apiCall(`updating podinfo to ${version.version}`, this.server, () => this.apps.patchNamespacedDeployment(
      { namespace: DEMO.namespace, name: DEMO.app, body: { spec: { template } }, fieldManager: FIELD_MANAGER },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ));
  }

  /** The version the primary's pod template runs (`-` before there is a primary). */
  async primaryVersion(): Promise<string> {
    try {
      const primary = await this.apps.readNamespacedDeployment({ namespace: DEMO.namespace, name: `${DEMO.app}-primary` });
      return primary.spec?.template.metadata?.annotations?.[DEMO.versionAnnotation] ?? '-';
    } catch {
      return '-';
    }
  }
}
