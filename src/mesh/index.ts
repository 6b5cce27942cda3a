// The simulated mesh's public surface; other modules import from here.
export { startMesh, type RunningMesh, type MeshOptions } from './mesh-simulator.ts';
export { MeshOptionError } from './mesh-options.ts';
export { MeshAnnotation, type MeshWarning } from './annotation-names.ts';
export { VIRTUAL_SERVICE_API } from './cluster-watch.ts';
export { ISTIO_DURATION_BUCKETS_MS, IstioMetricsRegistry } from './istio-metrics.ts';
export { TrafficSimulator, SimulationDefaults } from './traffic-simulator.ts';
export { buildWorld, type ClusterSnapshot, type MeshWorld } from './world-model.ts';
