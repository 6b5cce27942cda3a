/**
 * The `sandbox.glidepath.dev/*` annotations the simulated mesh reads.
 * docs/mesh.md is the reference for their meaning and defaults.
 */
export const MeshAnnotation = Object.freeze({
  ErrorRate: 'sandbox.glidepath.dev/error-rate',
  LatencyMs: 'sandbox.glidepath.dev/latency-ms',
  LatencyP99Ms: 'sandbox.glidepath.dev/latency-p99-ms',
  Rps: 'sandbox.glidepath.dev/rps',
  RequestMix: 'sandbox.glidepath.dev/request-mix',
} as const);
export type MeshAnnotation = (typeof MeshAnnotation)[keyof typeof MeshAnnotation];

/** A problem found in a resource that the mesh worked around with a default. */
export interface MeshWarning {
  /** `kind namespace/name` of the offending object. */
  object: string;
  message: string;
}
