import type { Canary, CustomMetadata } from '../../api/canary-types.ts';
import { canaryObjectNames } from './object-names.ts';
import type { DestinationRuleManifest } from './object-shapes.ts';
import { ownedMetadata } from './ownership.ts';

/** The two DestinationRules of a Canary. */
export interface CanaryDestinationRules {
  primary: DestinationRuleManifest;
  canary: DestinationRuleManifest;
}

/** Returns the DestinationRules `<svc>-primary` and `<svc>-canary`, each carrying spec.service.trafficPolicy. */
export function destinationRules(canary: Canary): CanaryDestinationRules {
  const names = canaryObjectNames(canary);
  const policy = canary.spec.service.trafficPolicy;
  const build = (host: string, custom: CustomMetadata | undefined): DestinationRuleManifest => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: ownedMetadata(canary, host, custom),
    spec: policy === undefined ? { host } : { host, trafficPolicy: structuredClone(policy) },
  });
  return {
    primary: build(names.primaryService, canary.spec.service.primary),
    canary: build(names.canaryService, canary.spec.service.canary),
  };
}
