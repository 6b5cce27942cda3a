/**
 * Reads AlertProviders with a GET when an alert is due. No informer: alerts come a few per
 * release, a fresh read picks up an edited provider at once, and the controller keeps no watch
 * (nor a start-up dependency) on a CRD most Canaries never use.
 */
import { CustomObjectsApi } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { AlertProvider } from '../../api/alert-provider-types.ts';
import { apiErrorCode } from '../reconciler/cluster-api.ts';
import type { AlertProviderReader } from './provider-resolution.ts';

/** An AlertProviderReader on the API; a 404 (or a cluster without the CRD) reads as undefined. */
export function kubeAlertProviderReader(kc: KubeConfig): AlertProviderReader {
  const api = kc.makeApiClient(CustomObjectsApi);
  return async (namespace, name) => {
    try {
      return (await api.getNamespacedCustomObject({ group: 'glidepath.dev', version: 'v1alpha1', plural: 'alertproviders', namespace, name })) as AlertProvider;
    } catch (err: unknown) {
      if (apiErrorCode(err) === 404) return undefined;
      throw err;
    }
  };
}
