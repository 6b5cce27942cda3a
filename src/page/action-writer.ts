/**
 * Carries out an operator action the only way the controller knows: by setting the
 * action's annotation on the Canary with a JSON merge patch, as `kubectl annotate`
 * does. A second annotation records who asked and when; the field manager shows up in
 * the Canary's history as the actor.
 */
import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { PageAction } from './page-actions.ts';
import { annotationOf } from './page-actions.ts';

/** The annotation recording the last action requested through the page. */
export const LAST_ACTION_ANNOTATION = 'glidepath.dev/last-action';

/** The field manager the page's writes are made as. */
export const PAGE_FIELD_MANAGER = 'glidepath-status-page';

/** One requested action. */
export interface ActionRequest {
  namespace: string;
  name: string;
  action: PageAction;
  /** Who asked (a name given on the page, or `status-page`). */
  actor: string;
  /** When (ISO 8601). */
  at: string;
}

/** Thrown when the Canary does not exist (any more). */
export class CanaryNotFoundError extends Error {
  override readonly name = 'CanaryNotFoundError';
}

/** Thrown when the API server refused or could not be reached. */
export class ActionWriteError extends Error {
  override readonly name = 'ActionWriteError';
}

/** Sets action annotations. */
export interface CanaryActionWriter {
  /** Resolves once the annotation is set; rejects with CanaryNotFoundError or ActionWriteError. */
  write(request: ActionRequest): Promise<void>;
}

/** The merge patch for a request: the action annotation (value `true`, as kubectl sets it) and the record. */
export function actionPatch(request: ActionRequest): { metadata: { annotations: Record<string, string> } } {
  return {
    metadata: {
      annotations: {
        [annotationOf(request.action)]: 'true',
        [LAST_ACTION_ANNOTATION]: `${request.action} by ${request.actor} via status page at ${request.at}`,
      },
    },
  };
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

function describe(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = err.body;
    const message = (typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined);
    return `HTTP ${err.code}: ${typeof message === 'string' ? message : String(body)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Writes through the Kubernetes API with client-node. */
export class ApiActionWriter implements CanaryActionWriter {
  private readonly api: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** Merge-patches the annotations onto the Canary. */
  async write(request: ActionRequest): Promise<void> {
    try {
      await this.api.patchNamespacedCustomObject({
        group: 'glidepath.dev', version: 'v1alpha1', plural: 'canaries',
        namespace: request.namespace, name: request.name, body: actionPatch(request), fieldManager: PAGE_FIELD_MANAGER,
      }, mergePatch);
    } catch (err: unknown) {
      if (err instanceof ApiException && err.code === 404) throw new CanaryNotFoundError(`canary ${request.namespace}/${request.name} not found`);
      throw new ActionWriteError(`could not set ${annotationOf(request.action)} on ${request.namespace}/${request.name}: ${describe(err)}`);
    }
  }
}
