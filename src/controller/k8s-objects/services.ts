import type { Canary, CustomMetadata } from '../../api/canary-types.ts';
import { canaryObjectNames } from './object-names.ts';
import type { Deployment, ServiceManifest, ServicePort } from './object-shapes.ts';
import { ObjectBuildError, ownedMetadata } from './ownership.ts';
import { selectorLabel } from './selector-label.ts';

/** The three ClusterIP Services of a Canary. */
export interface CanaryServices {
  /** `<svc>`: what clients call; selects the primary's pods. */
  apex: ServiceManifest;
  /** `<svc>-primary`: selects the primary's pods. */
  primary: ServiceManifest;
  /** `<svc>-canary`: selects the target's (canary's) pods. */
  canary: ServiceManifest;
}

/** Returns `<svc>`, `<svc>-primary` and `<svc>-canary` with port, portName and targetPort from spec.service. */
export function services(canary: Canary, target: Deployment): CanaryServices {
  const names = canaryObjectNames(canary);
  const label = selectorLabel(target);
  const ports = [servicePort(canary)];
  const service = canary.spec.service;
  const build = (name: string, selectorValue: string, custom: CustomMetadata | undefined, headless: boolean): ServiceManifest => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: ownedMetadata(canary, name, withAppLabel(custom, label.key, name)),
    spec: {
      type: 'ClusterIP',
      ...(headless ? { clusterIP: 'None' as const } : {}),
      selector: { [label.key]: selectorValue },
      ports: structuredClone(ports),
    },
  });
  const headless = service.headless ?? false;
  return {
    apex: build(names.service, label.primaryValue, service.apex, false),
    primary: build(names.primaryService, label.primaryValue, service.primary, headless),
    canary: build(names.canaryService, label.value, service.canary, headless),
  };
}

function servicePort(canary: Canary): ServicePort {
  const { port, portName, targetPort, appProtocol } = canary.spec.service;
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new ObjectBuildError(`spec.service.port must be an integer in 1..65535, got ${String(port)}`);
  }
  const result: ServicePort = { name: portName ?? 'http', port, targetPort: targetPort ?? port, protocol: 'TCP' };
  if (appProtocol !== undefined) result.appProtocol = appProtocol;
  return result;
}

function withAppLabel(custom: CustomMetadata | undefined, key: string, name: string): CustomMetadata {
  // Services carry the selector key with their own name, as Flagger labels them.
  return { ...custom, labels: { [key]: name, ...(custom?.labels ?? {}) } };
}
