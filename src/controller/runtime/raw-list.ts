import type { KubeConfig, KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { ApiException, HttpMethod, KubernetesObjectApi } from '@kubernetes/client-node';

/**
 * Lists any collection as plain JSON through client-node's own transport (TLS, auth, proxy).
 * Typed list calls turn timestamps into Date objects while watch events carry strings; listing
 * raw keeps one form in the cache and skips a decode/encode pass.
 */
class RawCollectionApi extends KubernetesObjectApi {
  async listRaw(path: string, query: Readonly<Record<string, string>>): Promise<KubernetesListObject<KubernetesObject>> {
    const ctx = this.configuration.baseServer.makeRequestContext(path, HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    for (const [key, value] of Object.entries(query)) ctx.setQueryParam(key, value);
    await this.configuration.authMethods.default?.applySecurityAuthentication(ctx);
    const response = await this.configuration.httpApi.send(ctx).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(response.httpStatusCode, `list ${path} failed with ${response.httpStatusCode}`, parseOrText(text), response.headers);
    }
    return JSON.parse(text) as KubernetesListObject<KubernetesObject>;
  }
}

/** A function that lists one collection (with optional label and field selectors) as plain JSON. */
export type RawLister = (path: string, labelSelector?: string, fieldSelector?: string) => Promise<KubernetesListObject<KubernetesObject>>;

/** Returns a RawLister bound to the cluster in `kc`. */
export function rawLister(kc: KubeConfig): RawLister {
  const api = kc.makeApiClient(RawCollectionApi);
  return (path, labelSelector, fieldSelector) => api.listRaw(path, {
    ...(labelSelector === undefined ? {} : { labelSelector }),
    ...(fieldSelector === undefined ? {} : { fieldSelector }),
  });
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
