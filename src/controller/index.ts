// The controller's public surface.
export { startController, type ControllerOptions, type LeaderElectionOptions, type RunningController } from './controller.ts';
export { CanaryReconciler, type CacheReader, type ReconcilerOptions } from './reconciler/reconcile-canary.ts';
export { CacheSet, CONTROLLER_KINDS, type CacheSetOptions } from './runtime/cache-set.ts';
export { RequestCounter, kubeClusterApi, type ClusterApi } from './reconciler/cluster-api.ts';
export { ActionAnnotation } from './reconciler/operator-actions.ts';
export { ReadyReason } from './reconciler/conditions.ts';
