import type { Canary } from '../../api/canary-types.ts';

/** The deterministic names of everything Glidepath creates for one Canary. */
export interface CanaryObjectNames {
  /** The user's Deployment, which Glidepath runs as the canary. */
  target: string;
  /** `<target>-primary`. */
  primaryDeployment: string;
  /** `spec.service.name`, defaulting to the target's name: the apex Service and the VirtualService. */
  service: string;
  /** `<service>-primary`: Service and DestinationRule. */
  primaryService: string;
  /** `<service>-canary`: Service and DestinationRule. */
  canaryService: string;
  virtualService: string;
}

/** Returns the names derived from `canary` (Flagger's naming, so a migrated Canary finds its objects). */
export function canaryObjectNames(canary: Canary): CanaryObjectNames {
  const target = canary.spec.targetRef.name;
  const service = canary.spec.service.name ?? target;
  return {
    target,
    primaryDeployment: `${target}-primary`,
    service,
    primaryService: `${service}-primary`,
    canaryService: `${service}-canary`,
    virtualService: service,
  };
}
