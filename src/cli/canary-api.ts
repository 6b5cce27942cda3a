/**
 * The few Canary reads and writes the CLI makes, through client-node with the user's
 * kubeconfig; every failure is a one-line CliError naming the Canary and the server.
 */
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { Canary } from '../api/canary-types.ts';
import { apiCall } from './api-call.ts';
import type { KubeTarget } from './kube-target.ts';

const CANARIES = Object.freeze({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries' });

/** The field manager the CLI's writes carry, so the controller records `glidepath-cli` as the actor. */
export const CLI_FIELD_MANAGER = 'glidepath-cli';

/** Reads and patches Canaries, and lists their Events. */
export class CanaryApi {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(private readonly target: KubeTarget) {
    this.custom = target.kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = target.kubeConfig.makeApiClient(CoreV1Api);
  }

  /** The Canary; a CliError ("canary ns/name: not found", or why the server could not be asked) otherwise. */
  async get(namespace: string, name: string): Promise<Canary> {
    return (await apiCall(`canary ${namespace}/${name}`, this.target.server, () => this.custom.getNamespacedCustomObject({ ...CANARIES, namespace, name }))) as Canary;
  }

  /** Every Canary in `namespace`, or in all namespaces when it is null. */
  async list(namespace: string | null): Promise<Canary[]> {
    const what = namespace === null ? 'listing canaries in all namespaces' : `listing canaries in namespace ${namespace}`;
    const list = await apiCall(what, this.target.server, () => (namespace === null
      ? this.custom.listClusterCustomObject({ ...CANARIES })
      : this.custom.listNamespacedCustomObject({ ...CANARIES, namespace }))) as { items?: Canary[] };
    return list.items ?? [];
  }

  /** Sets annotations with a JSON merge patch (custom resources take no strategic merge patch). */
  async annotate(namespace: string, name: string, annotations: Record<string, string | null>): Promise<Canary> {
    const body = { metadata: { annotations } };
    return (await apiCall(`annotating canary ${namespace}/${name}`, this.target.server, () => this.custom.patchNamespacedCustomObject(
      { ...CANARIES, namespace, name, body, fieldManager: CLI_FIELD_MANAGER },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    ))) as Canary;
  }

  /** The Events whose involved object is this Canary. */
  async events(namespace: string, name: string): Promise<CoreV1Event[]> {
    const list = await apiCall(`listing events in namespace ${namespace}`, this.target.server, () => this.core.listNamespacedEvent({ namespace }));
    return list.items.filter((e) => e.involvedObject.kind === 'Canary' && e.involvedObject.name === name);
  }

  /** The raw API client, for watches. */
  get customObjects(): CustomObjectsApi {
    return this.custom;
  }
}

/** The API path of Canaries in a namespace, or in all of them when it is null (for watches). */
export function canariesPath(namespace: string | null): string {
  const base = `/apis/${CANARIES.group}/${CANARIES.version}`;
  return namespace === null ? `${base}/${CANARIES.plural}` : `${base}/namespaces/${namespace}/${CANARIES.plural}`;
}
